/*
 * report — the monthly report: one self-contained HTML page per language
 * (DIR/<YYYY-MM>/report.<lang>.html), charts inlined as SVG, no external
 * request.  This file writes the document around the sections: head and
 * stylesheet (screen, phone and A4 print) and the table of contents;
 * provenance.c the provenance of the data, changes.c, measures.c and
 * quality.c the rest.
 *
 * A page is written to a temporary file and renamed into place only when
 * every section and chart succeeded; the languages' pages are all written
 * first and then renamed together, so a failure never leaves a new page
 * beside an old one.
 */
#include "reports.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "../aggregate/aggregate.h"
#include "../core/db.h"
#include "../core/msg.h"
#include "../core/outfile.h"
#include "audit.h"
#include "numfmt.h"
#include "page.h"
#include "pagedata.h"
#include "plot.h"
#include "publish.h"
#include "revisions.h"

static const char css[] =
	":root{--ink:#1d232b;--muted:#5b6470;--rule:#d5dae1;--accent:#2f5f98;"
	"--band:#fde3c8;--alarm:#c0392b}"
	"*{box-sizing:border-box}"
	"body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:62rem;"
	"margin:1.5rem auto;padding:0 1rem;color:var(--ink);line-height:1.45;"
	"font-size:16px}"
	"h1{font-size:1.55rem;margin:.2rem 0 .4rem;border-bottom:3px solid "
	"var(--accent);padding-bottom:.3rem}"
	"h2{font-size:1.3rem;margin:2rem 0 .6rem;border-bottom:1px solid "
	"var(--rule);padding-bottom:.2rem}"
	"h3{font-size:1.1rem;margin:1.4rem 0 .4rem}h4{margin:1rem 0 .3rem;"
	"font-size:1rem}"
	"a{color:var(--accent)}"
	".sr{position:absolute;width:1px;height:1px;overflow:hidden;"
	"clip-path:inset(50%);white-space:nowrap}"
	".lead{font-size:1.1rem;margin:.2rem 0}"
	".source,.note,figcaption{color:var(--muted);font-size:.88rem}"
	".note{font-style:italic}"
	".unlisted{font-style:italic}"
	".synthetic{background:#fff3cd;border:1px solid #e0c36a;padding:.5rem "
	".8rem;font-weight:bold}"
	"nav ol{padding-left:2rem;margin:.3rem 0}nav li{margin:.1rem 0}"
	"nav>ol>li{margin-top:.3rem}"
	".tw{overflow-x:auto;margin:.4rem 0 1rem}"
	"table{border-collapse:collapse;font-size:.85rem}"
	"th,td{border:1px solid var(--rule);padding:.2rem .4rem;text-align:right;"
	"white-space:nowrap}"
	"thead th{background:#eef2f7}tbody th{font-weight:normal}"
	"td:first-child,td:nth-child(2),th:first-child,"
	"th:nth-child(2){text-align:left;white-space:normal}"
	/* a head may wrap ("janv.–oct." over "2026"): the numbers do not */
	"thead th{white-space:normal;vertical-align:bottom}"
	"td:nth-child(2),tbody th:nth-child(2){min-width:9em}"
	/* a commune under its zone */
	"tr[data-level^=commune] th:first-child{padding-left:1.4em}"
	"tr.sum td,tr.sum th{font-weight:bold;background:#f7f9fb}table td.num{text-align:"
	"right}"
	".flag{color:var(--alarm)}"
	"ul.alarms>li{margin-bottom:1rem}dl.glossary dd{margin:0 0 .6rem 1.2rem}"
	"figure{margin:.6rem 0 1.2rem}figure svg{width:100%;height:auto;"
	"display:block}figcaption.data{font-size:.8rem;margin-top:.2rem}"
	"figure svg.phone,.phone-title{display:none}"
	"@media print{figcaption.data{display:none}}"
	"@media (max-width:40rem){body{font-size:15px;padding:0 .6rem}"
	/* a table's key columns (level, detail, the two 12 months) within a
	 * phone's width; the others scroll into view.  A name wraps between
	 * its words and parts (page_breakable()), never inside a word: a
	 * browser without a hyphenation dictionary cuts "Hoofdstedeli|jk" */
	"table{font-size:.75rem}th,td{padding:.15rem .25rem}"
	"td:nth-child(2),tbody th:nth-child(2){min-width:0}td:first-child,"
	"th:first-child{min-width:5rem}"
	"h1{font-size:1.3rem}figure{overflow-x:auto}figure svg{min-width:"
	"640px}"
	/* a phone shows a chart's phone version, its last months at their
	 * own size, under its title (plot.h) */
	"figure svg.desk{display:none}figure svg.phone{display:block;"
	"min-width:0}ul.alarms{padding-left:1.2rem}.phone-title{display:block;"
	"font-weight:bold;font-size:.95rem;margin:0 0 .3rem}"
	/* a chart without one, wider than a phone, opens on its latest
	 * months: a right-to-left frame starts scrolled to its end */
	"figure{direction:rtl}figure>*{direction:ltr}}"
	"@page{size:A4;margin:15mm 13mm 17mm}"
	"@page{@bottom-right{content:counter(page) ' / ' counter(pages);"
	"font-size:9pt;color:#666}}"
	"@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}"
	"h1,h2,h3,h4{break-after:avoid;page-break-after:avoid}"
	/* a measure's headings and note stay with its first indicator
	 * (measures.c: keep: a page that cannot hold them all starts with
	 * them); a table of up to 15 rows is not split */
	"figure,li,tr,.plangrid,.keep,.tw:not(:has(tr:nth-child(16))){"
	"break-inside:avoid;page-break-inside:avoid}"
	"table{font-size:7.5pt}th,td{padding:.1em .35em}"
	"td:nth-child(2),tbody th:nth-child(2){min-width:11em}"
	".tw{overflow:visible}a{color:inherit;text-decoration:none}"
	"figure svg{max-height:80mm;width:auto;max-width:100%}"
	/* small multiples: the page's width, their text legible */
	"figure.tall svg{max-height:125mm}}"
	/* the plan's grid: one cell per measure, coloured by status */
	".grid{display:flex;gap:2px;margin:0 0 2px;font-size:.78rem}"
	".grid .ax{flex:0 0 2rem;font-weight:bold;padding:.15rem 0}"
	".grid .cells{display:flex;flex-wrap:wrap;gap:2px;flex:1}"
	".grid .cells span{flex:0 0 3.3rem;padding:.15rem .2rem;text-align:center;"
	"border:1px solid var(--rule)}"
	".st-not_started{background:#dddddd}.st-in_preparation{background:#ecd977}"
	".st-in_progress{background:#4477aa;color:#fff}.st-done{background:#228833;"
	"color:#fff}.st-abandoned{background:#ee6677}.st-none{background:#fff;"
	"border-style:dashed!important}"
	/* a status from a report over 12 months old: hatched */
	".old{background-image:repeating-linear-gradient(135deg,transparent 0 "
	"3px,rgba(255,255,255,.75) 3px 6px)}"
	".legend span{display:inline-block;padding:.1rem .4rem;margin:0 .3rem "
	".2rem 0;border:1px solid var(--rule);font-size:.8rem}"
	"@media print{.grid span,.legend span{-webkit-print-color-adjust:exact;"
	"print-color-adjust:exact}}";

long
report_local_day(const char *utc)
{
	struct tm tm = { 0 };
	time_t t = time(NULL);

	if (utc && sscanf(utc, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 6) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		t = timegm(&tm);
	}
	if (!localtime_r(&t, &tm))
		return 0;
	return (tm.tm_year + 1900) * 10000L + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* s as a CSS string's content: quotes, backslashes and anything that
 * could end the style element escaped by code point. */
static void
css_string(FILE *out, const char *s)
{
	for (; *s; s++)
		if (*s == '"' || *s == '\\' || *s == '<' || *s == '>' ||
		    (unsigned char)*s < 0x20)
			fprintf(out, "\\%x ", (unsigned char)*s);
		else
			putc(*s, out);
}

/* What every printed page carries at its head: the title and month, the
 * language, and that the data are synthetic when they are. */
static void
print_header(page *p)
{
	char month[64], title[256];

	numfmt_month(p->lang, p->month, month, sizeof month);
	snprintf(title, sizeof title, page_msg(p, "page_title"), month);
	fputs("<style>@page{@top-left{content:\"", p->out);
	css_string(p->out, title);
	fputs(" \\b7  ", p->out);
	for (const char *l = p->lang; *l; l++)
		putc(toupper((unsigned char)*l), p->out);
	if (p->sample) {
		fputs(" \\2014  ", p->out);
		css_string(p->out, page_msg(p, "print_synthetic"));
	}
	fputs("\";font-size:8pt;color:#555}}</style>", p->out);
}

static void
head(page *p)
{
	fprintf(p->out, "<!DOCTYPE html>\n<html lang=\"%s\" xmlns=\"http://www."
	    "w3.org/1999/xhtml\"><head><meta charset=\"utf-8\"/><meta name="
	    "\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
	    "<title>", p->lang);
	page_say(p, "page_title", page_month(p, p->month));
	fprintf(p->out, "</title><style>%s</style>", css);
	print_header(p);
	fputs("</head><body>\n<header>\n", p->out);
	if (p->sample)
		page_say(p, "synthetic_banner");
	page_say(p, "h1_title");
	page_say(p, "lead", page_month(p, p->month));
	fputs("<p class=\"source\">", p->out);
	page_provenance(p);
	fputs("</p>\n", p->out);
	page_say(p, "provisional_intro");
	fputs("</header>\n", p->out);
}

static void
toc(page *p)
{
	fprintf(p->out, "<nav id=\"toc\"><h2>%s</h2><ol>\n",
	    page_msg(p, "toc"));
	fprintf(p->out, "<li><a href=\"#changes\">%s</a></li>\n",
	    page_msg(p, "h2_changes"));
	measures_toc(p);
	fprintf(p->out, "<li><a href=\"#plan\">%s</a></li>\n",
	    page_msg(p, "h2_plan"));
	fprintf(p->out, "<li><a href=\"#quality\">%s</a></li>\n",
	    page_msg(p, "h2_quality"));
	fprintf(p->out, "<li><a href=\"#definitions\">%s</a></li>\n",
	    page_msg(p, "h2_definitions"));
	fprintf(p->out, "<li><a href=\"#method\">%s</a></li>\n</ol></nav>\n",
	    page_msg(p, "h2_method"));
}

static int
write_page(page *p)
{
	head(p);
	mainpoints_write(p);
	toc(p);
	fputs("<main>\n", p->out);
	changes_write(p);
	measures_write(p);
	plan_write(p);
	quality_write(p);
	glossary_write(p);
	method_write(p);
	fputs("</main>\n</body></html>\n", p->out);
	return p->rc;
}

/* A page in the making, on a connection of its own (the first page on the
 * caller's) inside one read transaction, so that the pages are written
 * side by side, each waiting on its own gnuplot. */
typedef struct page_job {
	page p;
	sqlite3 *db;
	int own;                /* db is this job's to close */
	sv_err e;
	int rc;
	pthread_t thread;
	int started;
} page_job;

static void *
page_thread(void *arg)
{
	page_job *j = arg;

	j->rc = write_page(&j->p);
	return NULL;
}

/* Connect job j and begin its read transaction; every job must see the
 * aggregate run the first one sees, and that run must be the one of the
 * month the report is for. */
static int
job_connect(page_job *j, sqlite3 *db, const char *file, int through,
    long long *run)
{
	long long mine, month;
	int rc;

	j->db = db;
	if (file && (rc = db_open(file, DB_READONLY, &j->db, &j->e)))
		return rc;
	j->own = file != NULL;
	if ((rc = db_exec(j->db, "BEGIN", &j->e)) || (rc = db_integer(j->db,
	    "SELECT coalesce(max(id), 0) FROM aggregate_run", &mine, &j->e)) ||
	    (rc = db_integer(j->db, "SELECT coalesce((SELECT through FROM "
	    "aggregate_run ORDER BY id DESC LIMIT 1), 0)", &month, &j->e)))
		return rc;
	if (*run < 0)
		*run = mine;
	return mine == *run && month == through ? SV_OK : sv_errf(&j->e,
	    SV_TEMPFAIL, "report: the database was aggregated again while the "
	    "report began: run it again");
}

/* Write the n pages into files, side by side when the database is a file
 * a second connection can open; the first failure in language order is
 * the result. */
static int
write_pages(sqlite3 *db, const report_opts *o, const char *dir, int through,
    int sample, char langs[][8], outfile *files, int n, FILE *log,
    audit **aup, revisions *rev, publish_chart **charts, int *ncharts,
    sv_err *e)
{
	page_job jobs[3] = { 0 };
	const page *pages[3];
	const char *file = sqlite3_db_filename(db, "main");
	long long run = -1;
	int rc = SV_OK, parallel = file && *file && n > 1;
	audit *au = NULL;

	for (int i = 0; i < n && !rc; i++) {
		page_job *j = &jobs[i];
		rc = job_connect(j, db, parallel && i > 0 ? file : NULL, through,
		    &run);
		/* what the pages hide, decided once over all their figures */
		if (!rc && i == 0 && !(rc = audit_build(j->db, through, o->min_cell,
		    &au, &j->e)))
			rc = revisions_build(j->db, through, o->min_cell, rev, &j->e);
		j->p = (page){ .db = j->db, .lang = langs[i], .dir = dir,
		    .month = through, .min_cell = o->min_cell, .e = &j->e,
		    .log = log, .out = files[i].fp, .sample = sample, .audit = au,
		    .rev = rev, .chart_files = o->chart_files,
		    .written_day = o->written_day ? o->written_day :
		    report_local_day(NULL),
		    .reproduced_day = o->reproduced_day };
		if (rc)
			*e = j->e;
	}
	/* the other pages' threads first, then the first page here */
	for (int i = n - 1; i >= 0 && !rc; i--) {
		page_job *j = &jobs[i];
		if (parallel && i > 0)
			j->started = pthread_create(&j->thread, NULL, page_thread,
			    j) == 0;
		if (!j->started)
			page_thread(j);
	}
	for (int i = 0; i < n; i++) {
		page_job *j = &jobs[i];
		if (j->started)
			pthread_join(j->thread, NULL);
		if (j->rc && !rc) {
			rc = j->rc;
			*e = j->e;
		}
		if (j->db) {
			db_exec(j->db, "COMMIT", &j->e);
			if (j->own)
				db_close(j->db);
		}
	}
	*charts = NULL;
	*ncharts = 0;
	for (int i = 0; i < n; i++)
		pages[i] = &jobs[i].p;
	if (!rc)
		rc = pagedata_gather(dir, langs, pages, n, charts, ncharts, e);
	for (int i = 0; i < n; i++)
		page_free(&jobs[i].p);
	*aup = au;
	return rc;
}

/* The languages of o->langs, checked: "fr,nl" -> { "fr", "nl" }. */
static int
languages(const char *langs, char list[][8], int max, int *n, sv_err *e)
{
	const char *s = langs;

	*n = 0;
	while (*s) {
		size_t len = strcspn(s, ",");
		if (len == 0 || len >= 8 || *n == max)
			return sv_errf(e, SV_USAGE, "report: --lang '%s': a comma-"
			    "separated list of fr, nl and en", langs);
		memcpy(list[*n], s, len);
		list[*n][len] = '\0';
		if (!msg_lang_known(list[*n]))
			return sv_errf(e, SV_USAGE, "report: language '%s': fr, nl "
			    "or en", list[*n]);
		(*n)++;
		s += len + (s[len] == ',');
	}
	return *n ? SV_OK : sv_errf(e, SV_USAGE, "report: --lang is empty");
}

/* What a report killed half-way left: temporary pages, charts and data
 * (their names end in .tmp-XXXXXX) and charts drawn to be inlined only
 * (.chart-*, and the phone versions, *.phone).  The month's folder is the report's own. */
static void
remove_leftovers(const char *dir)
{
	static const char *const left[] = { "/*.tmp-??????",
	    "/charts/*.tmp-??????", "/charts/*.phone", "/data/*.tmp-??????",
	    "/.chart-*" };
	char pattern[4300];

	for (size_t i = 0; i < sizeof left / sizeof *left; i++) {
		snprintf(pattern, sizeof pattern, "%s%s", dir, left[i]);
		outfile_prune(pattern, NULL, NULL);
	}
}

/* The month's folder held for this report alone: a second report into
 * the same folder waits for the first (its clean-up would take the
 * first's temporary files).  The lock goes with the descriptor in *lock. */
static int
hold_folder(const char *dir, int *lock, sv_err *e)
{
	if ((*lock = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return sv_errf(e, SV_CANTCREAT, "%s: cannot open: %s", dir,
		    strerror(errno));
	if (flock(*lock, LOCK_EX | LOCK_NB) == 0)
		return SV_OK;
	fprintf(stderr, "suivi report: another report is writing %s: waiting "
	    "for it\n", dir);
	while (flock(*lock, LOCK_EX) != 0)
		if (errno != EINTR) {
			close(*lock);
			*lock = -1;
			return sv_errf(e, SV_CANTCREAT, "%s: cannot lock: %s", dir,
			    strerror(errno));
		}
	return SV_OK;
}

static int
prepare_dirs(const report_opts *o, int through, char *dir, size_t n,
    int *lock, sv_err *e)
{
	char sub[4200];
	int rc;

	*lock = -1;
	if ((size_t)snprintf(dir, n, "%s/%04d-%02d", o->out, through / 100,
	    through % 100) >= n)
		return sv_errf(e, SV_USAGE, "report: --out is too long");
	if ((rc = outfile_dir(o->out, e)) || (rc = outfile_dir(dir, e)))
		return rc;
	snprintf(sub, sizeof sub, "%s/data", dir);
	if ((rc = outfile_dir(sub, e)))
		return rc;
	snprintf(sub, sizeof sub, "%s/charts", dir);
	if ((o->chart_files && (rc = outfile_dir(sub, e))) ||
	    (rc = hold_folder(dir, lock, e)))
		return rc;
	remove_leftovers(dir);
	return SV_OK;
}

int
report_ready(sv_err *e)
{
	return plot_available(e);
}

/* SV_OK unless the last publication used another minimum cell: two
 * publications share most of their months (a chart's years, eleven of a
 * table's twelve), and what one shows of the counts between the two
 * thresholds the other hides; read together, they give small counts
 * back. */
static int
one_threshold(sqlite3 *db, int min_cell, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found = 0, before, month;
	long long id;

	if ((rc = db_prepare(db, &st, "SELECT id, month, min_cell FROM "
	    "publication WHERE id = (SELECT max(id) FROM publication) AND "
	    "min_cell <> ?1", e)))
		return rc;
	sqlite3_bind_int(st, 1, min_cell);
	if ((rc = db_lookup(db, st, &found, e)) || !found) {
		sqlite3_finalize(st);
		return rc;
	}
	id = sqlite3_column_int64(st, 0);
	month = sqlite3_column_int(st, 1);
	before = sqlite3_column_int(st, 2);
	sqlite3_finalize(st);
	return sv_errf(e, SV_DATAERR, "report: the last publication (%lld, "
	    "%04d-%02d) used a minimum cell of %d; pages at %d beside it share "
	    "most of their months and could be read together: what one shows "
	    "of %d to %d the other hides.  Give --min-cell %d, or "
	    "--new-threshold to publish at %d all the same", id, month / 100,
	    month % 100, before, min_cell, before < min_cell ? before : min_cell,
	    (before > min_cell ? before : min_cell) - 1, before, min_cell);
}

int
report_write(sqlite3 *db, const report_opts *o, FILE *out, FILE *log,
    sv_err *e)
{
	char dir[4096], path[4300], langs[3][8];
	outfile files[3];
	publish_page pages[3];
	audit *au = NULL;
	revisions rev = { 0 };
	publish_chart *charts = NULL;
	outfile *data = NULL;
	int rc, n, through, opened = 0, lock = -1, ncharts = 0, dopened = 0;
	long long sample, id;

	if ((rc = languages(o->langs, langs, 3, &n, e)))
		return rc;
	if ((rc = aggregate_through(db, "report", &through, e)))
		return rc;
	if (o->month && o->month != through)
		return sv_errf(e, SV_USAGE, "report: the database is aggregated through "
		    "%04d-%02d; run 'suivi aggregate --through %04d-%02d' first",
		    through / 100, through % 100, o->month / 100, o->month % 100);
	if (!o->new_threshold && (rc = one_threshold(db, o->min_cell, e)))
		return rc;
	if ((rc = prepare_dirs(o, through, dir, sizeof dir, &lock, e)) || (rc = db_integer(db, "SELECT count(*) "
	    "FROM extract WHERE origin = 'sample'", &sample, e))) {
		if (lock >= 0)
			close(lock);
		return rc;
	}
	for (int i = 0; i < n && !rc; i++) {
		snprintf(path, sizeof path, "%s/report.%s.html", dir, langs[i]);
		if ((rc = outfile_open(&files[i], path, e)))
			break;
		opened++;
	}
	if (!rc)
		rc = write_pages(db, o, dir, through, sample > 0, langs, files, n,
		    log, &au, &rev, &charts, &ncharts, e);
	/* Every page complete and flushed before any is put in place, so a
	 * failure never leaves a new page beside an old one. */
	for (int i = 0; i < opened && !rc; i++)
		if (fflush(files[i].fp) != 0 || ferror(files[i].fp))
			rc = sv_errf(e, SV_IOERR, "%s: cannot write: %s (free some "
			    "space, or raise the file size limit, and run the command "
			    "again)", files[i].path, errno ? strerror(errno) :
			    "disk full?");
	/* the charts' data the pages link, put in place with them */
	if (!rc && !(data = calloc((size_t)ncharts + 1, sizeof *data)))
		rc = sv_errf(e, SV_NOMEM, "out of memory");
	if (!rc)
		rc = pagedata_write(charts, ncharts, data, &dopened, e);
	for (int i = 0; i < dopened; i++) {
		int r = outfile_close(&data[i], rc, e);
		rc = rc ? rc : r;
	}
	free(data);
	for (int i = 0; i < opened; i++) {
		int r = outfile_close(&files[i], rc, e);
		if (!rc && !r) {
			fprintf(out, "%s/report.%s.html\n", dir, langs[i]);
			pages[i] = (publish_page){ langs[i], files[i].path };
		}
		rc = rc ? rc : r;
	}
	if (!rc)
		pagedata_prune(dir, charts, ncharts, o->chart_files);
	/* the pages are in place: what they show is kept as a publication */
	publish_set what = { pages, n, charts, ncharts, au };
	if (!rc && (rc = publish_record(db, through, o->min_cell, o->langs, &what,
	    &id, e))) {
		char why[sizeof e->msg];
		snprintf(why, sizeof why, "%s", e->msg);
		rc = sv_errf(e, rc, "report: the pages are written, but could not be "
		    "recorded as a publication: %s", why);
	}
	audit_free(au);
	revisions_free(&rev);
	pagedata_free(charts, ncharts);
	close(lock);
	return rc;
}
