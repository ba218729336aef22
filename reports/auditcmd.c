/*
 * auditcmd — suivi audit: the disclosure audit of the month's report
 * (audit.h), alone: what the report would hide and what a reader could
 * derive for each small figure, without writing any page.
 */
#include "reports.h"

#include <math.h>

#include "../aggregate/aggregate.h"
#include "audit.h"

static const char *const state_names[] = { "shown", "small", "withheld",
    "complementary" };

int
audit_write(sqlite3 *db, const audit_opts *o, FILE *out, sv_err *e)
{
	const audit_summary *s;
	int through;
	audit *a;
	int rc;

	if ((rc = aggregate_through(db, "audit", &through, e)) ||
	    (rc = audit_build(db, through, o->min_cell, &a, e)))
		return rc;
	s = audit_result(a);
	if (o->list) {
		fputs("figure,state,count,low,high\n", out);
		for (size_t i = 0; i < audit_size(a); i++) {
			enum audit_state st;
			double n, lo, hi;
			const char *key = audit_at(a, i, &st, &n, &lo, &hi);
			if (st == AUDIT_SHOWN || !audit_is_figure(a, i))
				continue;
			fprintf(out, "%s,%s,%g,", key, state_names[st], n);
			if (!isnan(lo))
				fprintf(out, "%g,%g", lo, hi);
			putc('\n', out);
		}
	}
	fprintf(o->list ? stderr : out, "audit %04d-%02d: %d figures, %d small "
	    "(hidden), %d hidden beside them, %d withheld with their line; %d "
	    "linear programmes; ", through / 100, through % 100,
	    s->cells, s->small, s->complement, s->withheld, s->programmes);
	if (isinf(s->narrowest))
		fprintf(o->list ? stderr : out, "no small figure; ");
	else
		fprintf(o->list ? stderr : out, "narrowest interval of a small "
		    "figure %g (%s); ", s->narrowest, s->narrowest_key);
	fprintf(o->list ? stderr : out, "%.3f s\n", s->seconds);
	audit_free(a);
	return SV_OK;
}
