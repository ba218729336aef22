/*
 * page — the report's shared HTML writing (see page.h).
 */
#include "page.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "charts.h"

/* French or Dutch (or English) wording. */
const char *
page_T(const page *p, const char *fr, const char *nl, const char *en)
{
	return !strcmp(p->lang, "fr") ? fr : !strcmp(p->lang, "nl") ? nl : en;
}

void
page_html(FILE *out, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: putc(*s, out);
		}
}

void
page_col_html(FILE *out, sqlite3_stmt *st, int i)
{
	page_html(out, (const char *)sqlite3_column_text(st, i));
}

/* A count as published: small ones hidden, the rest exact. */
void
page_disclose(const page *p, double v)
{
	if (isnan(v))
		fputs("–", p->out);
	else if (v >= 1 && v < p->min_cell)
		fprintf(p->out, "&lt;%d", p->min_cell);
	else
		fprintf(p->out, "%.0f", v);
}

void
page_number(const page *p, double v, int decimals)
{
	char buf[64];

	if (isnan(v)) {
		fputs("–", p->out);
		return;
	}
	snprintf(buf, sizeof buf, "%.*f", decimals, v);
	if (strcmp(p->lang, "en") != 0)
		for (char *c = buf; *c; c++)
			if (*c == '.')
				*c = ',';
	fputs(buf, p->out);
}

double
page_col(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN :
	    sqlite3_column_double(st, i);
}

static int
draw(page *p, enum page_chart_kind kind, const char *path)
{
	chart_opts o = { p->lang, 0, p->month, PLOT_SVG };

	switch (kind) {
	case CHART_SERIES:
		return chart_series(p->db, p->chart_set, p->chart_zone, &o, path, p->e);
	case CHART_ZONES:
		return chart_zones(p->db, p->chart_set, &o, path, p->e);
	case CHART_SEX:
		return chart_sex(p->db, &o, path, p->e);
	case CHART_COVERAGE:
		return chart_coverage(p->db, &o, path, p->e);
	}
	return SV_SOFTWARE;
}

void
page_chart(page *p, const char *name, enum page_chart_kind kind)
{
	char path[4096], line[8192];
	FILE *fp;
	int in = 0;

	snprintf(path, sizeof path, "%.3900s/charts/%s.%s.svg", p->dir, name, p->lang);
	if (draw(p, kind, path)) {
		fprintf(p->out, "<p class=\"note\">%s</p>\n", page_T(p, "Graphique "
		    "indisponible.", "Grafiek niet beschikbaar.", "Chart unavailable."));
		return;
	}
	if (!(fp = fopen(path, "r")))
		return;
	fputs("<figure>", p->out);
	while (fgets(line, sizeof line, fp)) {
		if (!in && strncmp(line, "<svg", 4) == 0)
			in = 1;
		if (in)
			fputs(line, p->out);
	}
	fputs("</figure>\n", p->out);
	fclose(fp);
	p->charts++;
}

const char *
page_label_col(const page *p)
{
	return !strcmp(p->lang, "nl") ? "label_nl" : "label_fr";
}

void
page_pvalue(const page *p, double v)
{
	if (!isnan(v) && v < 0.001)
		fprintf(p->out, "&lt;%s", page_T(p, "0,001", "0,001", "0.001"));
	else
		page_number(p, v, 3);
}

