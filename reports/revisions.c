/*
 * revisions — what moved since the last publication, and why
 * (revisions.h).  The recount works on temporary tables of the
 * connection: the incidents of the months concerned as they stood then
 * (rev_then) and now (rev_now), what entered and left each month and
 * phenomenon (rev_in, rev_out), and the causes (rev_cause).
 */
#include "revisions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/delivery.h"
#include "../core/grow.h"

/* The previous publication's series months that moved. */
static const char moved_sql[] =
	"WITH cur AS (SELECT pm.measure, t.month, sum(t.n) AS n FROM month_total "
	"t JOIN phenomenon_measure pm ON pm.phenomenon = t.phenomenon GROUP BY "
	"pm.measure, t.month), was AS (SELECT v.subject, CAST(replace(v.period, "
	"'-', '') AS INTEGER) AS m, CAST(v.value AS INTEGER) AS old FROM "
	"published_value v WHERE v.publication = ?1 AND v.kind = 'series' AND "
	"v.shown) SELECT w.subject, w.m, w.old, coalesce(c.n, 0) AS now FROM "
	"was w LEFT JOIN cur c ON c.measure = w.subject AND c.month = w.m WHERE "
	"abs(now - w.old) >= ?2 AND abs(now - w.old) >= 0.05 * w.old ORDER "
	"BY w.subject, w.m";

#define DROP_TEMP "DROP TABLE IF EXISTS temp.rev_then; DROP TABLE IF EXISTS " \
	"temp.rev_now; DROP TABLE IF EXISTS temp.rev_in; DROP TABLE IF EXISTS " \
	"temp.rev_out; DROP TABLE IF EXISTS temp.rev_cause;"

/* The incidents whose facts are of month ?1 (yyyymm) or later, then and
 * now, each with the month of its facts and its phenomenon as labels map
 * now. */
static const char then_sql[] =
	"CREATE TEMP TABLE rev_then AS SELECT i.zone, i.ref, i.date_fact / 100 "
	"  AS m, coalesce(lm.phenomenon, '') AS p FROM (SELECT * FROM "
	"  temp.asof_single WHERE date_fact >= ?1 * 100 UNION ALL SELECT * FROM "
	"  temp.asof_multi WHERE date_fact >= ?1 * 100) i "
	"  JOIN label l ON l.id = i.label LEFT JOIN label_map lm ON lm.raw = "
	"  l.text";
static const char now_sql[] =
	"CREATE TEMP TABLE rev_now AS SELECT i.zone, i.ref, i.date_fact / 100 "
	"  AS m, coalesce(lm.phenomenon, '') AS p FROM incident i "
	"  JOIN label l ON l.id = i.label LEFT JOIN label_map lm ON lm.raw = "
	"  l.text WHERE i.date_fact >= ?1 * 100";

static const char recount_sql[] =
	/* what entered or left each (m, p): sets, then a look at each */
	"CREATE TEMP TABLE rev_in AS SELECT * FROM rev_now EXCEPT SELECT * FROM "
	"  rev_then;"
	"CREATE TEMP TABLE rev_out AS SELECT * FROM rev_then EXCEPT SELECT * FROM "
	"  rev_now;"
	/* entered: late when no delivery had carried the incident then,
	 * corrected into it otherwise; left: withdrawn when no delivery
	 * carries it now, corrected out of it otherwise */
	"CREATE TEMP TABLE rev_cause AS SELECT m, p, sum(late) AS late, "
	"  sum(withdrawn) AS withdrawn, sum(corrected) AS corrected FROM ("
	"  SELECT m, p, 1 - known AS late, 0 AS withdrawn, known AS corrected "
	"  FROM (SELECT n.m, n.p, EXISTS (SELECT 1 FROM incident x JOIN "
	"    temp.delivery_at d ON d.id = x.extract WHERE x.zone = n.zone AND "
	"    x.ref = n.ref) OR EXISTS (SELECT 1 FROM incident_past x JOIN "
	"    temp.delivery_at d ON d.id = x.extract WHERE x.zone = n.zone AND "
	"    x.ref = n.ref) AS known FROM rev_in n) "
	"  UNION ALL SELECT m, p, 0, 1 - current, -current FROM (SELECT t.m, "
	"    t.p, EXISTS (SELECT 1 FROM incident x WHERE x.zone = t.zone AND "
	"    x.ref = t.ref) AS current FROM rev_out t)) GROUP BY m, p;";

static const char causes_sql[] =
	"SELECT coalesce(sum(late), 0), coalesce(sum(corrected), 0), "
	"coalesce(sum(withdrawn), 0) FROM temp.rev_cause WHERE m = ?2 AND p IN "
	"(SELECT phenomenon FROM phenomenon_measure WHERE measure = ?1)";

static int
previous(sqlite3 *db, int month, revisions *r, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found;

	if ((rc = db_prepare(db, &st, "SELECT id, month, written_at FROM "
	    "publication WHERE month < ?1 ORDER BY id DESC LIMIT 1", e)))
		return rc;
	sqlite3_bind_int(st, 1, month);
	if (!(rc = db_lookup(db, st, &found, e)) && found) {
		r->publication = sqlite3_column_int64(st, 0);
		r->pub_month = sqlite3_column_int(st, 1);
		snprintf(r->written_at, sizeof r->written_at, "%s",
		    sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	return rc;
}

static int
moved(sqlite3 *db, int min_cell, revisions *r, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = db_prepare(db, &st, moved_sql, e)))
		return rc;
	sqlite3_bind_int64(st, 1, r->publication);
	sqlite3_bind_int(st, 2, min_cell);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		revision *v;
		if (grow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v)) {
			sqlite3_finalize(st);
			return sv_errf(e, SV_NOMEM, "out of memory");
		}
		v = &r->v[r->n++];
		memset(v, 0, sizeof *v);
		snprintf(v->measure, sizeof v->measure, "%s",
		    sqlite3_column_text(st, 0));
		v->month = sqlite3_column_int(st, 1);
		v->then = sqlite3_column_int64(st, 2);
		v->now = sqlite3_column_int64(st, 3);
	}
	return db_finish(db, st, step, e);
}

/* How the previous publication's nowcasts fared (revisions.h). */
static int
fared(sqlite3 *db, revisions *r, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found;

	if ((rc = db_prepare(db, &st, "SELECT count(*) FILTER (WHERE s.complete >= "
	    "?2), count(*) FILTER (WHERE s.complete >= ?2 AND s.observed BETWEEN "
	    "n.lower AND n.upper), count(*) FILTER (WHERE s.complete >= ?2 AND "
	    "s.observed < n.lower), count(*) FILTER (WHERE s.complete >= ?2 AND "
	    "s.observed > n.upper), count(*) FILTER (WHERE s.complete < ?2) FROM "
	    "published_nowcast n JOIN series_month s ON s.series = n.series AND "
	    "s.zone = 0 AND s.month = n.month WHERE n.publication = ?1 AND "
	    "n.series LIKE 'measure:%' AND n.lower IS NOT NULL AND s.observed IS "
	    "NOT NULL", e)))
		return rc;
	sqlite3_bind_int64(st, 1, r->publication);
	sqlite3_bind_double(st, 2, REVISIONS_COMPLETE);
	if (!(rc = db_lookup(db, st, &found, e)) && found)
		r->fared = (nowcast_fared){ sqlite3_column_int(st, 0),
		    sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
		    sqlite3_column_int(st, 3), sqlite3_column_int(st, 4) };
	sqlite3_finalize(st);
	return rc;
}

/* Each moved month's causes; what they leave unexplained is "other". */
static int
causes(sqlite3 *db, revisions *r, sv_err *e)
{
	sqlite3_stmt *st;
	int rc = SV_OK, found;

	if ((rc = db_prepare(db, &st, causes_sql, e)))
		return rc;
	for (size_t i = 0; i < r->n && !rc; i++) {
		revision *v = &r->v[i];
		sqlite3_bind_text(st, 1, v->measure, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, v->month);
		if (!(rc = db_lookup(db, st, &found, e)) && found) {
			v->late = sqlite3_column_int64(st, 0);
			v->corrected = sqlite3_column_int64(st, 1);
			v->withdrawn = sqlite3_column_int64(st, 2);
		}
		sqlite3_reset(st);
		v->other = v->now - v->then - v->late - v->corrected + v->withdrawn;
	}
	sqlite3_finalize(st);
	return rc;
}

int
revisions_build(sqlite3 *db, int month, int min_cell, revisions *r,
    sv_err *e)
{
	int rc, first;
	sv_err ignored;

	memset(r, 0, sizeof *r);
	if ((rc = previous(db, month, r, e)) || !r->publication ||
	    (rc = fared(db, r, e)) || (rc = moved(db, min_cell, r, e)) || !r->n)
		return rc;
	first = r->v[0].month;
	for (size_t i = 1; i < r->n; i++)
		first = r->v[i].month < first ? r->v[i].month : first;
	if ((rc = db_exec(db, DROP_TEMP, e)) ||
	    (rc = delivery_live(db, r->written_at, e)) ||
	    (rc = db_run_ids(db, then_sql, first, 0, e)) ||
	    (rc = db_run_ids(db, now_sql, first, 0, e)) ||
	    (rc = db_exec(db, recount_sql, e)) || (rc = causes(db, r, e)))
		revisions_free(r);
	/* the connection goes on reading the pages: no temporary table left */
	db_exec(db, DROP_TEMP " DROP VIEW IF EXISTS temp.asof_incident; DROP "
	    "VIEW IF EXISTS temp.asof_single; DROP VIEW IF EXISTS "
	    "temp.asof_multi", &ignored);
	if (!rc)
		rc = delivery_live(db, NULL, e);        /* the ledger as it is */
	return rc;
}

void
revisions_free(revisions *r)
{
	free(r->v);
	memset(r, 0, sizeof *r);
}
