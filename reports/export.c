/*
 * export — the tables `suivi export --what X` offers, as SQL.
 *
 * The column lists are a contract with analysts and tests: the README's
 * data dictionary documents each one.  Change one only together with it.
 * A missing number is NULL (empty in CSV, null in JSON), never '' (which
 * would make a JSON reader take the column for text).
 */
#include "reports.h"

#include <string.h>

#include "../core/db.h"
#include "../core/delivery.h"
#include "../core/month.h"
#include "../core/msg.h"
#include "../core/tabwrite.h"

typedef struct export_table {
	const char *name;
	const char *sql;
} export_table;

/* The incidents' columns, from a source aliased i (the columns
 * DELIVERY_VERSION_COLS) joined to its reading e and its label r. */
#define INCIDENT_COLUMNS \
	"SELECT i.zone, i.ref, i.commune, " \
	MONTH_SQL_DATE("i.date_fact") " AS date_fact, " \
	"CASE WHEN i.time_fact IS NULL THEN '' ELSE printf('%02d:%02d', " \
	"i.time_fact / 60, i.time_fact % 60) END AS time_fact, " \
	MONTH_SQL_DATE("i.date_registered") " AS date_registered, " \
	"r.text AS phenomenon_raw, coalesce((SELECT m.phenomenon FROM label_map " \
	"m WHERE m.raw = r.text), '') AS phenomenon, " \
	"i.attempt, " \
	"coalesce(i.modus_operandi, '') AS modus_operandi, " \
	"coalesce(i.place_type, '') AS place_type, " \
	"coalesce(i.channel, '') AS channel, " \
	"coalesce(substr('FMX', i.victim_sex, 1), '') AS victim_sex, " \
	"coalesce(i.victim_age, '') AS victim_age, " \
	"coalesce(substr('FMX', i.author_sex, 1), '') AS author_sex, " \
	"coalesce(i.author_age, '') AS author_age, " \
	"coalesce(i.relation, '') AS relation, " \
	"coalesce(i.author_ref, '') AS author_ref, " \
	"coalesce(i.quartier, '') AS quartier, e.sha256 AS extract_sha256"

/* --as-of: the incidents as they stood then (core/delivery.h). */
static const char incidents_then[] = INCIDENT_COLUMNS
	" FROM temp.asof_incident i JOIN extract e ON e.id = i.extract "
	"JOIN label r ON r.id = i.label ORDER BY i.zone, i.date_fact, i.ref";

/* --all-versions: every version of every incident, with the delivery
 * that brought it and its status at the moment temp.delivery_at holds:
 * current (its delivery is the highest-ranked current one that carries
 * the incident), superseded (another is), withdrawn (none is). */
static const char incident_versions[] = INCIDENT_COLUMNS ", "
	"e.zone AS delivery_zone, CASE WHEN e.month IS NULL THEN "
	"'' ELSE printf('%04d-%02d', e.month / 100, e.month % 100) END AS "
	"delivery_month, e.version AS delivery_version, e.path AS delivery_file, "
	"i.line, CASE WHEN d.rank IS NOT NULL AND d.rank = max(d.rank) OVER w "
	"THEN 'current' WHEN max(d.rank) OVER w IS NOT NULL THEN 'superseded' "
	"ELSE 'withdrawn' END AS status FROM (SELECT " DELIVERY_VERSION_COLS
	" FROM incident UNION ALL SELECT " DELIVERY_VERSION_COLS " FROM "
	"incident_past) i JOIN extract e ON e.id = i.extract JOIN "
	"temp.delivery_at d ON d.id = i.extract JOIN label r ON r.id = i.label "
	"WINDOW w AS (PARTITION BY "
	"i.zone, i.ref) ORDER BY i.zone, i.ref, e.month, e.version, e.stem, "
	"e.sha256";

static const export_table tables[] = {
	{ "incidents", INCIDENT_COLUMNS " FROM incident i JOIN extract e ON "
	  "e.id = i.extract JOIN label r ON r.id = i.label ORDER BY i.zone, "
	  "i.date_fact, i.ref" },
	{ "quarantine",
	  "SELECT e.sha256 AS extract_sha256, e.path AS file, q.line, q.field, "
	  "q.reason_code, q.reason, q.raw FROM quarantine q "
	  "JOIN extract e ON e.id = q.extract "
	  "WHERE e.id IN (SELECT id FROM temp.delivery_at) ORDER BY e.zone, "
	  "e.month, e.stem, e.version, e.sha256, q.line" },
	{ "extracts",
	  "SELECT sha256, path, e.zone, encoding, delimiter, header_lang, "
	  "rows_read, rows_loaded, rows_revised, rows_unchanged, rows_duplicate, "
	  "rows_quarantined, "
	  "CASE WHEN period_from IS NULL THEN '' ELSE printf('%04d-%02d-%02d', "
	  "period_from / 10000, period_from / 100 % 100, period_from % 100) END "
	  "AS period_from, "
	  "CASE WHEN period_to IS NULL THEN '' ELSE printf('%04d-%02d-%02d', "
	  "period_to / 10000, period_to / 100 % 100, period_to % 100) END "
	  "AS period_to, unknown_columns, loaded_at, origin, "
	  "CASE WHEN e.month IS NULL THEN '' ELSE printf('%04d-%02d', "
	  "e.month / 100, e.month % 100) END AS month, "
	  "replaced_by, version, d.state, "
	  "rows_withdrawn FROM extract e JOIN temp.delivery_at d ON d.id = e.id "
	  "ORDER BY e.id" },
	{ "cube",
	  "SELECT printf('%04d-%02d', c.month / 100, c.month % 100) AS month, "
	  "c.zone, c.commune, c.phenomenon, p.axis, "
	  "coalesce(substr('FMX', c.victim_sex, 1), '') AS victim_sex, "
	  "coalesce(substr('FMX', c.author_sex, 1), '') AS author_sex, "
	  "c.attempt, coalesce(c.channel, '') AS channel, "
	  "coalesce(c.place_type, '') AS place_type, c.count "
	  "FROM cube c LEFT JOIN phenomenon p ON p.code = c.phenomenon "
	  "WHERE c.basis = 'fact' ORDER BY c.month, c.zone, c.commune, c.phenomenon, "
	  "c.victim_sex, c.author_sex, c.attempt, c.channel, c.place_type" },
	{ "cube-registered",
	  "SELECT printf('%04d-%02d', c.month / 100, c.month % 100) AS month, "
	  "c.zone, c.commune, c.phenomenon, p.axis, "
	  "coalesce(substr('FMX', c.victim_sex, 1), '') AS victim_sex, "
	  "coalesce(substr('FMX', c.author_sex, 1), '') AS author_sex, c.count "
	  "FROM cube c LEFT JOIN phenomenon p ON p.code = c.phenomenon "
	  "WHERE c.basis = 'registered' ORDER BY c.month, c.zone, c.commune, "
	  "c.phenomenon, c.victim_sex, c.author_sex" },
	{ "indicators",
	  "SELECT indicator, measure, axis, period, CASE WHEN commune IS NOT NULL "
	  "THEN 'commune' WHEN zone IS NOT NULL THEN 'zone' ELSE 'region' END AS "
	  "level, coalesce(zone, 0) AS zone, "
	  "coalesce(commune, 0) AS commune, breakdown, value, unit, compare_value, "
	  "rate_ratio, low, high, p_value, flag, completeness FROM "
	  "indicator_value ORDER BY rowid" },
	{ "series",
	  "SELECT indicator, part, printf('%04d-%02d', month / 100, month % 100) "
	  "AS month, n, base FROM indicator_month ORDER BY indicator, part, "
	  "month" },
	{ "trends",
	  "SELECT phenomenon, coalesce(zone, 0) AS zone, "
	  "printf('%04d-%02d', from_month / 100, from_month % 100) AS \"from\", "
	  "printf('%04d-%02d', to_month / 100, to_month % 100) AS \"to\", "
	  "rate_ratio_per_year, low, high, p_value, mk_z, mk_p, sen_slope_per_year, "
	  "dispersion "
	  "FROM trend ORDER BY rowid" },
	{ "alarms",
	  "SELECT printf('%04d-%02d', month / 100, month % 100) AS month, "
	  "phenomenon, coalesce(zone, 0) AS zone, observed, expected, upper, "
	  "p_value, score, alarm, method, completeness FROM alarm ORDER BY "
	  "month, rowid" },
	{ "net-changes",
	  "SELECT phenomenon, period, now, before, rate_ratio, dispersion, "
	  "completeness, p_value, q_value, clear FROM net_change ORDER BY "
	  "q_value, p_value, phenomenon" },
	{ "alarm-history",
	  "SELECT month, phenomenon, zone, observed, expected, upper, "
	  "completeness, method, run, backtest FROM v_alarm_history ORDER BY "
	  "month, phenomenon, zone, method" },
	{ "signal-history",
	  "SELECT printf('%04d-%02d', month / 100, month % 100) AS month, "
	  "phenomenon, zone, modus_operandi, kind, recent, baseline, run FROM "
	  "modus_raised ORDER BY month, kind, phenomenon, zone, modus_operandi" },
	{ "modus",
	  "SELECT phenomenon, coalesce(zone, 0) AS zone, modus_operandi, recent, "
	  "baseline, share_recent, share_baseline, p_value, q_value, "
	  "CASE WHEN first_seen IS NULL THEN '' ELSE printf('%04d-%02d', "
	  "first_seen / 100, first_seen % 100) END AS first_seen, kind "
	  "FROM modus_signal ORDER BY kind, phenomenon, zone, modus_operandi" },
	{ "coverage",
	  "SELECT zone, printf('%04d-%02d', month / 100, month % 100) AS month, "
	  "delivered, registered FROM coverage ORDER BY zone, month" },
	{ "catalogue",
	  "SELECT d.indicator, d.measure, m.axis, d.kind, d.phenomena, d.basis, "
	  "d.breakdown, d.filter, d.unit, d.label_fr, d.label_nl, "
	  "d.reason AS reason_fr, d.reason_nl "
	  "FROM indicator_def d JOIN measure m ON m.measure = d.measure "
	  "ORDER BY d.seq" },
	{ "measures",
	  "SELECT measure, axis, pillar, subtheme, title, title_nl, short_fr, "
	  "short_nl FROM measure ORDER BY seq" },
	{ "delays",
	  "SELECT printf('%04d-%02d', month / 100, month % 100) AS month, "
	  "phenomenon, delay, count FROM delay ORDER BY month, phenomenon, delay" },
	{ "nowcast",
	  "SELECT printf('%04d-%02d', month / 100, month % 100) AS month, "
	  "phenomenon, coalesce(zone, 0) AS zone, observed, nowcast, lower, "
	  "upper, completeness FROM nowcast ORDER BY phenomenon, zone, month" },
	{ "figures",
	  "SELECT f.measure, f.indicator, f.period, f.value, f.unit, f.source, "
	  "f.note, CASE WHEN f.superseded_by IS NULL THEN 1 ELSE 0 END AS "
	  "current, p.path AS file, f.line, p.loaded_at FROM partner_figure f "
	  "JOIN partner_file p ON p.id = f.file ORDER BY f.indicator, f.period, "
	  "f.source, f.id" },
	{ "progress",
	  "SELECT g.measure, g.partner, printf('%04d-%02d-%02d', g.date / 10000, "
	  "g.date / 100 % 100, g.date % 100) AS date, g.status, g.note, CASE "
	  "WHEN g.superseded_by IS NULL THEN 1 ELSE 0 END AS current, p.path AS "
	  "file, g.line, p.loaded_at FROM progress g JOIN partner_file p ON "
	  "p.id = g.file ORDER BY g.measure, g.partner, g.date, g.id" },
	{ "mapping",
	  "SELECT m.raw AS label, m.phenomenon, coalesce(a.alias, '') AS alias, "
	  "m.incidents FROM label_map m LEFT JOIN phenomenon_alias a ON a.key = "
	  "suivi_key(m.raw) AND m.phenomenon <> 'unmapped' ORDER BY m.incidents "
	  "DESC, m.raw" },
	{ "messages",                   /* filled by messages() */
	  "SELECT key, fr, nl, en FROM temp.message ORDER BY rowid" },
	{ "communes",
	  "SELECT c.nis, c.name_fr, c.name_nl, c.zone, p.population, "
	  "p.year AS population_year FROM commune c "
	  "LEFT JOIN population p ON p.nis = c.nis AND p.sex = 'T' AND p.year = "
	  "(SELECT max(year) FROM population q WHERE q.nis = c.nis AND q.sex = 'T') "
	  "ORDER BY c.nis" },
	{ "publications",
	  "SELECT p.id AS publication, printf('%04d-%02d', p.month / 100, "
	  "p.month % 100) AS month, p.written_at, p.aggregate_run, p.deliveries, "
	  "p.state_sha256, p.min_cell, coalesce(p.method, '') AS method, p.langs, "
	  "p.version, f.lang, f.path, f.sha256, f.bytes FROM publication p JOIN "
	  "publication_file f ON f.publication = p.id ORDER BY p.id, f.lang" },
	{ "vintages",
	  "SELECT v.figure, v.kind, v.subject, v.part, v.period, v.publication, "
	  "printf('%04d-%02d', p.month / 100, p.month % 100) AS month, "
	  "p.written_at, v.value, v.shown FROM published_value v JOIN "
	  "publication p ON p.id = v.publication ORDER BY v.figure, "
	  "v.publication" },
	{ "revision-triangle",
	  /* each measure's month as each publication gave it, by how many
	   * months after the month it was published, against the first */
	  "SELECT v.subject AS measure, v.period AS month, v.publication, "
	  "printf('%04d-%02d', p.month / 100, p.month % 100) AS published_month, "
	  "(p.month / 100 * 12 + p.month % 100) - (CAST(substr(v.period, 1, 4) AS "
	  "INTEGER) * 12 + CAST(substr(v.period, 6, 2) AS INTEGER)) AS age, "
	  "v.value, first_value(v.value) OVER w AS first_value, v.value - "
	  "first_value(v.value) OVER w AS revised_since_first FROM published_value "
	  "v JOIN publication p ON p.id = v.publication WHERE v.kind = 'series' "
	  "AND v.shown WINDOW w AS (PARTITION BY v.figure ORDER BY p.month, "
	  "v.publication) ORDER BY v.subject, v.period, p.month, v.publication" },
	{ "phenomena",
	  "SELECT p.code, p.label_fr, p.label_nl, p.axis, "
	  "coalesce((SELECT group_concat(measure, ' ') FROM (SELECT pm.measure "
	  "FROM phenomenon_measure pm JOIN measure m ON m.measure = pm.measure "
	  "WHERE pm.phenomenon = p.code ORDER BY m.seq)), '') AS measures, "
	  "p.police_on_web FROM phenomenon p ORDER BY p.seq" },
};

#define NTABLES (sizeof tables / sizeof tables[0])

/* The dictionary's objects that describe each table's columns, the first
 * that has a column winning (export --package). */
static const struct {
	const char *what, *objects;
} described[] = {
	{ "incidents", "v_incident incident export_incidents" },
	{ "quarantine", "v_quarantine quarantine" },
	{ "extracts", "v_extract extract" },
	{ "cube", "v_cube cube export_cube" },
	{ "cube-registered", "v_cube cube export_cube" },
	{ "indicators", "v_indicator indicator_value" },
	{ "series", "indicator_month" },
	{ "trends", "v_trend trend export_trends" },
	{ "alarms", "v_alarm alarm" },
	{ "net-changes", "v_net_change net_change" },
	{ "alarm-history", "v_alarm_history alarm_raised" },
	{ "signal-history", "modus_raised modus_signal" },
	{ "modus", "v_modus modus_signal" },
	{ "coverage", "coverage" },
	{ "catalogue", "indicator_def export_catalogue" },
	{ "measures", "measure" },
	{ "delays", "delay" },
	{ "nowcast", "v_nowcast nowcast" },
	{ "figures", "partner_figure partner_file export_partners" },
	{ "progress", "progress partner_file export_partners" },
	{ "mapping", "label_map label export_mapping" },
	{ "communes", "v_commune commune population" },
	{ "messages", "export_messages" },
	{ "publications", "publication publication_file" },
	{ "vintages", "published_value publication" },
	{ "revision-triangle", "export_revision_triangle published_value" },
	{ "phenomena", "phenomenon export_phenomena" },
};

const char *
export_objects(const char *what)
{
	for (size_t i = 0; i < sizeof described / sizeof *described; i++)
		if (!strcmp(described[i].what, what))
			return described[i].objects;
	return "";
}

const char *const *
export_tables(void)
{
	static const char *names[NTABLES + 1];

	for (size_t i = 0; i < NTABLES; i++)
		names[i] = tables[i].name;
	return names;
}

/* The report's message catalogue (msg.h) as a table, for translators. */
static int
messages(sqlite3 *db, sv_err *e)
{
	size_t n;
	const msg_entry *m = msg_table(&n);
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS message(key, fr, "
	    "nl, en); DELETE FROM temp.message", e)) ||
	    (rc = db_prepare(db, &st, "INSERT INTO temp.message VALUES (?1, ?2, "
	    "?3, ?4)", e)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		sqlite3_bind_text(st, 1, m[i].key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, m[i].fr, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, m[i].nl, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, m[i].en, -1, SQLITE_STATIC);
		rc = db_step_done(st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

/* --excel=fr|nl: a column's head in the language (reference/
 * export_heads.csv), or its name. */
typedef struct heads {
	sqlite3_stmt *st;
	char buf[256];
} heads;

static const char *
head_of(void *ctx, const char *name)
{
	heads *h = ctx;

	snprintf(h->buf, sizeof h->buf, "%s", name);
	sqlite3_bind_text(h->st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(h->st) == SQLITE_ROW)
		snprintf(h->buf, sizeof h->buf, "%s", sqlite3_column_text(h->st, 0));
	sqlite3_reset(h->st);
	return h->buf;
}

/* What the tables read --as-of hold: what ingest brought (as it stood
 * then), what aggregate derived (as the last aggregate computed it), or
 * neither (the reference, the partners' files, the messages). */
static const char *const brought[] = { "incidents", "quarantine",
	"extracts", NULL };
static const char *const derived[] = { "cube", "cube-registered",
	"indicators", "series", "trends", "alarms", "modus", "coverage", "delays",
	"nowcast", "mapping", "net-changes", NULL };

static int
among(const char *const *names, const char *what)
{
	for (; *names; names++)
		if (!strcmp(*names, what))
			return 1;
	return 0;
}

/* A derived table read --as-of T holds T's state only when the last
 * aggregate was computed as of T. */
static int
derived_as_of(sqlite3 *db, const char *as_of, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found, same = 0;

	if ((rc = db_prepare(db, &st, "SELECT as_of_time FROM aggregate_run "
	    "ORDER BY id DESC LIMIT 1", e)))
		return rc;
	if ((rc = db_lookup(db, st, &found, e)) == SV_OK && found)
		same = sqlite3_column_type(st, 0) == SQLITE_TEXT &&
		    !strcmp((const char *)sqlite3_column_text(st, 0), as_of);
	sqlite3_finalize(st);
	if (rc || same)
		return rc;
	return sv_errf(e, SV_USAGE, "export: the derived tables hold what the "
	    "last aggregate computed, which was not as of %s: run 'suivi "
	    "aggregate --as-of %s' first", as_of, as_of);
}

/* What a table needs before it is read: the deliveries at the moment
 * asked (now, or --as-of), the messages' table. */
static int
prepare(sqlite3 *db, const export_opts *o, sv_err *e)
{
	if (o->all_versions && strcmp(o->what, "incidents"))
		return sv_errf(e, SV_USAGE, "export: --all-versions is for "
		    "--what incidents");
	if (o->as_of && among(derived, o->what))
		return derived_as_of(db, o->as_of, e);
	if (o->as_of && !among(brought, o->what))
		return sv_errf(e, SV_USAGE, "export: --as-of is for what ingest "
		    "brought (incidents, quarantine, extracts) and what aggregate "
		    "derives, not for '%s'", o->what);
	if (!strcmp(o->what, "messages"))
		return messages(db, e);
	return among(brought, o->what) ? delivery_live(db, o->as_of, e) : SV_OK;
}

/* The column of a table's rows that a filter reads, or -1 when it has
 * none: zone, phenomenon, and the month (month, or the date of facts). */
static int
column_of(sqlite3_stmt *st, const char *const *names)
{
	for (int i = 0; i < sqlite3_column_count(st); i++)
		for (const char *const *n = names; *n; n++)
			if (!strcmp(sqlite3_column_name(st, i), *n))
				return i;
	return -1;
}

/* Whether list (comma-separated) names only columns of st; the first
 * that is not one in *bad. */
static int
columns_known(sqlite3_stmt *st, const char *list, char *bad, size_t n)
{
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		int found = 0;
		for (int i = 0; i < sqlite3_column_count(st) && !found; i++)
			found = strlen(sqlite3_column_name(st, i)) == len &&
			    !strncmp(sqlite3_column_name(st, i), p, len);
		if (!found) {
			snprintf(bad, n, "%.*s", (int)len, p);
			return 0;
		}
		p += len + (p[len] == ',');
	}
	return 1;
}

/* Whether the --zone and --phenomenon asked for are the reference's (a
 * phenomenon's code, "unmapped", or a series' "measure:M" or
 * "indicator:NAME"): a typo is said, not answered with no rows. */
static int
filters_known(sqlite3 *db, const export_opts *o, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if (o->zone) {
		if ((rc = db_prepare(db, &st, "SELECT 1 FROM zone WHERE zone = ?1",
		    e)))
			return rc;
		sqlite3_bind_int(st, 1, o->zone);
		rc = db_lookup(db, st, &found, e);
		sqlite3_finalize(st);
		if (rc || !found)
			return rc ? rc : sv_errf(e, SV_USAGE, "export: --zone %d is not "
			    "a zone of the reference (export --what communes lists "
			    "them)", o->zone);
	}
	if (!o->phenomenon)
		return SV_OK;
	if ((rc = db_prepare(db, &st, "SELECT 1 WHERE ?1 = 'unmapped' OR EXISTS "
	    "(SELECT 1 FROM phenomenon WHERE code = ?1) OR EXISTS (SELECT 1 FROM "
	    "measure WHERE 'measure:' || measure = ?1) OR EXISTS (SELECT 1 FROM "
	    "indicator_def WHERE 'indicator:' || indicator = ?1)", e)))
		return rc;
	sqlite3_bind_text(st, 1, o->phenomenon, -1, SQLITE_STATIC);
	rc = db_lookup(db, st, &found, e);
	sqlite3_finalize(st);
	if (rc || found)
		return rc;
	return sv_errf(e, SV_USAGE, "export: --phenomenon '%s' names no "
	    "phenomenon (export --what phenomena lists their codes)",
	    o->phenomenon);
}

/*
 * The table's rows and columns as asked (--from, --to, --zone,
 * --phenomenon, --columns): its query read through an outer one, every
 * value bound, every column name checked against the query's own.  A
 * filter on a column the table does not have is refused.
 */
static int
select_rows(sqlite3 *db, const export_opts *o, const char *sql,
    sqlite3_stmt **out, sv_err *e)
{
	static const char *const months[] = { "month", "date_fact", NULL },
	    *const zones[] = { "zone", NULL },
	    *const phens[] = { "phenomenon", NULL };
	sqlite3_stmt *st;
	char *q, bad[128];
	int rc, m, z, p;

	if ((rc = db_prepare(db, &st, sql, e)))
		return rc;
	if (!o->from && !o->to && !o->zone && !o->phenomenon && !o->columns) {
		*out = st;
		return SV_OK;
	}
	m = column_of(st, months), z = column_of(st, zones);
	p = column_of(st, phens);
	if ((rc = filters_known(db, o, e)))
		;
	else if (o->columns && !columns_known(st, o->columns, bad, sizeof bad))
		rc = sv_errf(e, SV_USAGE, "export: --columns: '%s' is not a column "
		    "of %s", bad, o->what);
	else if ((o->from || o->to) && m < 0)
		rc = sv_errf(e, SV_USAGE, "export: --from and --to are for tables "
		    "by month, not %s", o->what);
	else if (o->zone && z < 0)
		rc = sv_errf(e, SV_USAGE, "export: %s has no zone", o->what);
	else if (o->phenomenon && p < 0)
		rc = sv_errf(e, SV_USAGE, "export: %s has no phenomenon", o->what);
	if (rc) {
		sqlite3_finalize(st);
		return rc;
	}
	/* the names come from the query itself, quoted: nothing typed by the
	 * user becomes SQL */
	q = sqlite3_mprintf("SELECT %s FROM (%s) WHERE (?1 IS NULL OR substr(\"%w\","
	    " 1, 7) >= ?1) AND (?2 IS NULL OR substr(\"%w\", 1, 7) <= ?2) AND "
	    "(?3 = 0 OR \"%w\" = ?3) AND (?4 IS NULL OR \"%w\" = ?4)",
	    "*", sql, m >= 0 ? sqlite3_column_name(st, m) : "0",
	    m >= 0 ? sqlite3_column_name(st, m) : "0",
	    z >= 0 ? sqlite3_column_name(st, z) : "0",
	    p >= 0 ? sqlite3_column_name(st, p) : "0");
	if (q && o->columns) {
		char *list = NULL;
		for (const char *c = o->columns; *c && q;) {
			size_t len = strcspn(c, ",");
			char *name = sqlite3_mprintf("%.*s", (int)len, c);
			list = name ? sqlite3_mprintf("%z%s\"%w\"", list, list ? ", " :
			    "", name) : NULL;
			sqlite3_free(name);
			if (!list)
				break;
			c += len + (c[len] == ',');
		}
		char *with = list ? sqlite3_mprintf("SELECT %s FROM (%s)", list, q) :
		    NULL;
		sqlite3_free(list);
		sqlite3_free(q);
		q = with;
	}
	sqlite3_finalize(st);
	if (!q)
		return sv_errf(e, SV_NOMEM, "out of memory");
	rc = db_prepare(db, out, q, e);
	sqlite3_free(q);
	if (rc)
		return rc;
	if (o->from)
		sqlite3_bind_text(*out, 1, o->from, -1, SQLITE_STATIC);
	if (o->to)
		sqlite3_bind_text(*out, 2, o->to, -1, SQLITE_STATIC);
	sqlite3_bind_int(*out, 3, o->zone);
	if (o->phenomenon)
		sqlite3_bind_text(*out, 4, o->phenomenon, -1, SQLITE_STATIC);
	return SV_OK;
}

int
export_write(sqlite3 *db, const export_opts *o, FILE *out, sv_err *e)
{
	tabwrite_opts t = { o->json, o->excel ? ';' : ',', o->excel && !o->json,
	    o->excel, NULL, NULL, o->shape };
	heads h = { NULL, "" };
	int rc;

	if (o->heads && !o->json) {
		if ((rc = db_prepare(db, &h.st, !strcmp(o->heads, "nl") ?
		    "SELECT nl FROM export_head WHERE column = ?1" :
		    "SELECT fr FROM export_head WHERE column = ?1", e)))
			return rc;
		t.head = head_of;
		t.head_ctx = &h;
	}

	for (size_t i = 0; i < NTABLES; i++)
		if (strcmp(tables[i].name, o->what) == 0) {
			const char *sql = tables[i].sql;
			sqlite3_stmt *st;
			if (!(rc = prepare(db, o, e)) && !(rc = select_rows(db, o,
			    !strcmp(o->what, "incidents") && o->all_versions ?
			    incident_versions : !strcmp(o->what, "incidents") &&
			    o->as_of ? incidents_then : sql, &st, e)))
				rc = tabwrite_stmt(db, st, &t, out, e);
			sqlite3_finalize(h.st);
			return rc;
		}
	sqlite3_finalize(h.st);
	return sv_errf(e, SV_USAGE, "export: unknown table '%s' (see suivi "
	    "export --help)", o->what);
}
