/*
 * page — the report's shared HTML writing (see page.h).
 */
#define _GNU_SOURCE          /* vasprintf */
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
	char *s = NULL;
	int n;

	va_start(ap, key);
	n = vasprintf(&s, msg(p->lang, key), ap);
	va_end(ap);
	if (n < 0) {
		page_fail(p, sv_errf(p->e, SV_NOMEM, "out of memory"));
		return;
	}
	fputs(numfmt_elide(p->lang, s), p->out);
	free(s);
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
	return keep(p, numfmt_elide(p->lang, buf));
}

const char *
page_breakable(page *p, const char *html)
{
	size_t slashes = 0, o = 0;
	int tag = 0;            /* inside a tag ("</span>"): no break there */
	char *b;

	for (const char *c = html; *c; c++)
		slashes += *c == '/';
	if (!slashes || !(b = ring(p, strlen(html) + 6 * slashes)))
		return html;
	for (const char *c = html; *c; c++) {
		tag = *c == '<' ? 1 : *c == '>' ? 0 : tag;
		b[o++] = *c;
		if (*c == '/' && !tag) {
			memcpy(b + o, "<wbr/>", 6);    /* the page is XHTML too */
			o += 6;
		}
	}
	b[o] = '\0';
	return b;
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
page_day(page *p, long long yyyymmdd)
{
	char month[64], buf[96];

	numfmt_month(p->lang, (int)(yyyymmdd / 100), month, sizeof month);
	snprintf(buf, sizeof buf, "%d %s", (int)(yyyymmdd % 100), month);
	return page_esc(p, buf);
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
 * fallback (escaped) when there is none.  On a page in a language the
 * reference has no names in (English), the name is the reference's
 * French one, marked so for screen readers and translation tools. */
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
	if (out && strcmp(p->lang, page_ref_lang(p)) != 0)
		return page_fmt(p, "name_in_fr", out);
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
	if (!out)
		return page_fmt(p, "partner_unlisted", page_esc(p, typed));
	return strcmp(p->lang, page_ref_lang(p)) ? page_fmt(p, "name_in_fr",
	    out) : out;
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
	fprintf(p->out, "<div class=\"tw\"><table%s%s%s><caption class=\"sr\">"
	    "%s</caption>", cls ? " class=\"" : "", cls ? cls : "",
	    cls ? "\"" : "", page_esc(p, label));
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

char *
page_joined(page *p, sqlite3_stmt *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	int n = 0;

	if (!(fp = open_memstream(&buf, &len))) {
		sqlite3_finalize(st);
		page_fail(p, sv_errf(p->e, SV_NOMEM, "out of memory"));
		return NULL;
	}
	while (page_step(p, st))
		fprintf(fp, "%s%s", n++ ? ", " : "", page_col_esc(p, st, 0));
	sqlite3_finalize(st);
	if (fclose(fp) != 0) {
		free(buf);
		page_fail(p, sv_errf(p->e, SV_NOMEM, "out of memory"));
		return NULL;
	}
	return buf;
}
