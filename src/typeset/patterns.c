#include "typeset/patterns.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

static int is_utf8_name(const char *charset)
{
	return strcasecmp(charset, "UTF-8") == 0 || strcasecmp(charset, "UTF8") == 0;
}

static iconv_t open_converter(const char *charset)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	/* Some pattern files (hyphen-ru) say "microsoft-cp1251". */
	if (cd == (iconv_t)-1 && strncasecmp(charset, "microsoft-", 10) == 0)
		cd = iconv_open("UTF-8", charset + 10);
	return cd;
}

int patterns_charset_supported(const char *charset)
{
	if (is_utf8_name(charset))
		return 1;
	iconv_t cd = open_converter(charset);
	if (cd == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

/* Appends text (len bytes, in charset) to out as UTF-8. */
static int convert_to_utf8(const char *charset, const char *text, size_t len, buf *out)
{
	iconv_t cd = open_converter(charset);
	if (cd == (iconv_t)-1)
		return -1;
	char *in = (char *)text;
	size_t in_left = len;
	char chunk[4096];
	int status = 0;
	while (in_left > 0) {
		char *o = chunk;
		size_t o_left = sizeof chunk;
		size_t r = iconv(cd, &in, &in_left, &o, &o_left);
		buf_append(out, chunk, sizeof chunk - o_left);
		if (r == (size_t)-1 && errno != E2BIG) {
			status = -1;
			break;
		}
	}
	iconv_close(cd);
	return status;
}

HyphenDict *patterns_parse(const char *path, const char *raw, size_t len, char **err)
{
	*err = NULL;
	/* First line: the charset. libhyphen only recognises exactly "UTF-8". */
	size_t line_end = 0;
	while (line_end < len && raw[line_end] != '\n')
		line_end++;
	size_t charset_end = line_end;
	while (charset_end > 0 && isspace((unsigned char)raw[charset_end - 1]))
		charset_end--;
	char *charset = xstrndup(raw, charset_end);
	const char *rest = raw + (line_end < len ? line_end + 1 : len);
	size_t rest_len = (size_t)(raw + len - rest);

	buf text;
	buf_init(&text);
	buf_puts(&text, "UTF-8\n");
	if (charset[0] == '\0' || rest_len == 0) {
		*err = xasprintf("%s is not a hyphenation pattern file (no charset line or no patterns)", path);
	} else if (is_utf8_name(charset)) {
		buf_append(&text, rest, rest_len);
	} else if (convert_to_utf8(charset, rest, rest_len, &text) != 0) {
		*err = xasprintf("cannot convert hyphenation patterns %s from charset %s", path, charset);
	}
	free(charset);
	if (*err) {
		buf_free(&text);
		return NULL;
	}

	HyphenDict *dict = NULL;
	FILE *mem = fmemopen(text.data, text.len, "r");
	if (mem) {
		dict = hnj_hyphen_load_file(mem);
		fclose(mem);
	}
	buf_free(&text);
	if (!dict)
		*err = xasprintf("cannot load hyphenation patterns %s", path);
	return dict;
}

uint64_t patterns_fingerprint(const char *raw, size_t len)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)raw[i];
		h *= 0x100000001b3u;
	}
	return h;
}
