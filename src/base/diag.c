#include "base/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int verbosity;
static unsigned errors, warnings;
static int worst = EXIT_OK;
static buf *capture;
static int recording; /* capture keeps every message, each line led by its level (diag_record) */

static int shown(diag_level level)
{
	return !((level == DIAG_NOTE && verbosity < 1) || (level == DIAG_WARNING && verbosity < 0));
}

static const char *const level_names[] = {
	[DIAG_NOTE] = "note",
	[DIAG_WARNING] = "warning",
	[DIAG_ERROR] = "error",
	[DIAG_FATAL] = "error",
};

void diag_set_verbosity(int v)
{
	verbosity = v;
}

int diag_verbosity(void)
{
	return verbosity;
}

static void raise_status(int status)
{
	/* A system failure outranks bad input: the run could not even judge it. */
	if (status == EXIT_SYSTEM || (status == EXIT_INPUT && worst == EXIT_OK))
		worst = status;
}

/* One message is one line: a newline (or any control character) in a file
 * name or a quoted value is shown escaped, so that it cannot forge a line. */
static void escape_controls(buf *msg)
{
	size_t i = 0;
	while (i < msg->len && (unsigned char)msg->data[i] >= 0x20 && msg->data[i] != 0x7F)
		i++;
	if (i == msg->len)
		return;
	buf out;
	buf_init(&out);
	for (i = 0; i < msg->len; i++) {
		unsigned char c = (unsigned char)msg->data[i];
		if (c == '\n')
			buf_puts(&out, "\\n");
		else if (c == '\t')
			buf_puts(&out, "\\t");
		else if (c == '\r')
			buf_puts(&out, "\\r");
		else if (c < 0x20 || c == 0x7F)
			buf_printf(&out, "\\x%02X", c);
		else
			buf_putc(&out, (char)c);
	}
	buf_free(msg);
	*msg = out;
}

void diag(diag_level level, const char *file, unsigned line, unsigned col, const char *fmt, ...)
{
	if (level == DIAG_ERROR) {
		errors++;
		raise_status(EXIT_INPUT);
	} else if (level == DIAG_FATAL) {
		errors++;
		raise_status(EXIT_SYSTEM);
	} else if (level == DIAG_WARNING) {
		warnings++;
	}
	if (!(recording && capture) && !shown(level))
		return;

	buf msg;
	buf_init(&msg);
	if (recording && capture)
		buf_putc(&msg, (char)('0' + level));
	if (file) {
		buf_puts(&msg, file);
		if (line) {
			buf_printf(&msg, ":%u", line);
			if (col)
				buf_printf(&msg, ":%u", col);
		}
		buf_puts(&msg, ": ");
	} else {
		buf_puts(&msg, "hejapack: ");
	}
	buf_printf(&msg, "%s: ", level_names[level]);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	escape_controls(&msg);
	buf_putc(&msg, '\n');
	if (capture)
		buf_append(capture, msg.data, msg.len);
	else
		fputs(msg.data, stderr);
	buf_free(&msg);
}

void diag_replay(const char *text, size_t len, unsigned nerrors, unsigned nwarnings, int status)
{
	errors += nerrors;
	warnings += nwarnings;
	raise_status(status);
	if (!len)
		return;
	if (capture)
		buf_append(capture, text, len);
	else
		fwrite(text, 1, len, stderr);
}

void diag_replay_recorded(const char *text, size_t len, unsigned nerrors, unsigned nwarnings, int status)
{
	errors += nerrors;
	warnings += nwarnings;
	raise_status(status);
	int whole = capture && recording; /* recorded again, every line */
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) + 1 : len;
		int level = text[i] - '0';
		if (level >= DIAG_NOTE && level <= DIAG_FATAL && (whole || shown((diag_level)level)) && end > i + 1) {
			if (whole)
				buf_append(capture, text + i, end - i);
			else if (capture)
				buf_append(capture, text + i + 1, end - i - 1);
			else
				fwrite(text + i + 1, 1, end - i - 1, stderr);
		}
		i = end;
	}
}

unsigned diag_error_count(void)
{
	return errors;
}

unsigned diag_warning_count(void)
{
	return warnings;
}

int diag_exit_status(void)
{
	return worst;
}

void diag_reset(void)
{
	errors = warnings = 0;
	worst = EXIT_OK;
}

diag_tally diag_tally_take(void)
{
	diag_tally t = { errors, warnings, worst };
	diag_reset();
	return t;
}

void diag_tally_restore(diag_tally t)
{
	errors = t.errors;
	warnings = t.warnings;
	worst = t.worst;
}

buf *diag_capture(buf *b)
{
	buf *before = capture;
	capture = b;
	recording = 0;
	return before;
}

buf *diag_record(buf *b)
{
	buf *before = diag_capture(b);
	recording = b != NULL;
	return before;
}
