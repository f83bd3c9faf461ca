#include "cli/jobs.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/fsutil.h"
#include "base/util.h"

/* What a worker sends back for one job, followed by msg_len bytes of
 * messages and data_len bytes of product. */
typedef struct {
	uint64_t index;
	int64_t value;
	uint64_t msg_len, data_len;
	int32_t status, worst;
	uint32_t errors, warnings;
	int32_t reused;
	int32_t spare; /* named, so no padding byte goes down the pipe unset */
} reply_header;

static const uint64_t NO_MORE_JOBS = UINT64_MAX;

/* How many bytes of products this process may hold for cheap jobs done
 * ahead of their turn (while the job before them is still with a worker). */
enum { AHEAD_BYTES = 64 << 20 };

typedef struct {
	pid_t pid;
	int jobs_fd;    /* we write job numbers */
	int replies_fd; /* we read replies */
	int running;    /* has a job or has not been told to stop */
	size_t last;    /* the job it replied for last */
} worker;

/* A finished job waiting for its turn to be replayed. */
typedef struct {
	int arrived;
	buf messages;
	unsigned errors, warnings;
	int worst;
} pending;

int jobs_default_workers(void)
{
	return (int)processors_online(64);
}

/* The sink's turn for a result: its status, or the sink's failure. */
static int deliver(job_sink sink, size_t index, job_result *r, void *ctx)
{
	if (!sink)
		return r->status;
	int took = sink(index, r, ctx);
	return r->status != EXIT_OK ? r->status : took;
}

static void run_here(size_t n, job_fn fn, job_sink sink, void *ctx, job_result *results, int *status)
{
	for (size_t i = 0; i < n && *status == EXIT_OK; i++) {
		fn(i, ctx, &results[i]);
		*status = deliver(sink, i, &results[i], ctx);
	}
}

/* The worker's life: a job number in, a reply out, until told to stop or
 * until the parent is gone. Never returns. */
static void serve(int jobs_fd, int replies_fd, job_fn fn, void *ctx)
{
	for (;;) {
		uint64_t index;
		if (fs_read_all(jobs_fd, &index, sizeof index) != 0 || index == NO_MORE_JOBS)
			_exit(0);
		buf messages;
		buf_init(&messages);
		diag_reset();
		diag_capture(&messages);
		job_result r = { 0 };
		fn((size_t)index, ctx, &r);
		diag_capture(NULL);
		reply_header h = { .index = index, .value = r.value, .msg_len = messages.len, .data_len = r.len,
				   .status = r.status, .reused = r.reused, .worst = diag_exit_status(),
				   .errors = diag_error_count(), .warnings = diag_warning_count() };
		int ok = fs_write_all(replies_fd, &h, sizeof h) == 0 &&
			 fs_write_all(replies_fd, messages.data, messages.len) == 0 &&
			 fs_write_all(replies_fd, r.data, r.len) == 0;
		buf_free(&messages);
		free(r.data);
		if (!ok)
			_exit(1);
	}
}

static int start_worker(worker *w, const worker *others, size_t nothers, job_fn fn, void *ctx)
{
	int jobs[2], replies[2];
	if (pipe(jobs) != 0)
		return -1;
	if (pipe(replies) != 0) {
		close(jobs[0]);
		close(jobs[1]);
		return -1;
	}
	fflush(NULL); /* nothing buffered may be written twice */
	pid_t pid = fork();
	if (pid < 0) {
		close(jobs[0]);
		close(jobs[1]);
		close(replies[0]);
		close(replies[1]);
		return -1;
	}
	if (pid == 0) {
		/* Only its own ends stay open, so that every pipe sees its end. */
		for (size_t k = 0; k < nothers; k++) {
			close(others[k].jobs_fd);
			close(others[k].replies_fd);
		}
		close(jobs[1]);
		close(replies[0]);
		serve(jobs[0], replies[1], fn, ctx);
	}
	close(jobs[0]);
	close(replies[1]);
	*w = (worker){ .pid = pid, .jobs_fd = jobs[1], .replies_fd = replies[0], .running = 1 };
	return 0;
}

/* One run's bookkeeping, as the parent sees it. */
typedef struct {
	size_t n;
	job_fn fn;
	job_sink sink;
	void *ctx;
	job_result *results;
	pending *waiting;
	unsigned char *cheap; /* per job: done here, at its turn */
	size_t next;          /* the first job no worker has been given */
	size_t replayed;      /* how many jobs, in order, have been delivered */
	size_t limit;         /* no job from here on is given or delivered */
	size_t ahead_from;    /* no cheap job before it is left to do ahead */
	size_t held;          /* bytes of products done ahead, not yet delivered */
	int status;
} run_state;

/* Gives w the next job that is not cheap, or tells it to stop. */
static void give_job(worker *w, run_state *s)
{
	while (s->next < s->limit && s->cheap[s->next])
		s->next++;
	uint64_t index = s->next < s->limit ? (uint64_t)s->next++ : NO_MORE_JOBS;
	if (fs_write_all(w->jobs_fd, &index, sizeof index) != 0 || index == NO_MORE_JOBS) {
		close(w->jobs_fd);
		w->jobs_fd = -1;
		if (index == NO_MORE_JOBS)
			w->running = 0;
	}
}

/* Delivers, in job order, every job whose turn has come: a worker's that
 * has arrived, or a cheap one, done here and now. */
static void deliver_ready(run_state *s)
{
	while (s->replayed < s->limit) {
		size_t i = s->replayed;
		if (s->waiting[i].arrived) {
			pending *p = &s->waiting[i];
			diag_replay(p->messages.data, p->messages.len, p->errors, p->warnings, p->worst);
			buf_free(&p->messages);
			if (s->cheap[i])
				s->held -= s->results[i].len;
		} else if (s->cheap[i]) {
			s->fn(i, s->ctx, &s->results[i]);
		} else {
			break;
		}
		int got = deliver(s->sink, i, &s->results[i], s->ctx);
		if (got != EXIT_OK && s->status == EXIT_OK) {
			s->status = got;
			s->limit = i + 1;
		}
		s->replayed++;
	}
}

/* The first cheap job past the one awaited that can be done ahead of its
 * turn, or n: none, or no room to hold more. */
static size_t next_ahead(run_state *s)
{
	if (s->held >= AHEAD_BYTES)
		return s->n;
	if (s->ahead_from < s->replayed)
		s->ahead_from = s->replayed;
	while (s->ahead_from < s->limit && (!s->cheap[s->ahead_from] || s->waiting[s->ahead_from].arrived))
		s->ahead_from++;
	return s->ahead_from < s->limit ? s->ahead_from : s->n;
}

/* Does cheap job i here while the workers work, as a worker would: its
 * messages and counts kept apart until its turn. */
static void do_ahead(run_state *s, size_t i)
{
	pending *p = &s->waiting[i];
	buf_init(&p->messages);
	diag_tally mine = diag_tally_take();
	buf *outer = diag_capture(&p->messages);
	s->fn(i, s->ctx, &s->results[i]);
	diag_capture(outer);
	p->errors = diag_error_count();
	p->warnings = diag_warning_count();
	p->worst = diag_exit_status();
	diag_tally_restore(mine);
	p->arrived = 1;
	s->held += s->results[i].len;
}

/* Reads one reply into results/pending; -1 when the worker is gone. */
static int take_reply(worker *w, size_t n, job_result *results, pending *waiting)
{
	reply_header h;
	if (fs_read_all(w->replies_fd, &h, sizeof h) != 0 || h.index >= n || waiting[h.index].arrived)
		return -1;
	w->last = (size_t)h.index;
	pending *p = &waiting[h.index];
	buf_init(&p->messages);
	buf_reserve(&p->messages, (size_t)h.msg_len + 1);
	unsigned char *data = h.data_len ? xmalloc((size_t)h.data_len) : NULL;
	if (fs_read_all(w->replies_fd, p->messages.data, (size_t)h.msg_len) != 0 ||
	    fs_read_all(w->replies_fd, data, (size_t)h.data_len) != 0) {
		buf_free(&p->messages);
		free(data);
		return -1;
	}
	p->messages.len = (size_t)h.msg_len;
	p->messages.data[p->messages.len] = '\0';
	p->errors = h.errors;
	p->warnings = h.warnings;
	p->worst = h.worst;
	p->arrived = 1;
	results[h.index] = (job_result){ .status = h.status, .data = data, .len = (size_t)h.data_len,
					 .value = (long)h.value, .reused = h.reused };
	return 0;
}

int jobs_run(size_t n, int workers, job_fn fn, job_cheap_fn cheap, job_sink sink, void *ctx, job_result *results)
{
	memset(results, 0, n * sizeof *results);
	run_state s = { .n = n, .fn = fn, .sink = sink, .ctx = ctx, .results = results, .limit = n,
			.status = EXIT_OK, .cheap = xcalloc(n ? n : 1, 1) };
	size_t dear = 0;
	for (size_t i = 0; i < n; i++) {
		s.cheap[i] = cheap && cheap(i, ctx);
		dear += !s.cheap[i];
	}
	/* A single dear job is done here as well: a worker's fork and the
	 * copy-on-write faults it brings to both processes cost more than doing
	 * the cheap jobs beside it saves (a build after a one-exercise edit:
	 * 57.8 -> 50.4 ms). */
	if (workers <= 1 || n <= 1 || dear <= 1) {
		run_here(n, fn, sink, ctx, results, &s.status);
		free(s.cheap);
		return s.status;
	}
	size_t nworkers = (size_t)workers < dear ? (size_t)workers : dear;
	worker *pool = xcalloc(nworkers, sizeof *pool);
	s.waiting = xcalloc(n, sizeof *s.waiting);
	struct sigaction ignore = { .sa_handler = SIG_IGN }, saved;
	sigaction(SIGPIPE, &ignore, &saved);

	size_t started = 0;
	while (started < nworkers && start_worker(&pool[started], pool, started, fn, ctx) == 0)
		started++;
	if (started == 0) {
		diag(DIAG_FATAL, NULL, 0, 0, "cannot start a worker process: %s", strerror(errno));
		s.status = EXIT_SYSTEM;
		s.limit = 0;
	}
	for (size_t k = 0; k < started; k++)
		give_job(&pool[k], &s);
	/* The cheap jobs in front are done while the workers start on theirs. */
	deliver_ready(&s);
	struct pollfd *fds = xcalloc(started ? started : 1, sizeof *fds);
	for (;;) {
		size_t nfds = 0;
		for (size_t k = 0; k < started; k++)
			if (pool[k].running)
				fds[nfds++] = (struct pollfd){ .fd = pool[k].replies_fd, .events = POLLIN };
		if (nfds == 0)
			break;
		/* With a cheap job to do ahead, only a look; else a wait. */
		size_t ahead = next_ahead(&s);
		int ready = poll(fds, nfds, ahead < n ? 0 : -1);
		if (ready < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (ready == 0) {
			do_ahead(&s, ahead);
			continue;
		}
		for (size_t k = 0, f = 0; k < started; k++) {
			if (!pool[k].running)
				continue;
			short got = fds[f++].revents;
			if (!got)
				continue;
			if (take_reply(&pool[k], n, results, s.waiting) != 0) {
				/* Its jobs are lost: the run cannot be trusted. */
				diag(DIAG_FATAL, NULL, 0, 0, "a worker process ended before finishing its job");
				s.status = EXIT_SYSTEM;
				s.limit = s.next;
				pool[k].running = 0;
				if (pool[k].jobs_fd >= 0)
					close(pool[k].jobs_fd);
				pool[k].jobs_fd = -1;
				continue;
			}
			/* The worker's next job first, unless this one failed: the sink
			 * may take a while, and the worker should not wait for it. */
			int handed = 0;
			if (results[pool[k].last].status == EXIT_OK) {
				give_job(&pool[k], &s);
				handed = 1;
			}
			deliver_ready(&s);
			if (!handed)
				give_job(&pool[k], &s);
		}
	}
	/* The cheap jobs after the last a worker did. */
	deliver_ready(&s);
	for (size_t k = 0; k < started; k++) {
		if (pool[k].jobs_fd >= 0)
			close(pool[k].jobs_fd);
		close(pool[k].replies_fd);
		int ws;
		while (waitpid(pool[k].pid, &ws, 0) < 0 && errno == EINTR)
			;
	}
	sigaction(SIGPIPE, &saved, NULL);
	if (s.status == EXIT_OK && s.replayed < n) {
		diag(DIAG_FATAL, NULL, 0, 0, "worker processes finished %zu of %zu jobs", s.replayed, n);
		s.status = EXIT_SYSTEM;
	}
	/* Later results than the run's stop are not the run's. */
	size_t keep = s.status == EXIT_OK ? n : s.replayed;
	for (size_t i = 0; i < n; i++) {
		if (s.waiting[i].arrived && i >= s.replayed)
			buf_free(&s.waiting[i].messages);
		if (i >= keep) {
			free(results[i].data);
			results[i] = (job_result){ 0 };
		}
	}
	free(fds);
	free(s.waiting);
	free(s.cheap);
	free(pool);
	return s.status;
}
