/* Tests for src/cli/jobs.c's sink: each result reaches it in job order, in
 * the calling process, whatever the number of workers; what it takes is
 * not handed back; a failing job or a failing sink stops the run there.
 * Cheap jobs are done in the calling process, the others by workers, and
 * a run of cheap jobs only forks nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/jobs.h"
#include "testutil.h"

enum { NJOBS = 40 };

typedef struct {
	pid_t parent;
	size_t fail_job;  /* a job that fails, or NJOBS for none */
	size_t sink_fails; /* the sink refuses this job's result, or NJOBS */
	size_t cheap_every; /* jobs whose index it divides are cheap; 0: none */
	size_t only_dear;  /* the one job that is not cheap, or NJOBS (then cheap_every says) */
	int workers;
	size_t asked;      /* how many times cheap() was asked */
	size_t seen[NJOBS];
	size_t nseen;
	int wrong_process;
} run_ctx;

static int is_cheap(const run_ctx *c, size_t index)
{
	if (c->only_dear < NJOBS)
		return index != c->only_dear;
	return c->cheap_every && index % c->cheap_every == 0;
}

static int cheap(size_t index, void *ctx)
{
	run_ctx *c = ctx;
	c->asked++;
	return is_cheap(c, index);
}

static void job(size_t index, void *ctx, job_result *out)
{
	const run_ctx *c = ctx;
	int all_cheap = c->cheap_every == 1;
	/* A single dear job is done here too: a worker would cost more. */
	int one_dear = c->only_dear < NJOBS;
	int want_here = c->workers <= 1 || all_cheap || one_dear || is_cheap(c, index);
	if (index == c->fail_job) {
		diag(DIAG_ERROR, "job", (int)index, 0, "this one fails");
		out->status = EXIT_INPUT;
		return;
	}
	diag(DIAG_WARNING, "job", (unsigned)index + 1, 0, "done");
	/* Uneven work, so that workers finish out of order. */
	if (index % 7 == 0)
		usleep(3000);
	out->data = (unsigned char *)xasprintf("product %zu", index);
	out->len = strlen((char *)out->data);
	/* Done where it should be, or the sink sees a wrong value. */
	out->value = want_here == (getpid() == c->parent) ? (long)index * 10 : -1;
}

static int sink(size_t index, job_result *r, void *ctx)
{
	run_ctx *c = ctx;
	if (getpid() != c->parent)
		c->wrong_process = 1;
	c->seen[c->nseen++] = index;
	if (r->status != EXIT_OK)
		return EXIT_OK;
	char want[32];
	snprintf(want, sizeof want, "product %zu", index);
	if (r->len != strlen(want) || memcmp(r->data, want, r->len) != 0 || r->value != (long)index * 10)
		c->wrong_process = 2;
	/* Taken: the run must not hand it back. */
	free(r->data);
	r->data = NULL;
	return index == c->sink_fails ? EXIT_SYSTEM : EXIT_OK;
}

static void run_mixed(int workers, size_t cheap_every, size_t only_dear, size_t fail_job, size_t sink_fails,
		      int want_status, size_t want_seen)
{
	run_ctx c = { .parent = getpid(), .fail_job = fail_job, .sink_fails = sink_fails,
		      .cheap_every = cheap_every, .only_dear = only_dear, .workers = workers };
	int asks = cheap_every || only_dear < NJOBS;
	job_result results[NJOBS];
	buf_clear(&messages);
	diag_reset();
	int status = jobs_run(NJOBS, workers, job, asks ? cheap : NULL, sink, &c, results);
	/* Each job's message once, in job order, counted once, whoever did it
	 * and whenever (a cheap job may be done ahead of its turn). */
	const char *at = messages.data;
	for (size_t i = 0; i < want_seen; i++) {
		if (i == fail_job)
			continue; /* it fails before its message */
		char want[40];
		snprintf(want, sizeof want, "job:%zu: warning: done", i + 1);
		const char *found = strstr(at, want);
		assert_non_null(found);
		at = found + strlen(want);
	}
	assert_int_equal(diag_warning_count(), want_seen - (fail_job < NJOBS ? 1 : 0));
	assert_int_equal(status, want_status);
	assert_int_equal(c.asked, asks ? NJOBS : 0);
	assert_int_equal(c.wrong_process, 0);
	assert_int_equal(c.nseen, want_seen);
	for (size_t i = 0; i < c.nseen; i++)
		assert_int_equal(c.seen[i], i);
	for (size_t i = 0; i < NJOBS; i++) {
		assert_null(results[i].data); /* taken by the sink, or dropped after the stop */
		free(results[i].data);
	}
}

static void run_cheap(int workers, size_t cheap_every, size_t fail_job, size_t sink_fails, int want_status,
		      size_t want_seen)
{
	run_mixed(workers, cheap_every, NJOBS, fail_job, sink_fails, want_status, want_seen);
}

static void run(int workers, size_t fail_job, size_t sink_fails, int want_status, size_t want_seen)
{
	run_cheap(workers, 0, fail_job, sink_fails, want_status, want_seen);
}

static void test_in_order_one_process(void **state)
{
	(void)state;
	run(1, NJOBS, NJOBS, EXIT_OK, NJOBS);
}

static void test_in_order_with_workers(void **state)
{
	(void)state;
	run(3, NJOBS, NJOBS, EXIT_OK, NJOBS);
}

static void test_failing_job_stops_the_run(void **state)
{
	(void)state;
	run(1, 12, NJOBS, EXIT_INPUT, 13);
	run(3, 12, NJOBS, EXIT_INPUT, 13);
	assert_non_null(strstr(messages.data, "this one fails"));
}

static void test_failing_sink_stops_the_run(void **state)
{
	(void)state;
	run(1, NJOBS, 5, EXIT_SYSTEM, 6);
	run(3, NJOBS, 5, EXIT_SYSTEM, 6);
}

static void test_cheap_jobs_done_here(void **state)
{
	(void)state;
	run_cheap(3, 3, NJOBS, NJOBS, EXIT_OK, NJOBS);  /* every third here, in order with the others */
	run_cheap(3, 1, NJOBS, NJOBS, EXIT_OK, NJOBS);  /* all here: no worker */
	run_cheap(3, 13, NJOBS, NJOBS, EXIT_OK, NJOBS); /* 36 dear jobs, 3 workers */
	run_cheap(1, 3, NJOBS, NJOBS, EXIT_OK, NJOBS);
	run_cheap(3, 2, 12, NJOBS, EXIT_INPUT, 13);     /* a cheap job fails: the run stops there */
	run_cheap(3, 2, 13, NJOBS, EXIT_INPUT, 14);     /* a dear one */
	run_cheap(3, 2, NJOBS, 6, EXIT_SYSTEM, 7);
	/* One dear job among cheap ones (a build after a one-file edit): all
	 * here, nothing forked, the same results and messages. */
	run_mixed(3, 0, 17, NJOBS, NJOBS, EXIT_OK, NJOBS);
	run_mixed(3, 0, 17, 17, NJOBS, EXIT_INPUT, 18);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_in_order_one_process),
		TEST(test_in_order_with_workers),
		TEST(test_failing_job_stops_the_run),
		TEST(test_failing_sink_stops_the_run),
		TEST(test_cheap_jobs_done_here),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
