/*
 * page — the report's shared HTML writing (see page.h).
 */
#include "page.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/db.h"
#include "../core/grow.h"
#include "../core/month.h"
#include "../core/msg.h"
#include "../core/outfile.h"
#include "numfmt.h"

static const char *keep(page *p, const char *s);

/* The catalogue's entries are formats: a plain message loses the doubling
 * of its percent signs. */
const char *
page_msg(page *p, const char *key)
{
	const char *m = msg(p->lang, key);
	char *b, *o;

	if (!strchr(m, '%'))
		return m;
	if (!(o = b = (char *)keep(p, m)) || !*b)
		return m;
	for (const char *c = m; *c; c++) {
		*o++ = *c;
		if (c[0] == '%' && c[1] == '%')
			c++;
	}
	*o = '\0';
	return b;
}

void
page_say(page *p, const char *key, ...)
{
	va_list ap;

	va_start(ap, key);
	vfprintf(p->out, msg(p->lang, key), ap);
	va_end(ap);
}

int
page_fail(page *p, int rc)
{
	if (rc && !p->rc)
		p->rc = rc;
	return rc;
}

int
page_prepare(page *p, sqlite3_stmt **st, const char *sql)
{
	int rc = sqlite3_prepare_v2(p->db, sql, -1, st, NULL);

	if (rc == SQLITE_OK)
		return SV_OK;
	*st = NULL;
	if (!p->rc)
		rc = db_fail(p->db, rc, p->e);
	return page_fail(p, p->rc ? p->rc : rc);
}

int
page_step(page *p, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE && !p->rc)
		page_fail(p, db_fail(p->db, rc, p->e));
	return 0;
}

/* The next ring buffer, with room for len bytes. */
static char *
ring(page *p, size_t len)
{
	int i = p->ringi = (p->ringi + 1) % PAGE_RING;

	if (p->ringcap[i] < len + 1) {
		char *b = realloc(p->ring[i], len + 1);
		if (!b) {
			if (!p->rc)
				sv_errf(p->e, SV_NOMEM, "out of memory");
			page_fail(p, SV_NOMEM);
			return NULL;
		}
		p->ring[i] = b;
		p->ringcap[i] = len + 1;
	}
	return p->ring[i];
}

static const char *
keep(page *p, const char *s)
{
	char *b = ring(p, strlen(s));

	return b ? strcpy(b, s) : "";
}

const char *
page_fmt(page *p, const char *key, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, key);
	vsnprintf(buf, sizeof buf, msg(p->lang, key), ap);
	va_end(ap);
	return keep(p, buf);
}

const char *
page_esc(page *p, const char *s)
{
	size_t len = 0, o = 0;
	char *b;

	s = s ? s : "";
	for (const char *c = s; *c; c++)
		len += strchr("&<>\"'", *c) ? 6 : 3;
	if (!(b = ring(p, len)))
		return "";
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		switch (*c) {
		case '&': memcpy(b + o, "&amp;", 5); o += 5; break;
		case '<': memcpy(b + o, "&lt;", 4); o += 4; break;
		case '>': memcpy(b + o, "&gt;", 4); o += 4; break;
		case '"': memcpy(b + o, "&quot;", 6); o += 6; break;
		case '\'': memcpy(b + o, "&#39;", 5); o += 5; break;
		default:
			/* a control character from the data (ESC, BEL, the C1
			 * controls) is not text: the replacement character */
			if ((*c < 0x20 && *c != '\t' && *c != '\n') || *c == 0x7f ||
			    (*c == 0xC2 && c[1] >= 0x80 && c[1] <= 0x9F)) {
				memcpy(b + o, "\xEF\xBF\xBD", 3);
				o += 3;
				c += *c == 0xC2;
			} else
				b[o++] = (char)*c;
		}
	b[o] = '\0';
	return b;
}

const char *
page_col_esc(page *p, sqlite3_stmt *st, int i)
{
	return page_esc(p, (const char *)sqlite3_column_text(st, i));
}

double
page_col(sqlite3_stmt *st, int i)
{
	return db_column_real(st, i);
}

const char *
page_suppressed(page *p, int how)
{
	char buf[32];

	if (how == 1) {
		snprintf(buf, sizeof buf, "&lt;%d", p->min_cell);
		return keep(p, buf);
	}
	return keep(p, "\xc3\x97");     /* U+00D7 multiplication sign */
}

const char *
page_count(page *p, double v)
{
	char buf[64];

	if (v >= 1 && v < p->min_cell)
		return page_suppressed(p, 1);
	return keep(p, numfmt_count(p->lang, v, buf, sizeof buf));
}

const char *
page_num(page *p, double v, int decimals)
{
	char buf[64];

	return keep(p, numfmt_dec(p->lang, v, decimals, buf, sizeof buf));
}

const char *
page_share(page *p, double v)
{
	char buf[64];

	return keep(p, numfmt_share(p->lang, v, buf, sizeof buf));
}

const char *
page_change(page *p, double ratio)
{
	char buf[64];

	return keep(p, numfmt_change(p->lang, ratio, buf, sizeof buf));
}

const char *
page_interval(page *p, double low, double high)
{
	char buf[160];

	return keep(p, numfmt_interval(p->lang, low, high, buf, sizeof buf));
}

const char *
page_pvalue(page *p, double v)
{
	char buf[64], out[80];

	if (!isnan(v) && v < 0.001) {
		snprintf(out, sizeof out, "&lt;%s", numfmt_dec(p->lang, 0.001, 3, buf,
		    sizeof buf));
		return keep(p, out);
	}
	return page_num(p, v, 3);
}

const char *
page_month(page *p, int yyyymm)
{
	char buf[64];

	return keep(p, numfmt_month(p->lang, yyyymm, buf, sizeof buf));
}

const char *
page_ref_lang(const page *p)
{
	return !strcmp(p->lang, "nl") ? "nl" : "fr";
}

const char *
page_label_col(const page *p)
{
	return !strcmp(p->lang, "nl") ? "label_nl" : "label_fr";
}

/* The name in column col of the row of table whose key is ?1; the
 * fallback (escaped) when there is none. */
static const char *
name_of(page *p, const char *sql, int ikey, const char *tkey,
    const char *fallback)
{
	sqlite3_stmt *st;
	const char *out = NULL;

	if (page_prepare(p, &st, sql))
		return page_esc(p, fallback);
	if (tkey)
		sqlite3_bind_text(st, 1, tkey, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int(st, 1, ikey);
	if (page_step(p, st))
		out = page_col_esc(p, st, 0);
	sqlite3_finalize(st);
	return out ? out : page_esc(p, fallback);
}

const char *
page_partner(page *p, const char *typed)
{
	sqlite3_stmt *st;
	const char *out = NULL;

	/* the catalogue's partners (indicators.csv: partner, partner_nl),
	 * whichever language the file was written in */
	if (page_prepare(p, &st, "SELECT CASE WHEN ?2 = 'nl' THEN partner_nl "
	    "ELSE partner END FROM indicator_def WHERE partner <> '' AND "
	    "partner_nl <> '' AND (suivi_key(partner) = suivi_key(?1) OR "
	    "suivi_key(partner_nl) = suivi_key(?1)) ORDER BY seq LIMIT 1"))
		return page_esc(p, typed);
	sqlite3_bind_text(st, 1, typed, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, page_ref_lang(p), -1, SQLITE_STATIC);
	if (page_step(p, st))
		out = page_col_esc(p, st, 0);
	sqlite3_finalize(st);
	return out ? out : page_fmt(p, "partner_unlisted", page_esc(p, typed));
}

const char *
page_zone(page *p, int zone)
{
	char sql[96], code[32];

	if (zone == 0) {        /* the region, as the charts name it */
		char name[256];
		sv_err e;
		int rc = chart_place(p->db, 0, p->lang, name, sizeof name, &e);
		if (rc && !p->rc)
			*p->e = e;
		page_fail(p, rc);
		return page_esc(p, name);
	}
	snprintf(sql, sizeof sql, "SELECT name_%s FROM zone WHERE zone = ?1",
	    page_ref_lang(p));
	snprintf(code, sizeof code, "%d", zone);
	return name_of(p, sql, zone, NULL, code);
}

const char *
page_commune(page *p, int nis)
{
	char sql[96], code[32];

	snprintf(sql, sizeof sql, "SELECT name_%s FROM commune WHERE nis = ?1",
	    page_ref_lang(p));
	snprintf(code, sizeof code, "%d", nis);
	return name_of(p, sql, nis, NULL, code);
}

const char *
page_phenomenon(page *p, const char *code)
{
	char sql[96];

	snprintf(sql, sizeof sql, "SELECT %s FROM phenomenon WHERE code = ?1",
	    page_label_col(p));
	return name_of(p, sql, 0, code, code);
}

const char *
page_modus(page *p, const char *code)
{
	char sql[96];

	snprintf(sql, sizeof sql, "SELECT %s FROM modus_operandi WHERE code = "
	    "?1", page_label_col(p));
	return name_of(p, sql, 0, code, code);
}

const char *
page_id(page *p, const char *prefix)
{
	char buf[64];

	snprintf(buf, sizeof buf, "%s-%d", prefix, ++p->ids);
	return keep(p, buf);
}

/* Whether the attribute mark at hit in line stands alone ("id=" and not
 * the tail of "gid="). */
static int
attribute_start(const char *line, const char *hit)
{
	return hit == line || strchr(" \t\n", hit[-1]) != NULL;
}

/* Copy an SVG line, giving its ids (and references to them) the figure's
 * prefix so that ids stay unique among the page's inlined charts, and
 * leaving out gnuplot's <title> and <desc> elements (its own name, and
 * tooltips such as "$D using 1:2"). */
static void
copy_svg_line(FILE *out, const char *line, const char *prefix)
{
	static const char *const marks[] = { "id=\"", "id='", "href=\"#",
	    "href='#", "url(#", "<title>", "<desc>" };
	static const char *const ends[] = { "</title>", "</desc>" };

	while (*line) {
		size_t k, best = 0;
		const char *hit = NULL, *end;
		for (k = 0; k < sizeof marks / sizeof *marks; k++) {
			const char *h = strstr(line, marks[k]);
			if (h && (!hit || h < hit))
				hit = h, best = k;
		}
		if (!hit) {
			fputs(line, out);
			return;
		}
		fwrite(line, 1, (size_t)(hit - line), out);
		if (best >= 5 && (end = strstr(hit, ends[best - 5]))) {
			line = end + strlen(ends[best - 5]);
			continue;
		}
		fputs(marks[best], out);
		if (best >= 2 || attribute_start(line, hit))
			fprintf(out, "%s-", prefix);
		line = hit + strlen(marks[best]);
	}
}

/* A line of the chart's own file: gnuplot's title and description
 * replaced by the page's. */
static void
alone_line(page *p, FILE *out, const char *line, const char *title,
    const char *desc)
{
	if (!strncmp(line, "<title>Gnuplot</title>", 22))
		fprintf(out, "<title>%s</title>\n", page_esc(p, title));
	else if (!strncmp(line, "<desc>Produced by GNUPLOT", 25))
		fprintf(out, "<desc>%s</desc>\n", page_esc(p, desc));
	else
		fputs(line, out);
}

/* The SVG gnuplot drew in fp, inlined with class cls (or none), its ids
 * made unique in the page with prefix, gnuplot's own titles replaced by
 * title and desc (escaped here); each line also to alone (the chart's
 * own file), unless NULL.  SV_OK, or SV_IOERR said. */
static int
inline_svg(page *p, FILE *fp, const char *path, const char *prefix,
    const char *cls, const char *title, const char *desc, FILE *alone)
{
	char *line = NULL;
	size_t cap = 0;
	int in = 0;

	while (getline(&line, &cap, fp) > 0) {
		if (alone)
			alone_line(p, alone, line, title, desc);
		if (!in && strncmp(line, "<svg", 4) == 0) {
			in = 1;
			fprintf(p->out, "<svg role=\"img\"%s%s%s", cls ? " class=\"" :
			    "", cls ? cls : "", cls ? "\"" : "");
			copy_svg_line(p->out, line + 4, prefix);
			continue;
		}
		if (in && line[0] == '>' && in++ == 1) {
			/* the end of the root's start tag: our title first */
			fprintf(p->out, ">\n<title>%s</title>\n<desc>%s</desc>",
			    page_esc(p, title), page_esc(p, desc));
			copy_svg_line(p->out, line + 1, prefix);
			continue;
		}
		if (in)
			copy_svg_line(p->out, line, prefix);
	}
	free(line);
	return ferror(fp) ? sv_errf(p->e, SV_IOERR, "%s: cannot read the chart "
	    "just drawn", path) : SV_OK;
}

/* The chart at path (an SVG gnuplot drew), inlined as a figure with the
 * given id (tall: small multiples, printed larger), title and
 * description, and a link to its data; with its
 * phone version (plot.h) when gnuplot drew one, shown instead on a
 * narrow screen under the title the phone's chart leaves to the page.
 * With p->chart_files, path is rewritten with the same title and
 * description instead of gnuplot's. */
static int
page_figure(page *p, const char *path, const char *id, int tall,
    const char *title, const char *desc)
{
	char phone[4400], prefix[80];
	FILE *fp, *ph;
	outfile alone = { NULL };
	int rc;

	plot_phone_path(path, phone, sizeof phone);
	if (!(fp = fopen(path, "r"))) {
		sv_errf(p->e, SV_IOERR, "%s: cannot read the chart just drawn", path);
		return page_fail(p, SV_IOERR);
	}
	if (p->chart_files && (rc = outfile_open(&alone, path, p->e))) {
		fclose(fp);
		return page_fail(p, rc);
	}
	ph = fopen(phone, "r");
	fprintf(p->out, "<figure id=\"%s\"%s>", id, tall ? " class=\"tall\"" : "");
	if (ph)
		fprintf(p->out, "<p class=\"phone-title\" aria-hidden=\"true\">%s"
		    "</p>", page_esc(p, title));
	rc = inline_svg(p, fp, path, id, ph ? "desk" : NULL, title, desc,
	    alone.fp);
	fclose(fp);
	if (ph) {
		snprintf(prefix, sizeof prefix, "%s-phone", id);
		if (!rc)
			rc = inline_svg(p, ph, phone, prefix, "phone", title, desc,
			    NULL);
		fclose(ph);
		unlink(phone);
	}
	page_say(p, "figure_data", id);
	fputs("</figure>\n", p->out);
	if (alone.fp && (rc = outfile_close(&alone, rc, p->e)))
		return page_fail(p, rc);
	if (rc)
		return page_fail(p, rc);
	p->charts++;
	return SV_OK;
}

const char *
page_period12(page *p)
{
	char buf[40];
	int t = month_from_yyyymm(p->month);

	month_span(t - 11, t, buf, sizeof buf);
	return keep(p, buf);
}

void
page_table_open(page *p, const char *cls, const char *label)
{
	fprintf(p->out, "<div class=\"tw\"><table%s%s%s aria-label=\"%s\">",
	    cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "",
	    page_esc(p, label));
}

const char *
page_period_ytd(page *p)
{
	char buf[40];
	int t = month_from_yyyymm(p->month);

	if (t % 12 == 11)
		return NULL;
	month_span(t - t % 12, t, buf, sizeof buf);
	return keep(p, buf);
}

const char *
page_ytd_name(page *p, int before)
{
	char buf[96];
	int t = month_from_yyyymm(p->month) - 12 * before;

	numfmt_months(p->lang, month_to_yyyymm(t - t % 12), month_to_yyyymm(t),
	    buf, sizeof buf);
	return page_esc(p, buf);
}

const char *
page_chart_ref(page *p, enum chart_kind kind, const char *set, int zone)
{
	char key[160];

	snprintf(key, sizeof key, "%d %d %s", (int)kind, zone, set ? set : "");
	for (size_t i = 0; i < p->ndrawn; i++)
		if (!strcmp(p->drawn[i].key, key))
			return p->drawn[i].id;
	return NULL;
}

/* Keep what the chart drew in the page's list of charts: what it shows
 * (key), its id and title, and its data. */
static int
page_drawn_add(page *p, const char *key, const char *id, const char *title,
    char *data, size_t len)
{
	struct page_drawn *d;

	if (grow((void **)&p->drawn, &p->capdrawn, p->ndrawn + 1,
	    sizeof *p->drawn)) {
		free(data);
		sv_errf(p->e, SV_NOMEM, "out of memory");
		return page_fail(p, SV_NOMEM);
	}
	d = &p->drawn[p->ndrawn++];
	snprintf(d->key, sizeof d->key, "%s", key);
	snprintf(d->id, sizeof d->id, "%s", id);
	snprintf(d->title, sizeof d->title, "%s", title);
	d->data = data;
	d->len = len;
	return SV_OK;
}

int
page_chart(page *p, const char *id, enum chart_kind kind, const char *set,
    int zone)
{
	chart_opts o = { p->lang, 0, 0, PLOT_SVG, p->min_cell, &p->gp,
	    p->audit, NULL };
	char path[4400], key[160], *data = NULL;
	size_t len = 0;
	chart_text t;
	sv_err e;
	int rc;
	const char *old = page_chart_ref(p, kind, set, zone);

	if (p->rc)
		return p->rc;   /* the page will not be published: draw no more */
	if (old) {
		if (strcmp(old, id) != 0)
			page_say(p, "chart_above", old);
		return SV_OK;
	}
	snprintf(key, sizeof key, "%d %d %s", (int)kind, zone, set ? set : "");
	/* a chart not kept is drawn beside the page (report.c: .chart-*) */
	if (p->chart_files)
		snprintf(path, sizeof path, "%s/charts/%s.%s.svg", p->dir, id,
		    p->lang);
	else
		snprintf(path, sizeof path, "%s/.chart-%s.%s.svg", p->dir, id,
		    p->lang);
	if (!(o.data = open_memstream(&data, &len))) {
		sv_errf(p->e, SV_NOMEM, "out of memory");
		return page_fail(p, SV_NOMEM);
	}
	rc = chart_draw(p->db, kind, set, zone, &o, path, &t, &e);
	if (fclose(o.data) != 0 && rc == SV_OK)
		rc = sv_errf(&e, SV_NOMEM, "out of memory");
	if (rc != SV_OK)
		free(data);
	if (rc == SV_OK) {
		if (!(rc = page_drawn_add(p, key, id, t.title, data, len)))
			rc = page_figure(p, path, id, kind == CHART_ZONES, t.title,
			    t.desc);
		if (!p->chart_files)
			unlink(path);
		return rc;
	}
	/* in the chart's place, under its id: a sentence may link to it */
	fprintf(p->out, "<div id=\"%s\">", id);
	if (rc == CHART_WITHHELD)
		page_say(p, "chart_withheld", page_num(p, p->min_cell, 0));
	else
		page_say(p, "chart_unavailable");
	fputs("</div>\n", p->out);
	if (rc == CHART_WITHHELD)
		return rc;
	if (rc == CHART_NODATA) {
		fprintf(p->log, "suivi report: %s\n", e.msg);
		return rc;
	}
	if (!p->rc)
		*p->e = e;
	return page_fail(p, rc);
}

void
page_free(page *p)
{
	plot_session_end(&p->gp);
	for (size_t i = 0; i < p->ndrawn; i++)
		free(p->drawn[i].data);
	free(p->drawn);
	for (int i = 0; i < PAGE_RING; i++)
		free(p->ring[i]);
}
