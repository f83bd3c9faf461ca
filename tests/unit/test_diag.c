/* Tests for src/base/diag.c's records: every level is kept whatever the
 * verbosity, and shown later as the verbosity of that time allows; counts
 * travel apart from the text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"

/* One message of each kind, recorded at the quietest verbosity. */
static void record(buf *rec)
{
	diag_reset();
	diag_set_verbosity(-1);
	buf *before = diag_record(rec);
	diag(DIAG_NOTE, "a.md", 1, 0, "en notis");
	diag(DIAG_WARNING, "a.md", 2, 3, "en varning");
	diag(DIAG_ERROR, "b.md", 4, 0, "ett fel");
	diag_capture(before);
}

/* What a replay of the record shows at verbosity v. */
static char *shown_at(const buf *rec, int v)
{
	buf out;
	buf_init(&out);
	diag_set_verbosity(v);
	buf *before = diag_capture(&out);
	diag_replay_recorded(rec->data, rec->len, 0, 0, EXIT_OK);
	diag_capture(before);
	diag_set_verbosity(0);
	return buf_detach(&out, NULL);
}

static void test_record_keeps_every_level(void **state)
{
	(void)state;
	buf rec;
	buf_init(&rec);
	record(&rec);
	/* Counted when reported, whatever was shown. */
	assert_int_equal(diag_warning_count(), 1);
	assert_int_equal(diag_error_count(), 1);
	char *quiet = shown_at(&rec, -1), *plain = shown_at(&rec, 0), *verbose = shown_at(&rec, 1);
	assert_string_equal(quiet, "b.md:4: error: ett fel\n");
	assert_string_equal(plain, "a.md:2:3: warning: en varning\nb.md:4: error: ett fel\n");
	assert_string_equal(verbose,
			    "a.md:1: note: en notis\na.md:2:3: warning: en varning\nb.md:4: error: ett fel\n");
	free(quiet);
	free(plain);
	free(verbose);
	buf_free(&rec);
	diag_reset();
}

static void test_replay_counts_what_it_is_told(void **state)
{
	(void)state;
	buf rec;
	buf_init(&rec);
	record(&rec);
	diag_reset();
	buf out;
	buf_init(&out);
	buf *before = diag_capture(&out);
	diag_replay_recorded(rec.data, rec.len, 2, 5, EXIT_INPUT);
	diag_capture(before);
	assert_int_equal(diag_error_count(), 2);
	assert_int_equal(diag_warning_count(), 5);
	assert_int_equal(diag_exit_status(), EXIT_INPUT);
	/* A record replayed into a recording stays a record. */
	buf again;
	buf_init(&again);
	before = diag_record(&again);
	diag_replay_recorded(rec.data, rec.len, 0, 0, EXIT_OK);
	diag_capture(before);
	assert_int_equal(again.len, rec.len);
	assert_memory_equal(again.data, rec.data, rec.len);
	buf_free(&again);
	buf_free(&out);
	buf_free(&rec);
	diag_reset();
}

/* A tally set aside starts the counts afresh and comes back whole. */
static void test_tally_set_aside(void **state)
{
	(void)state;
	buf out;
	buf_init(&out);
	buf *before = diag_capture(&out);
	diag_reset();
	diag(DIAG_ERROR, "a", 1, 1, "one");
	diag(DIAG_WARNING, "a", 2, 1, "two");
	diag_tally saved = diag_tally_take();
	assert_int_equal(diag_error_count(), 0);
	assert_int_equal(diag_exit_status(), EXIT_OK);
	diag(DIAG_WARNING, "b", 1, 1, "three");
	diag(DIAG_FATAL, "b", 2, 1, "four");
	assert_int_equal(diag_warning_count(), 1);
	assert_int_equal(diag_exit_status(), EXIT_SYSTEM);
	diag_tally_restore(saved);
	assert_int_equal(diag_error_count(), 1);
	assert_int_equal(diag_warning_count(), 1);
	assert_int_equal(diag_exit_status(), EXIT_INPUT);
	diag_capture(before);
	buf_free(&out);
	diag_reset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_keeps_every_level),
		cmocka_unit_test(test_replay_counts_what_it_is_told),
		cmocka_unit_test(test_tally_set_aside),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
