/*
 * pagedata — what a report's pages publish besides themselves: each chart's
 * data, as the pages drew them (page.h: struct page_drawn), written to
 * DIR/<YYYY-MM>/data/<figure>.csv and put in place with the pages, and the
 * files of charts the pages no longer have taken away.
 *
 * Private to reports/ (report.c).
 */
#ifndef SUIVI_PAGEDATA_H
#define SUIVI_PAGEDATA_H

#include "../core/err.h"
#include "../core/outfile.h"
#include "page.h"
#include "publish.h"

/* The charts of pages[0..n) (the same on every page, or a fault of
 * suivi's: SV_SOFTWARE), each with its file's path under dir, its bytes
 * and its title in each page's language, in a malloc'd *out of *nout. */
int pagedata_gather(const char *dir, char langs[][8], const page *const *pages,
    int n, publish_chart **out, int *nout, sv_err *e);

/* Open and write the charts' files, to be put in place with the pages
 * (outfile_close()); *opened of them are open. */
int pagedata_write(const publish_chart *c, int n, outfile *files, int *opened,
    sv_err *e);

/* After the report is in place: the data files of charts it no longer
 * draws, and (without chart_files) chart files it was not asked for. */
void pagedata_prune(const char *dir, const publish_chart *c, int n,
    int chart_files);

void pagedata_free(publish_chart *c, int n);

#endif
