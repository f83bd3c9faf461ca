/* diag: the one path for messages about the input and the run.
 *
 * Messages look like `FILE:LINE:COL: error: text` (line and column omitted
 * when unknown, 0). The process exit status is the worst level seen.
 */
#ifndef HEJAPACK_DIAG_H
#define HEJAPACK_DIAG_H

#include "base/util.h"

/* Exit statuses, documented in README.md and docs/hejapack.1. */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1,  /* the material has errors */
	EXIT_USAGE = 2,  /* bad command line */
	EXIT_SYSTEM = 3, /* I/O or other system failure */
};

typedef enum { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR, DIAG_FATAL } diag_level;

/* -q hides notes and warnings; -v shows notes. Default shows warnings. */
void diag_set_verbosity(int verbosity); /* -1 quiet, 0 normal, 1 verbose */
int diag_verbosity(void);

/* Report against a place in a file; file may be NULL, line/col 0 if unknown.
 * DIAG_ERROR marks the input as bad (exit 1); DIAG_FATAL a system failure. */
void diag(diag_level level, const char *file, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Messages another process of this run captured (the workers of
 * cli/jobs.h): written or captured as ours are, and counted as if they had
 * been reported here. */
void diag_replay(const char *text, size_t len, unsigned errors, unsigned warnings, int status);

/* Counts since start (or the last diag_reset). */
unsigned diag_error_count(void);
unsigned diag_warning_count(void);
/* The exit status the messages so far call for. */
int diag_exit_status(void);
void diag_reset(void);

/* The counts and status so far, set aside while one piece of work is
 * counted on its own (a job done ahead of its turn, cli/jobs.h) and put
 * back after it. */
typedef struct {
	unsigned errors, warnings;
	int worst;
} diag_tally;
/* Returns the counts and status so far and starts them afresh. */
diag_tally diag_tally_take(void);
void diag_tally_restore(diag_tally t);

/* Capture messages into memory instead of stderr (for unit tests and
 * worker processes); pass NULL to restore stderr. Returns the buffer that
 * captured them before, so captures nest. */
buf *diag_capture(buf *b);

/* Capture every message into b, whatever the verbosity, each line led by a
 * digit, its level: a record that diag_replay_recorded shows later as the
 * verbosity of that time allows (the build cache keeps a job's messages so,
 * and a -v build can reuse a quiet one's). Returns the capture before;
 * restore it with diag_capture (which ends recording). */
buf *diag_record(buf *b);
/* Shows the lines of a record that the current verbosity allows (into a
 * capture when there is one; into a recording, every line, recorded
 * again), and counts as diag_replay does. */
void diag_replay_recorded(const char *text, size_t len, unsigned errors, unsigned warnings, int status);

#endif
