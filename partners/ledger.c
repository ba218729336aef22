/*
 * ledger — which of the partners' rows count, and the files loaded after
 * a moment taken back (ledger.h, partners.h).
 */
#include "partners.h"

#include "../core/db.h"
#include "ledger.h"

/*
 * Which row of each key is current, whatever order the files came in: the
 * row of the highest-ranked file.  Files rank, within their kind, by the
 * latest period their name's files carry (a quarter's file, then the next
 * quarter's, which may revise it), then their name, then their version
 * (-v2 after the file it corrects), then their bytes' SHA-256.  Partner
 * tables are small: every row is settled again.
 */
static const char rank_sql[] =
	"UPDATE partner_file SET rank = (SELECT r FROM (SELECT f.id, "
	"row_number() OVER (PARTITION BY f.kind ORDER BY g.latest, f.stem, "
	"f.version, f.sha256) AS r FROM partner_file f JOIN (SELECT p.id, "
	"max(coalesce(x.last, 0)) OVER (PARTITION BY p.kind, p.stem) AS latest "
	"FROM partner_file p LEFT JOIN (SELECT file, max(period_end) AS last "
	"FROM partner_figure GROUP BY file UNION ALL SELECT file, max(date) / 100 "
	"FROM progress GROUP BY file) x ON x.file = p.id) g ON g.id = f.id) "
	"WHERE id = partner_file.id);"
	"UPDATE partner_figure SET superseded_by = nullif((SELECT g.id FROM "
	"partner_figure g JOIN partner_file f ON f.id = g.file WHERE "
	"g.indicator = partner_figure.indicator AND g.period = "
	"partner_figure.period AND suivi_key(g.source) = "
	"suivi_key(partner_figure.source) ORDER BY f.rank DESC LIMIT 1), id);"
	"UPDATE progress SET superseded_by = nullif((SELECT g.id FROM progress g "
	"JOIN partner_file f ON f.id = g.file WHERE g.measure = progress.measure "
	"AND g.date = progress.date AND suivi_key(g.partner) = "
	"suivi_key(progress.partner) ORDER BY f.rank DESC LIMIT 1), id);";

int
partners_settle(sqlite3 *db, sv_err *e)
{
	return db_exec(db, rank_sql, e);
}

int
partners_rollback(sqlite3 *db, const char *at, long *removed, sv_err *e)
{
	long long n;
	int rc;

	if ((rc = db_ids_after(db, "later_file", "partner_file", "loaded_at",
	    at, e)) ||
	    (rc = db_exec(db, "UPDATE partner_figure SET superseded_by = NULL "
	    "WHERE superseded_by IN (SELECT id FROM partner_figure WHERE "
	    "file IN temp.later_file);"
	    "UPDATE progress SET superseded_by = NULL WHERE superseded_by IN "
	    "(SELECT id FROM progress WHERE file IN temp.later_file);"
	    "DELETE FROM partner_figure WHERE file IN temp.later_file;"
	    "DELETE FROM progress WHERE file IN temp.later_file;"
	    "DELETE FROM partner_file WHERE id IN temp.later_file", e)) ||
	    (rc = partners_settle(db, e)) ||
	    (rc = db_integer(db, "SELECT count(*) FROM temp.later_file", &n, e)))
		return rc;
	*removed = (long)n;
	return SV_OK;
}
