/*
 * quality — the report's data quality and method sections: the extracts
 * received by zone, the rows quarantined by reason (in words), the months
 * not delivered, the coverage chart, the labels not yet mapped; then how
 * the figures are made.
 *
 * The extracts and quarantine tables are one disclosure problem: in each
 * zone's row, rows read = loaded + revised + unchanged + duplicates +
 * quarantined (the ledger's own rule); the
 * total row is the sum of the zones; the quarantine reasons add up to the
 * total quarantined.
 */
#include "page.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/grow.h"
#include "audit.h"
#include "disclose.h"

#define QCOLS 6         /* read, loaded, revised, unchanged, duplicates,
                           quarantined (the last) */

/* One row of the extracts table: a zone (0: rows that named none), or
 * the total. */
typedef struct qrow {
	int zone, extracts;
	double v[QCOLS];
} qrow;

/* One quarantine reason: its code (one of ingest's, short) and count. */
typedef struct qreason {
	char code[48];
	double n;
} qreason;

/* As many rows as zones delivered, then the total (row[nzones]); as many
 * reasons as the quarantine holds. */
typedef struct quality {
	int nzones, nreasons;
	qrow *row;
	qreason *reason;
	size_t caprow, capreason;
	disclose_cell *cells;           /* zones and total x QCOLS, reasons */
} quality;

/* The disclosure cell of a figure of the extracts table. */
static int
cell_of(int row, int col)
{
	return row * QCOLS + col;
}

static int
read_quality(page *p, quality *q)
{
	sqlite3_stmt *st;

	if (page_prepare(p, &st, "SELECT coalesce(zone, 0), count(*), "
	    "sum(rows_read), sum(rows_loaded), sum(rows_revised), "
	    "sum(rows_unchanged), sum(rows_duplicate), sum(rows_quarantined) "
	    "FROM extract GROUP BY 1 "
	    "ORDER BY 1"))
		return p->rc;
	while (page_step(p, st)) {
		/* room for this zone and the total after it */
		if (grow((void **)&q->row, &q->caprow, (size_t)q->nzones + 2,
		    sizeof *q->row)) {
			sqlite3_finalize(st);
			sv_errf(p->e, SV_NOMEM, "out of memory");
			return page_fail(p, SV_NOMEM);
		}
		qrow *r = &q->row[q->nzones++];
		r->zone = sqlite3_column_int(st, 0);
		r->extracts = sqlite3_column_int(st, 1);
		for (int k = 0; k < QCOLS; k++)
			r->v[k] = sqlite3_column_double(st, 2 + k);
	}
	sqlite3_finalize(st);
	if (p->rc)
		return p->rc;
	if (grow((void **)&q->row, &q->caprow, (size_t)q->nzones + 1,
	    sizeof *q->row)) {
		sv_errf(p->e, SV_NOMEM, "out of memory");
		return page_fail(p, SV_NOMEM);
	}
	q->row[q->nzones] = (qrow){ 0, 0, { 0 } };
	for (int z = 0; z < q->nzones; z++) {
		q->row[q->nzones].extracts += q->row[z].extracts;
		for (int k = 0; k < QCOLS; k++)
			q->row[q->nzones].v[k] += q->row[z].v[k];
	}
	if (page_prepare(p, &st, "SELECT reason_code, count(*) FROM quarantine "
	    "GROUP BY 1 ORDER BY 2 DESC, 1"))
		return p->rc;
	while (page_step(p, st)) {
		if (grow((void **)&q->reason, &q->capreason, (size_t)q->nreasons + 1,
		    sizeof *q->reason)) {
			sqlite3_finalize(st);
			sv_errf(p->e, SV_NOMEM, "out of memory");
			return page_fail(p, SV_NOMEM);
		}
		qreason *r = &q->reason[q->nreasons++];
		snprintf(r->code, sizeof r->code, "%s",
		    (const char *)sqlite3_column_text(st, 0));
		r->n = sqlite3_column_double(st, 1);
	}
	sqlite3_finalize(st);
	return p->rc;
}

static int
disclose_quality(page *p, quality *q)
{
	int rows = q->nzones + 1, ncells = rows * QCOLS + q->nreasons;
	int ngroups = rows + QCOLS + 1, ni = 0;
	disclose_group *g = calloc((size_t)ngroups, sizeof *g);
	int *idx = calloc((size_t)(ncells * 2), sizeof *idx);

	q->cells = calloc((size_t)ncells, sizeof *q->cells);
	if (!g || !idx || !q->cells) {
		free(g), free(idx);
		sv_errf(p->e, SV_NOMEM, "out of memory");
		return page_fail(p, SV_NOMEM);
	}
	for (int r = 0; r < rows; r++)
		for (int k = 0; k < QCOLS; k++)
			q->cells[cell_of(r, k)] = (disclose_cell){ q->row[r].v[k], NAN, 0 };
	for (int i = 0; i < q->nreasons; i++)
		q->cells[rows * QCOLS + i] = (disclose_cell){ q->reason[i].n, NAN, 0 };
	ngroups = 0;
	for (int r = 0; r < rows; r++) {         /* read = the five outcomes */
		g[ngroups++] = (disclose_group){ cell_of(r, 0), idx + ni, QCOLS - 1 };
		for (int k = 1; k < QCOLS; k++)
			idx[ni++] = cell_of(r, k);
	}
	for (int k = 0; k < QCOLS; k++) {        /* the total = the zones */
		g[ngroups++] = (disclose_group){ cell_of(q->nzones, k), idx + ni,
		    q->nzones };
		for (int z = 0; z < q->nzones; z++)
			idx[ni++] = cell_of(z, k);
	}
	g[ngroups++] = (disclose_group){ cell_of(q->nzones, QCOLS - 1), idx + ni,
	    q->nreasons };                  /* quarantined = the reasons */
	for (int i = 0; i < q->nreasons; i++)
		idx[ni++] = rows * QCOLS + i;
	disclose_table(q->cells, ncells, g, ngroups, p->min_cell);
	free(g), free(idx);
	return SV_OK;
}

static const char *
shown(page *p, const disclose_cell *c)
{
	return c->suppressed ? page_suppressed(p, c->suppressed) :
	    page_count(p, c->n);
}

static int
any_suppressed(const quality *q)
{
	for (int i = 0; i < (q->nzones + 1) * QCOLS + q->nreasons; i++)
		if (q->cells[i].suppressed)
			return 1;
	return 0;
}

static void
extracts_table(page *p, const quality *q)
{
	fprintf(p->out, "<h3>%s</h3>\n", page_msg(p, "h3_extracts"));
	page_table_open(p, "counts", page_msg(p, "h3_extracts"));
	fprintf(p->out, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
	    page_msg(p, "th_zone"),
	    page_msg(p, "th_extracts"), page_msg(p, "th_read"),
	    page_msg(p, "th_loaded"), page_msg(p, "th_revised"),
	    page_msg(p, "th_unchanged"), page_msg(p, "th_duplicates"),
	    page_msg(p, "th_quarantined"));
	for (int r = 0; r <= q->nzones; r++) {
		int total = r == q->nzones;
		fprintf(p->out, "<tr%s data-row=\"%s\"><th scope=\"row\">%s</th>"
		    "<td>%s</td>",
		    total ? " class=\"sum\"" : "", total ? "total" : "zone",
		    total ? page_msg(p, "total_all_zones") : q->row[r].zone ?
		    page_zone(p, q->row[r].zone) : page_msg(p, "zone_unknown"),
		    page_num(p, q->row[r].extracts, 0));
		for (int k = 0; k < QCOLS; k++)
			fprintf(p->out, "<td>%s</td>", shown(p,
			    &q->cells[cell_of(r, k)]));
		fputs("</tr>\n", p->out);
	}
	fputs("</tbody></table></div>\n", p->out);
}

static void
reasons_table(page *p, const quality *q)
{
	int rows = q->nzones + 1;

	fprintf(p->out, "<h3>%s</h3>\n", page_msg(p, "h3_quarantine"));
	if (!q->nreasons) {
		page_say(p, "no_quarantine");
		return;
	}
	page_table_open(p, "counts", page_msg(p, "h3_quarantine"));
	fprintf(p->out, "<thead><tr>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
	    page_msg(p, "th_reason"), page_msg(p, "th_rows"));
	for (int i = 0; i < q->nreasons; i++) {
		char key[64];
		snprintf(key, sizeof key, "reason_%s", q->reason[i].code);
		fprintf(p->out, "<tr data-row=\"reason\"><th scope=\"row\">%s</th>"
		    "<td>%s</td></tr>\n",
		    strcmp(page_msg(p, key), key) ? page_msg(p, key) :
		    page_esc(p, q->reason[i].code), shown(p, &q->cells[rows * QCOLS + i]));
	}
	fprintf(p->out, "<tr class=\"sum\" data-row=\"total\"><th scope=\"row\">"
	    "%s</th><td>%s</td></tr>\n</tbody></table></div>\n", page_msg(p, "total"),
	    shown(p, &q->cells[cell_of(q->nzones, QCOLS - 1)]));
}

static void
not_delivered(page *p)
{
	sqlite3_stmt *st;
	int n = 0, zone = -1;

	fprintf(p->out, "<h3>%s</h3>\n", page_msg(p, "h3_not_delivered"));
	if (page_prepare(p, &st, "SELECT zone, month FROM coverage WHERE NOT "
	    "delivered ORDER BY zone, month"))
		return;
	while (page_step(p, st)) {
		int z = sqlite3_column_int(st, 0);
		if (!n++)
			fprintf(p->out, "<ul>");
		if (z != zone) {
			fputs(zone < 0 ? "" : "</li>", p->out);
			page_say(p, "not_delivered_zone", page_zone(p, z));
		} else
			fputs(", ", p->out);
		fputs(page_month(p, sqlite3_column_int(st, 1)), p->out);
		zone = z;
	}
	sqlite3_finalize(st);
	if (n)
		fputs("</li></ul>\n", p->out);
	else
		page_say(p, "all_delivered");
}

/* The partners' files in force, as loaded: name, content, rows, day. */
static void
partner_files_table(page *p)
{
	sqlite3_stmt *st;
	int n = 0;

	if (page_prepare(p, &st, "SELECT stem, kind, rows, CAST(replace(substr("
	    "loaded_at, 1, 10), '-', '') AS INTEGER) FROM partner_file ORDER BY "
	    "loaded_at, stem"))
		return;
	while (page_step(p, st)) {
		if (!n++) {
			fprintf(p->out, "<h3 id=\"partner-files\">%s</h3>\n",
			    page_msg(p, "h3_partner_files"));
			page_table_open(p, NULL, page_msg(p, "h3_partner_files"));
			fprintf(p->out, "<thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
			    page_msg(p, "th_file"), page_msg(p, "th_content"),
			    page_msg(p, "th_rows"), page_msg(p, "th_loaded_on"));
		}
		fprintf(p->out, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td>"
		    "<td>%s</td></tr>\n", page_col_esc(p, st, 0), page_msg(p,
		    strcmp((const char *)sqlite3_column_text(st, 1), "progress") ?
		    "partner_kind_figures" : "partner_kind_progress"),
		    page_num(p, sqlite3_column_int(st, 2), 0), page_day(p,
		    sqlite3_column_int64(st, 3)));
	}
	sqlite3_finalize(st);
	if (n)
		fputs("</tbody></table></div>\n", p->out);
}

/* The labels no alias maps yet, each in the language of the files that
 * typed it where they agree: each count disclosed on its own. */
static void
unmapped(page *p)
{
	sqlite3_stmt *st;
	int n = 0;

	fprintf(p->out, "<h3>%s</h3>\n", page_msg(p, "h3_unmapped"));
	if (page_prepare(p, &st, "SELECT m.raw, m.incidents, l.lang FROM "
	    "label_map m LEFT JOIN label l ON l.text = m.raw WHERE m.phenomenon "
	    "= 'unmapped' ORDER BY m.incidents DESC, m.raw"))
		return;
	while (page_step(p, st)) {
		if (!n++) {
			page_table_open(p, NULL, page_msg(p, "h3_unmapped"));
			fprintf(p->out, "<thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
			    page_msg(p, "th_label"), page_msg(p, "th_facts"));
		}
		const char *lang = (const char *)sqlite3_column_text(st, 2);
		const char *key = !lang ? NULL : !strcmp(lang, "fr") ?
		    "name_in_fr" : !strcmp(lang, "nl") ? "name_in_nl" : NULL;
		fputs("<tr><th scope=\"row\">", p->out);
		if (key)        /* marked on a page of the other language */
			page_say(p, key, page_col_esc(p, st, 0));
		else
			fputs(page_col_esc(p, st, 0), p->out);
		fprintf(p->out, "</th><td>%s</td></tr>\n", page_count(p,
		    page_col(st, 1)));
	}
	sqlite3_finalize(st);
	if (n)
		fputs("</tbody></table></div>\n", p->out);
	else
		page_say(p, "all_mapped");
}

void
quality_write(page *p)
{
	quality *q = calloc(1, sizeof *q);
	char id[32];

	fprintf(p->out, "<section id=\"quality\"><h2>%s</h2>\n",
	    page_msg(p, "h2_quality"));
	if (!q) {
		sv_errf(p->e, SV_NOMEM, "out of memory");
		page_fail(p, SV_NOMEM);
		return;
	}
	if (!read_quality(p, q) && !disclose_quality(p, q)) {
		extracts_table(p, q);
		reasons_table(p, q);
		if (any_suppressed(q))
			page_say(p, "suppressed_note", page_suppressed(p, 1),
			    page_suppressed(p, 2));
	}
	not_delivered(p);
	snprintf(id, sizeof id, "%s", page_id(p, "fig"));
	page_chart(p, id, CHART_COVERAGE, NULL, 0);
	unmapped(p);
	partner_files_table(p);
	fputs("</section>\n", p->out);
	free(q->cells);
	free(q->row);
	free(q->reason);
	free(q);
}

void
method_write(page *p)
{
	static const char *const items[] = { "method_counts", "method_compare",
	    "method_trends", "method_alarms", "method_provisional" };
	char min[32], below[32];

	fprintf(p->out, "<section id=\"method\"><h2>%s</h2><ul>\n",
	    page_msg(p, "h2_method"));
	long long by_now, nowcasts;

	for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
		fputs("<li>", p->out);
		page_say(p, items[i]);
		fputs("</li>\n", p->out);
	}
	/* what this run did about the months not yet complete */
	if (page_fail(p, db_integer(p->db, "SELECT EXISTS (SELECT 1 FROM alarm "
	    "WHERE completeness IS NOT NULL)", &by_now, p->e)) ||
	    page_fail(p, db_integer(p->db, "SELECT EXISTS (SELECT 1 FROM "
	    "nowcast WHERE nowcast IS NOT NULL)", &nowcasts, p->e)))
		return;
	if (nowcasts) {
		fputs("<li>", p->out);
		page_say(p, "method_nowcast");
		fputs("</li>\n", p->out);
	}
	if (by_now) {
		fputs("<li>", p->out);
		page_say(p, "method_by_now");
		fputs("</li>\n", p->out);
	}
	snprintf(min, sizeof min, "%d", p->min_cell - 1);
	snprintf(below, sizeof below, "&lt;%d", p->min_cell);
	fputs("<li>", p->out);
	page_say(p, "method_disclosure", min, below, page_suppressed(p, 2));
	fputs("</li>\n", p->out);
	if (p->audit) {
		const audit_summary *s = audit_result(p->audit);
		fputs("<li>", p->out);
		if (!s->small || isinf(s->narrowest))
			page_say(p, "method_audit_clear", page_num(p, s->cells, 0));
		else
			page_say(p, "method_audit", page_num(p, s->cells, 0),
			    page_num(p, s->small, 0), page_num(p, s->complement, 0),
			    page_num(p, p->min_cell, 0), below, page_num(p,
			    s->narrowest, 0));
		fputs("</li>\n", p->out);
	}
	fputs("</ul></section>\n", p->out);
}
