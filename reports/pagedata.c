/*
 * pagedata — each chart's data beside the pages (pagedata.h).
 */
#include "pagedata.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "charts.h"

/* The slot of a language in publish_chart's titles. */
static int
lang_slot(const char *lang)
{
	return !strcmp(lang, "fr") ? 0 : !strcmp(lang, "nl") ? 1 : 2;
}

/* The data of each chart of the first page, to be written to
 * data/<id>.csv, with its titles in every page's language.  The pages
 * draw the same charts from the same data: a page whose charts differ is
 * a fault of suivi's, not published. */
int
pagedata_gather(const char *dir, char langs[][8], const page *const *pages,
    int n, publish_chart **out, int *nout, sv_err *e)
{
	const page *first = pages[0];
	publish_chart *c = calloc(first->ndrawn + 1, sizeof *c);
	size_t head = strlen(CHART_DATA_HEAD);
	int rc = SV_OK;

	*out = c;
	*nout = 0;
	if (!c)
		return sv_errf(e, SV_NOMEM, "out of memory");
	for (int l = 1; l < n; l++)
		if (pages[l]->ndrawn != first->ndrawn)
			return sv_errf(e, SV_SOFTWARE, "report: the %s and %s pages draw "
			    "%zu and %zu charts (a fault of suivi's: please report it)",
			    langs[0], langs[l], first->ndrawn, pages[l]->ndrawn);
	for (size_t i = 0; i < first->ndrawn && !rc; i++) {
		const struct page_drawn *d = &first->drawn[i];
		snprintf(c[i].figure, sizeof c[i].figure, "%s", d->id);
		snprintf(c[i].path, sizeof c[i].path, "%s/data/%s.csv", dir, d->id);
		for (size_t k = 0; k < d->len; k++)
			c[i].rows += d->data[k] == '\n';
		for (int l = 0; l < n && !rc; l++) {
			const struct page_drawn *x = &pages[l]->drawn[i];
			if (strcmp(x->id, d->id) || x->len != d->len ||
			    (d->len && memcmp(x->data, d->data, d->len)))
				rc = sv_errf(e, SV_SOFTWARE, "report: the %s and %s pages "
				    "draw %s from different data (a fault of suivi's: "
				    "please report it)", langs[0], langs[l], d->id);
			else
				snprintf(c[i].title[lang_slot(langs[l])],
				    sizeof c[i].title[0], "%s", x->title);
		}
		if (!rc && !(c[i].csv = malloc((c[i].len = head + d->len))))
			rc = sv_errf(e, SV_NOMEM, "out of memory");
		if (rc)
			break;
		(*nout)++;
		memcpy(c[i].csv, CHART_DATA_HEAD, head);
		if (d->len)
			memcpy(c[i].csv + head, d->data, d->len);
	}
	return rc;
}

/* Open and write the charts' data files, to be put in place with the
 * pages (outfile_close()); *opened of them are open. */
int
pagedata_write(const publish_chart *c, int n, outfile *files, int *opened,
    sv_err *e)
{
	int rc = SV_OK;

	*opened = 0;
	for (int i = 0; i < n && !rc; i++) {
		if ((rc = outfile_open(&files[i], c[i].path, e)))
			break;
		(*opened)++;
		if (fwrite(c[i].csv, 1, c[i].len, files[i].fp) != c[i].len ||
		    fflush(files[i].fp) != 0)
			rc = sv_errf(e, SV_IOERR, "%s: cannot write: %s", files[i].path,
			    strerror(errno));
	}
	return rc;
}

/* Whether path is one of the charts' data files just written. */
typedef struct chart_list {
	const publish_chart *c;
	int n;
} chart_list;

static int
is_written(const char *path, void *ctx)
{
	const chart_list *l = ctx;

	for (int i = 0; i < l->n; i++)
		if (!strcmp(path, l->c[i].path))
			return 1;
	return 0;
}

/* After a report is in place: the data files of charts it no longer
 * draws, and chart files it was not asked for, would contradict its
 * pages; the month's folder is the report's own. */
void
pagedata_prune(const char *dir, const publish_chart *c, int n, int chart_files)
{
	chart_list written = { c, n };
	char pattern[4300];

	snprintf(pattern, sizeof pattern, "%s/data/fig-*.csv", dir);
	outfile_prune(pattern, is_written, &written);
	if (chart_files)
		return;
	snprintf(pattern, sizeof pattern, "%s/charts/fig-*.svg", dir);
	outfile_prune(pattern, NULL, NULL);
	snprintf(pattern, sizeof pattern, "%s/charts", dir);
	rmdir(pattern);         /* when empty */
}

void
pagedata_free(publish_chart *c, int n)
{
	for (int i = 0; i < n; i++)
		free(c[i].csv);
	free(c);
}
