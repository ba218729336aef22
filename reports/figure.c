/*
 * figure — a page's charts (page.h: page_chart()): drawn through
 * charts.h, inlined as figures (the chart and its phone version, their
 * ids made the page's own, gnuplot's titles replaced by the page's),
 * each chart's data kept for the data files beside the page, the same
 * chart drawn once.
 */
#include "page.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/grow.h"
#include "../core/outfile.h"

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
    const chart_text *t)
{
	const char *title = t->title, *desc = t->desc;
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
			rc = inline_svg(p, ph, phone, prefix, "phone", title,
			    t->phone_desc, NULL);
		fclose(ph);
		unlink(phone);
	}
	page_say(p, "figure_data", id, page_esc(p, title));
	fputs("</figure>\n", p->out);
	if (alone.fp && (rc = outfile_close(&alone, rc, p->e)))
		return page_fail(p, rc);
	if (rc)
		return page_fail(p, rc);
	p->charts++;
	return SV_OK;
}

/* What a withheld chart would have drawn, as its note names it. */
static const char *const withheld_what[] = {
	[CHART_SERIES] = "withheld_series", [CHART_ALARM] = "withheld_series",
	[CHART_ZONES] = "withheld_zones", [CHART_SEX] = "withheld_sex",
	[CHART_INDICATOR] = "withheld_indicator",
	[CHART_COVERAGE] = "withheld_indicator",
	[CHART_REVISION] = "withheld_series", [CHART_MODUS] = "withheld_modus",
};

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
			rc = page_figure(p, path, id, kind == CHART_ZONES, &t);
		if (!p->chart_files)
			unlink(path);
		return rc;
	}
	/* in the chart's place, under its id: a sentence may link to it */
	fprintf(p->out, "<div id=\"%s\">", id);
	if (rc == CHART_WITHHELD)
		page_say(p, "chart_withheld", page_msg(p, withheld_what[kind]),
		    page_num(p, p->min_cell, 0));
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
