#include "testutil.h"

#include "../../core/db.h"
#include "../../ingest/loader.h"

static int
setup(void **state)
{
	sqlite3 *db;
	sv_err e;

	assert_int_equal(db_open(":memory:", 1, &db, &e), SV_OK);
	*state = db;
	return 0;
}

static int
teardown(void **state)
{
	db_close(*state);
	return 0;
}

static incident
row(const char *ref, const char *phenomenon)
{
	incident inc;

	memset(&inc, 0, sizeof inc);
	inc.zone = 5341;
	inc.commune = 21001;
	inc.date_fact = inc.date_registered = 20240115;
	inc.time_fact = inc.attempt = inc.victim_sex = inc.author_sex = -1;
	inc.text[F_REF] = ref;
	inc.text[F_PHENOMENON] = phenomenon;
	return inc;
}

static enum put_result
put(loader *l, const char *ref, const char *ph, long line, long *first)
{
	incident inc = row(ref, ph);
	enum put_result res;
	sv_err e;

	assert_int_equal(loader_put(l, &inc, line, &res, first, &e), SV_OK);
	return res;
}

/* The ledger of a delivery of zone 5341 (version 1 of January 2024
 * unless commit_as says otherwise), its counts; what it withdrew. */
static long
commit_as(loader *l, int month, int version, long read, long loaded,
    long revised, long unchanged, long dups, long q)
{
	ledger_month m = { 202401, loaded + revised + unchanged };
	ledger lg = { .zone = 5341, .month = month, .version = version,
	    .named = 1, .stem = "x", .encoding = "utf-8", .delimiter = ";",
	    .lang = "fr", .unknown = "", .read = read, .loaded = loaded,
	    .revised = revised, .unchanged = unchanged, .duplicates = dups,
	    .quarantined = q, .period_from = 20240115, .period_to = 20240115,
	    .months = &m, .nmonths = 1 };
	long withdrawn;
	sv_err e;

	assert_int_equal(loader_commit(l, &lg, &withdrawn, &e), SV_OK);
	return withdrawn;
}

static void
commit(loader *l, long read, long loaded, long revised, long dups, long q)
{
	static int month = 202401;

	/* each a month of its own: later files come later */
	commit_as(l, month++, 1, read, loaded, revised, 0, dups, q);
}

static void
new_rows_load_and_the_same_row_again_is_a_duplicate(void **state)
{
	sqlite3 *db = *state;
	loader *l;
	int already;
	long first;
	sv_err e;

	assert_int_equal(loader_begin(db, "aa", "a.csv", "fr", 0, &l, &already, &e), SV_OK);
	/* SQLite checks no foreign key while a file loads, and again after */
	assert_int_equal(tu_scalar(db, "PRAGMA foreign_keys"), 0);
	assert_int_equal(put(l, "1", "vol", 2, &first), PUT_LOADED);
	assert_int_equal(put(l, "2", "vol", 3, &first), PUT_LOADED);
	assert_int_equal(put(l, "1", "vol", 4, &first), PUT_DUPLICATE);
	assert_int_equal(put(l, "2", "coups", 5, &first), PUT_CONFLICT);
	assert_int_equal(first, 3);
	commit(l, 4, 2, 0, 1, 1);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM incident"), 2);
	assert_int_equal(tu_scalar(db, "SELECT period_from FROM extract"), 20240115);
	assert_int_equal(tu_scalar(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM "
	    "pragma_foreign_key_check"), 0);
}

static void
a_later_file_revises_and_the_same_file_is_known(void **state)
{
	sqlite3 *db = *state;
	loader *l;
	int already;
	long first;
	sv_err e;

	assert_int_equal(loader_begin(db, "aa", "a.csv", "fr", 0, &l, &already, &e), SV_OK);
	put(l, "1", "vol", 2, &first);
	commit(l, 1, 1, 0, 0, 0);
	assert_int_equal(loader_begin(db, "aa", "copy.csv", "fr", 0, &l, &already, &e), SV_OK);
	assert_true(already);
	assert_null(l);
	assert_int_equal(tu_scalar(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(loader_begin(db, "bb", "a-v2.csv", "fr", 0, &l, &already, &e), SV_OK);
	assert_int_equal(put(l, "1", "vol qualifié", 7, &first), PUT_REVISED);
	commit(l, 1, 0, 1, 0, 0);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM incident"), 1);
	assert_int_equal(tu_scalar(db, "SELECT line FROM incident"), 7);
	/* the first version is kept */
	assert_int_equal(tu_scalar(db, "SELECT line FROM incident_past"), 2);
}

/* A label keeps the languages of the headers of the files that typed it
 * (a header in neither French nor Dutch says nothing), whatever their
 * order. */
static void
a_label_has_the_language_of_its_files(void **state)
{
	sqlite3 *db = *state;
	loader *l;
	int already;
	long first;
	sv_err e;

	assert_int_equal(loader_begin(db, "aa", "a.csv", "nl", 0, &l, &already,
	    &e), SV_OK);
	put(l, "1", "Overige feiten", 2, &first);
	put(l, "2", "Vandalisme", 3, &first);
	commit(l, 2, 2, 0, 0, 0);
	assert_int_equal(loader_begin(db, "bb", "b.csv", "fr", 0, &l, &already,
	    &e), SV_OK);
	put(l, "3", "Vandalisme", 2, &first);
	put(l, "4", "Autre fait", 3, &first);
	commit(l, 2, 2, 0, 0, 0);
	assert_int_equal(loader_begin(db, "cc", "c.csv", "en", 0, &l, &already,
	    &e), SV_OK);
	put(l, "5", "Other", 2, &first);
	put(l, "6", "Autre fait", 3, &first);
	commit(l, 2, 2, 0, 0, 0);
	assert_int_equal(loader_begin(db, "dd", "d.csv", "fr", 0, &l, &already,
	    &e), SV_OK);
	put(l, "7", "Other", 2, &first);
	put(l, "8", "Vandalisme", 3, &first);
	commit(l, 2, 2, 0, 0, 0);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM label WHERE "
	    "(text, lang) IN (VALUES ('Overige feiten', 'nl'), ('Vandalisme', "
	    "'fr nl'), ('Autre fait', 'fr'), ('Other', 'fr'))"), 4);
}

static void
an_aborted_file_leaves_nothing(void **state)
{
	sqlite3 *db = *state;
	loader *l;
	int already;
	long first;
	sv_err e;

	assert_int_equal(loader_begin(db, "aa", "a.csv", "fr", 0, &l, &already, &e), SV_OK);
	put(l, "1", "vol", 2, &first);
	assert_int_equal(loader_quarantine(l, 3, "commune", "unknown_commune",
	    "commune 'x'", "raw", &e), SV_OK);
	loader_abort(l);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM incident"), 0);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM quarantine"), 0);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM extract"), 0);
	assert_int_equal(tu_scalar(db, "PRAGMA foreign_keys"), 1);
}

static void
unload_says_what_the_row_had_counted(void **state)
{
	sqlite3 *db = *state;
	enum put_result was;
	loader *l;
	int already;
	long first;
	sv_err e;

	assert_int_equal(loader_begin(db, "aa", "a.csv", "fr", 0, &l, &already, &e), SV_OK);
	put(l, "1", "vol", 2, &first);
	put(l, "2", "vol", 3, &first);
	assert_int_equal(loader_unload(l, 5341, "1", &was, &e), SV_OK);
	assert_int_equal(was, PUT_LOADED);
	commit_as(l, 202401, 1, 2, 1, 0, 0, 0, 1);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM incident"), 1);
	/* a later file's versions of 2 taken back leave the first's alone */
	assert_int_equal(loader_begin(db, "bb", "b.csv", "fr", 0, &l, &already, &e), SV_OK);
	assert_int_equal(put(l, "2", "vol", 5, &first), PUT_UNCHANGED);
	assert_int_equal(loader_unload(l, 5341, "2", &was, &e), SV_OK);
	assert_int_equal(was, PUT_UNCHANGED);
	assert_int_equal(put(l, "2", "coups", 9, &first), PUT_REVISED);
	assert_int_equal(loader_unload(l, 5341, "2", &was, &e), SV_OK);
	assert_int_equal(was, PUT_REVISED);
	commit_as(l, 202402, 1, 2, 0, 0, 0, 0, 2);
	assert_int_equal(tu_scalar(db, "SELECT line FROM incident WHERE ref = "
	    "'2'"), 3);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM incident_past"), 0);
}

/* Version 2 of a month, then version 1 of it: whatever the order, the
 * second version's rows are current and what it no longer carries is
 * withdrawn, kept in incident_past. */
static void
load_versions(sqlite3 *db, int v2_first)
{
	loader *l;
	int already;
	long first;
	sv_err e;

	for (int k = 0; k < 2; k++) {
		int v = (k == 0) == v2_first ? 2 : 1;
		assert_int_equal(loader_begin(db, v == 2 ? "bb" : "aa", v == 2 ?
		    "2024-01-v2.csv" : "2024-01.csv", "fr", 0, &l, &already, &e), SV_OK);
		if (v == 1) {
			put(l, "1", "vol", 2, &first);
			put(l, "2", "vol", 3, &first);
			put(l, "3", "vol", 4, &first);
		} else {
			put(l, "2", "vol", 2, &first);
			put(l, "3", "coups", 3, &first);
		}
		long read = v == 1 ? 3 : 2, loaded = k == 0 ? read : v == 1 ? 1 : 0;
		long withdrawn = commit_as(l, 202401, v, read, loaded,
		    k == 0 ? 0 : 1, k == 0 ? 0 : 1, 0, 0);
		assert_int_equal(withdrawn, k == 1 && v == 2 ? 1 : 0);
	}
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM incident"), 2);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM incident i JOIN "
	    "label l ON l.id = i.label WHERE ref = '3' AND l.text = 'coups'"), 1);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM incident_past"), 3);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM extract WHERE "
	    "state = 'superseded' AND version = 1"), 1);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM incident_past WHERE "
	    "ref = '1'"), 1);
}

static void
versions_decide_not_the_order_of_loading(void **state)
{
	load_versions(*state, 0);
}

static void
versions_decide_not_the_order_of_loading_reversed(void **state)
{
	load_versions(*state, 1);
}

static void
a_second_file_for_the_same_version_is_refused_or_replaces(void **state)
{
	sqlite3 *db = *state;
	ledger_month m = { 202401, 1 };
	ledger lg = { .zone = 5341, .month = 202401, .version = 1, .named = 1,
	    .stem = "2024-01", .encoding = "utf-8", .delimiter = ";",
	    .lang = "fr", .unknown = "", .read = 1, .loaded = 1, .months = &m,
	    .nmonths = 1 };
	loader *l;
	int already;
	long first, withdrawn;
	sv_err e;

	assert_int_equal(loader_begin(db, "aa", "2024-01.csv", "fr", 0, &l, &already,
	    &e), SV_OK);
	put(l, "1", "vol", 2, &first);
	assert_int_equal(loader_commit(l, &lg, &withdrawn, &e), SV_OK);
	assert_int_equal(loader_begin(db, "bb", "edited/2024-01.csv", "fr", 0, &l,
	    &already, &e), SV_OK);
	put(l, "9", "vol", 2, &first);
	assert_int_equal(loader_commit(l, &lg, &withdrawn, &e), SV_DATAERR);
	assert_non_null(strstr(e.msg, "2024-01-v2.csv"));
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM extract"), 1);
	assert_int_equal(loader_begin(db, "bb", "edited/2024-01.csv", "fr", 1, &l,
	    &already, &e), SV_OK);
	put(l, "9", "vol", 2, &first);
	assert_int_equal(loader_commit(l, &lg, &withdrawn, &e), SV_OK);
	assert_int_equal(withdrawn, 1);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM incident WHERE "
	    "ref = '9'"), 1);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM extract WHERE "
	    "state = 'replaced'"), 1);
}

static void
the_ledger_refuses_counts_that_do_not_add_up(void **state)
{
	sqlite3 *db = *state;
	ledger lg = { .zone = 5341, .version = 1, .stem = "a",
	    .encoding = "utf-8", .delimiter = ";", .lang = "fr", .unknown = "",
	    .read = 5, .loaded = 1 };
	loader *l;
	int already;
	long withdrawn;
	sv_err e;

	assert_int_equal(loader_begin(db, "aa", "a.csv", "fr", 0, &l, &already, &e), SV_OK);
	assert_int_not_equal(loader_commit(l, &lg, &withdrawn, &e), SV_OK);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM extract"), 0);
}

/* LOADER_MANY rows r0, r1, … of "vol" on lines 2, 3, …, for
 * loader_put_many(); a test changes some of them before putting them. */
typedef struct many {
	incident inc[LOADER_MANY];
	const incident *p[LOADER_MANY];
	long line[LOADER_MANY];
	unsigned char in[LOADER_MANY];
	char refs[LOADER_MANY][16];
} many;

static void
many_init(many *m)
{
	for (int i = 0; i < LOADER_MANY; i++) {
		snprintf(m->refs[i], sizeof m->refs[i], "r%d", i);
		m->inc[i] = row(m->refs[i], "vol");
		m->p[i] = &m->inc[i];
		m->line[i] = i + 2;
	}
}

/* The rows as they now are, put at once. */
static int
many_put(loader *l, many *m, sv_err *e)
{
	return loader_put_many(l, m->p, m->line, m->in, e);
}

/* LOADER_MANY rows at once: those with a ref nothing holds go in; one
 * whose ref an earlier extract holds, or an earlier row of the same
 * statement, does not, and says so. */
static void
many_rows_at_once_say_which_went_in(void **state)
{
	sqlite3 *db = *state;
	many m;
	enum put_result res;
	loader *l;
	int already;
	long first;
	sv_err e;

	assert_int_equal(loader_begin(db, "aa", "a.csv", "fr", 0, &l, &already, &e), SV_OK);
	assert_int_equal(put(l, "old", "vol", 2, &first), PUT_LOADED);
	commit_as(l, 202401, 1, 1, 1, 0, 0, 0, 0);
	assert_int_equal(loader_begin(db, "bb", "b.csv", "fr", 0, &l, &already, &e), SV_OK);
	many_init(&m);
	m.inc[5].text[F_REF] = "old";
	m.inc[9].text[F_REF] = "r3";
	assert_int_equal(many_put(l, &m, &e), SV_OK);
	for (int i = 0; i < LOADER_MANY; i++)
		assert_int_equal(m.in[i], i != 5 && i != 9);
	/* the others go one by one: a version of an incident another file
	 * holds (the same content: unchanged), a duplicate */
	assert_int_equal(loader_put(l, &m.inc[5], m.line[5], &res, &first, &e),
	    SV_OK);
	assert_int_equal(res, PUT_UNCHANGED);
	assert_int_equal(loader_put(l, &m.inc[9], m.line[9], &res, &first, &e),
	    SV_OK);
	assert_int_equal(res, PUT_DUPLICATE);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM incident"),
	    LOADER_MANY - 1);
	commit_as(l, 202402, 1, LOADER_MANY, LOADER_MANY - 2, 0, 1, 1, 0);
	/* the later delivery's version is the current one */
	assert_int_equal(tu_scalar(db, "SELECT line FROM incident WHERE ref = 'old'"),
	    7);
}

/* The inserts fail rather than abort (they keep no journal to undo their
 * own first rows): a row SQLite refuses in the middle of many fails the
 * file, and the file's rollback takes the rows before it too. */
static void
a_refused_row_among_many_leaves_nothing_once_aborted(void **state)
{
	sqlite3 *db = *state;
	many m;
	loader *l;
	int already;
	sv_err e;

	assert_int_equal(loader_begin(db, "aa", "a.csv", "fr", 0, &l, &already, &e), SV_OK);
	many_init(&m);
	m.inc[20].text[F_REF] = NULL;                   /* NOT NULL */
	assert_int_not_equal(many_put(l, &m, &e), SV_OK);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM incident"), 20);
	loader_abort(l);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM incident"), 0);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM extract"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(new_rows_load_and_the_same_row_again_is_a_duplicate),
		T(a_later_file_revises_and_the_same_file_is_known),
		T(a_label_has_the_language_of_its_files),
		T(an_aborted_file_leaves_nothing),
		T(unload_says_what_the_row_had_counted),
		T(versions_decide_not_the_order_of_loading),
		T(versions_decide_not_the_order_of_loading_reversed),
		T(a_second_file_for_the_same_version_is_refused_or_replaces),
		T(the_ledger_refuses_counts_that_do_not_add_up),
		T(many_rows_at_once_say_which_went_in),
		T(a_refused_row_among_many_leaves_nothing_once_aborted),
#undef T
	};
	return cmocka_run_group_tests_name("loader", tests, NULL, NULL);
}
