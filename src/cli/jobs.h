/* jobs: independent pieces of one run, done by worker processes.
 *
 * jobs_run runs jobs 0..n-1 with a function of the caller's, in up to
 * `workers` processes forked from this one (each sees this process's memory
 * as it was at the fork), and hands back their results in job order. Each
 * job's messages are captured in its worker and replayed here, job after
 * job, with their counts added to this process's (diag.h): the output is
 * as if the jobs had run one after another here. Like such a run it stops
 * at the first job that fails: that job's messages are the last replayed,
 * later results are dropped. With workers <= 1 the jobs run here, in order,
 * and nothing is forked.
 *
 * Workers are handed the next job as they finish one, so a long document
 * does not hold back the others; the results do not depend on who did what.
 * A job the caller calls cheap (one whose result a cache holds, say) is
 * done in this process instead, at its turn or, while this process waits
 * for a worker, ahead of it (its messages kept for its turn; at most 64 MiB
 * of such products held at once): a run whose jobs are all cheap, or all
 * but one, forks nothing, and one with a few dear jobs forks no more
 * workers than it has dear jobs.
 */
#ifndef HEJAPACK_JOBS_H
#define HEJAPACK_JOBS_H

#include <stddef.h>

typedef struct {
	int status;          /* EXIT_OK or another exit status (diag.h) */
	unsigned char *data; /* the job's product, malloc'd; the caller frees */
	size_t len;
	long value;          /* one number more (a page count, say) */
	int reused;          /* the product was not made anew but found (a cache) */
} job_result;

/* Does job `index`: fills *out (data NULL, status EXIT_OK and value 0 on
 * entry) and reports through diag(). */
typedef void (*job_fn)(size_t index, void *ctx, job_result *out);

/* Whether job `index` is cheap enough to do in this process, at its turn
 * in job order, rather than hand to a worker; asked once per job before
 * any is done. */
typedef int (*job_cheap_fn)(size_t index, void *ctx);

/* The number of processors online, at least 1: the default for -j. */
int jobs_default_workers(void);

/* Gets a result as soon as it is the next in job order, right after its
 * messages are replayed, in this process: it may take r->data (leaving
 * NULL), so a run of many jobs need not hold every product at once.
 * Returns EXIT_OK, or a status that stops the run as a failed job does. */
typedef int (*job_sink)(size_t index, job_result *r, void *ctx);

/* Fills results[0..n-1] (the caller frees each data the sink, if any, did
 * not take); fn, cheap and sink (NULL: none) share ctx. Returns EXIT_OK, or the
 * status of the first job that failed (results from it on are empty), or
 * EXIT_SYSTEM after reporting when a worker could not be started or died. */
int jobs_run(size_t n, int workers, job_fn fn, job_cheap_fn cheap, job_sink sink, void *ctx, job_result *results);

#endif
