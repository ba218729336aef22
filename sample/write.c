/*
 * write — the sample's files: one extract per zone and month with its
 * defects, the re-delivered month, and truth.json.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/month.h"
#include "../ingest/ingest.h"
#include "gen.h"

static const char *
ref_prefix(int zone)
{
	switch (zone) {
	case 5339: return "BXL";
	case 5340: return "WEST-";
	case 5341: return "ZUID/";
	case 5342: return "UWA";
	case 5343: return "MONT.";
	default: return "NORD-";
	}
}

static int
zone_index(int zone)
{
	return zone - 5339;
}

static int
by_registration(const void *a, const void *b)
{
	const pending *x = a, *y = b;

	if (x->f.date_registered != y->f.date_registered)
		return x->f.date_registered < y->f.date_registered ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Take the facts registered in month t off z's queue, in registration
 * order. */
static pending *
take_month(zone_state *z, int t, size_t *n)
{
	pending *out = malloc((z->nq ? z->nq : 1) * sizeof *out);
	size_t keep = 0;

	*n = 0;
	if (!out)
		return NULL;
	for (size_t i = 0; i < z->nq; i++)
		if (month_from_ymd(z->q[i].f.date_registered) == t)
			out[(*n)++] = z->q[i];
		else
			z->q[keep++] = z->q[i];
	z->nq = keep;
	qsort(out, *n, sizeof *out, by_registration);
	return out;
}

static int
mkdirs(const char *dir, int zone, sv_err *e)
{
	char path[4096];

	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return sv_errf(e, SV_CANTCREAT, "%s: cannot create: %s", dir,
		    strerror(errno));
	snprintf(path, sizeof path, "%s/%d", dir, zone);
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		return sv_errf(e, SV_CANTCREAT, "%s: cannot create: %s", path,
		    strerror(errno));
	return SV_OK;
}

/* Write one line, converted for Windows-1252 zones. */
static int
put_line(gen *g, const zone_dialect *d, FILE *fp, char *line)
{
	char out[8192], *in = line, *o = out;
	size_t inleft = strlen(line), outleft = sizeof out;

	if (!dialect_cp1252(d))
		return fputs(line, fp) < 0 ? -1 : 0;
	iconv(g->to1252, NULL, NULL, NULL, NULL);
	if (iconv(g->to1252, &in, &inleft, &o, &outleft) == (size_t)-1)
		return -1;
	for (char *p = out; p < o; p++)
		if (*p == '\x01')
			*p = '\x81';
	return fwrite(out, 1, (size_t)(o - out), fp) == (size_t)(o - out) ? 0 : -1;
}

static names
names_of(gen *g, const zone_state *z, const fact *f)
{
	names nm = { "", "", "", "", "", NULL };
	const phen *p = &g->ph[f->p];

	for (int c = 0; c < z->ncommunes; c++)
		if (z->communes[c].nis == f->nis) {
			nm.commune_fr = z->communes[c].fr;
			nm.commune_nl = z->communes[c].nl;
		}
	nm.label_fr = p->fr;
	nm.label_nl = p->nl;
	nm.code = p->code;
	nm.alias = p->has_alias ? p->alias : NULL;
	return nm;
}

static enum defect
draw_defect(gen *g)
{
	if (++g->since_defect < DEFECT_GAP || !rng_chance(&g->r, DEFECT_RATE))
		return DEF_NONE;
	g->since_defect = 0;
	return (enum defect)(1 + g->defect_kind++ % (DEF_COUNT - 1));
}

/* A reclassification, as zones do when they correct a month. */
static int
corrected(int p)
{
	static const char *const pairs[][2] = {
		{ "simple_theft", "pickpocketing" }, { "pickpocketing", "simple_theft" },
		{ "theft_from_vehicle", "car_theft" }, { "vandalism", "graffiti" },
		{ "assault", "threats" }, { "threats", "assault" },
		{ "street_robbery", "sac_jacking" },
	};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
		if (strcmp(model_code(p), pairs[i][0]) == 0)
			for (int q = 0; q < model_nphenomena(); q++)
				if (strcmp(model_code(q), pairs[i][1]) == 0)
					return q;
	return -1;
}

typedef struct file_out {
	char rel[64];           /* "5341/2024-02.csv" */
	FILE *fp;
	long rows, defects;
} file_out;

static int
open_file(gen *g, const zone_state *z, int t, const char *suffix, file_out *f,
    sv_err *e)
{
	char path[4096], line[4096];
	int rc;

	if ((rc = mkdirs(g->o->out, z->zone, e)))
		return rc;
	snprintf(f->rel, sizeof f->rel, "%d/%04d-%02d%s.csv", z->zone, t / 12,
	    t % 12 + 1, suffix);
	snprintf(path, sizeof path, "%s/%s", g->o->out, f->rel);
	f->rows = f->defects = 0;
	if (!(f->fp = fopen(path, "wb")))
		return sv_errf(e, SV_CANTCREAT, "%s: cannot create: %s", path,
		    strerror(errno));
	dialect_header(z->d, line, sizeof line);
	if (put_line(g, z->d, f->fp, line))
		return sv_errf(e, SV_IOERR, "%s: cannot write", path);
	return SV_OK;
}

static int
close_file(gen *g, file_out *f, sv_err *e)
{
	if (fclose(f->fp) != 0)
		return sv_errf(e, SV_IOERR, "%s/%s: cannot write", g->o->out, f->rel);
	fprintf(g->files, "%s\n    {\"file\": \"%s\", \"rows\": %ld, \"defects\": "
	    "%ld, \"valid\": %ld}", g->nfiles++ ? "," : "", f->rel, f->rows,
	    f->defects, f->rows - f->defects);
	return SV_OK;
}

static int
write_row(gen *g, zone_state *z, file_out *out, const fact *f, const char *ref,
    enum defect def)
{
	char line[8192];
	names nm = names_of(g, z, f);

	dialect_row(z->d, f, ref, &nm, def, line, sizeof line);
	out->rows++;
	if (def != DEF_NONE) {
		out->defects++;
		fprintf(g->defects, "%s\n    {\"file\": \"%s\", \"line\": %ld, "
		    "\"kind\": \"%s\", \"reason_code\": \"%s\"}", g->ndefects++ ?
		    "," : "", out->rel, out->rows + 1, dialect_defect_name(def),
		    dialect_defect_reason(def));
	}
	return put_line(g, z->d, out->fp, line);
}

static void
make_ref(const zone_state *z, long n, char *ref, size_t len)
{
	snprintf(ref, len, "%s%07ld", ref_prefix(z->zone), n);
}

/* The month re-delivered: every valid row again, some reclassified. */
static int
write_revision(gen *g, zone_state *z, int t, pending *v, size_t n,
    const long *refs, sv_err *e)
{
	file_out out;
	char ref[32];
	int rc;

	if ((rc = open_file(g, z, t, "-v2", &out, e)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		if (refs[i] < 0)
			continue;       /* the row was broken in the first file */
		fact f = v[i].f;
		int q = corrected(f.p);
		if (q >= 0 && rng_chance(&g->r, .03)) {
			f.p = q;
			g->rev_corrected++;
		}
		make_ref(z, refs[i], ref, sizeof ref);
		if (write_row(g, z, &out, &f, ref, DEF_NONE))
			rc = sv_errf(e, SV_IOERR, "%s: cannot write", out.rel);
	}
	g->rev_rows = out.rows;
	snprintf(g->rev_file, sizeof g->rev_file, "%s", out.rel);
	return rc ? rc : close_file(g, &out, e);
}

int
write_month(gen *g, zone_state *z, int t, sv_err *e)
{
	size_t n;
	pending *v = take_month(z, t, &n);
	long *refs = v ? malloc((n ? n : 1) * sizeof *refs) : NULL;
	file_out out;
	char ref[32];
	int rc = SV_OK, zi = zone_index(z->zone);

	if (!v || !refs) {
		free(v);
		return sv_errf(e, SV_NOMEM, "out of memory");
	}
	if (z->zone == g->skip_zone && t == g->skip_month)
		goto done;              /* this month is never delivered */
	if ((rc = open_file(g, z, t, "", &out, e)))
		goto done;
	for (size_t i = 0; i < n && !rc; i++) {
		enum defect def = draw_defect(g);
		refs[i] = ++z->next_ref;
		make_ref(z, refs[i], ref, sizeof ref);
		if (write_row(g, z, &out, &v[i].f, ref, def))
			rc = sv_errf(e, SV_IOERR, "%s: cannot write", out.rel);
		if (def != DEF_NONE)
			refs[i] = -1;
		else
			g->facts[zi * (g->o->to - g->o->from + 1) +
			    month_from_ymd(v[i].f.date_fact) - g->o->from]++;
	}
	g->total += out.rows;
	if (!rc)
		rc = close_file(g, &out, e);
	if (!rc && z->zone == g->rev_zone && t == g->rev_month)
		rc = write_revision(g, z, t, v, n, refs, e);
done:
	free(refs);
	free(v);
	return rc;
}

static void
truth_facts(gen *g, FILE *fp)
{
	int months = g->o->to - g->o->from + 1;
	char m[16];

	fputs("  \"facts\": {", fp);
	for (int zi = 0; zi < NZONES; zi++) {
		fprintf(fp, "%s\n    \"%d\": {", zi ? "," : "", g->z[zi].zone);
		for (int k = 0; k < months; k++) {
			month_format(g->o->from + k, m, sizeof m);
			fprintf(fp, "%s\"%s\": %ld", k ? ", " : "", m,
			    g->facts[zi * months + k]);
		}
		fputs("}", fp);
	}
	fputs("\n  }\n", fp);
}

static void
truth_anomalies(gen *g, FILE *fp)
{
	char a[16], b[16];

	fputs("  \"anomalies\": [", fp);
	for (int i = 0; i < g->m.nanomalies; i++) {
		const anomaly *x = &g->m.anomalies[i];
		month_format(x->from, a, sizeof a);
		month_format(x->to < g->o->to ? x->to : g->o->to, b, sizeof b);
		fprintf(fp, "%s\n    {\"kind\": \"%s\", \"phenomenon\": \"%s\", "
		    "\"zone\": %d, \"from\": \"%s\", \"to\": \"%s\", \"multiplier\": "
		    "%.2f%s%s%s}", i ? "," : "", x->kind, x->code, x->zone, a, b,
		    x->mult, x->mo ? ", \"modus_operandi\": \"" : "",
		    x->mo ? x->mo : "", x->mo ? "\"" : "");
	}
	fputs("\n  ],\n", fp);
}

/* The mark ingest reads to record that an extract is synthetic (see
 * ingest.h), so that a report made from it says so. */
static int
write_mark(gen *g, sv_err *e)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof path, "%s/" SAMPLE_MARK, g->o->out);
	if (!(fp = fopen(path, "w")))
		return sv_errf(e, SV_CANTCREAT, "%s: cannot create: %s", path,
		    strerror(errno));
	fputs("The extracts in this folder were generated by `suivi sample`: they "
	    "are synthetic,\nnot police data.  suivi records it when it ingests "
	    "them, and every report\nmade from them says so.\n", fp);
	if (fclose(fp) != 0)
		return sv_errf(e, SV_IOERR, "%s: cannot write", path);
	return SV_OK;
}

int
write_truth(gen *g, sv_err *e)
{
	char path[4096], m[16], from[16], to[16];
	FILE *fp;

	if (write_mark(g, e))
		return e->code;
	snprintf(path, sizeof path, "%s/truth.json", g->o->out);
	if (!(fp = fopen(path, "w")))
		return sv_errf(e, SV_CANTCREAT, "%s: cannot create: %s", path,
		    strerror(errno));
	fflush(g->defects);
	fflush(g->files);
	month_format(g->o->from, from, sizeof from);
	month_format(g->o->to, to, sizeof to);
	fprintf(fp, "{\n  \"generator\": {\"seed\": %llu, \"from\": \"%s\", "
	    "\"to\": \"%s\", \"scale\": %g, \"rows\": %ld},\n",
	    (unsigned long long)g->o->seed, from, to, g->o->scale, g->total);
	fputs("  \"dialects\": {", fp);
	for (int zi = 0; zi < NZONES; zi++)
		fprintf(fp, "%s\n    \"%d\": \"%s\"", zi ? "," : "", g->z[zi].zone,
		    dialect_describe(g->z[zi].d));
	fputs("\n  },\n", fp);
	truth_anomalies(g, fp);
	month_format(g->skip_month, m, sizeof m);
	fprintf(fp, "  \"not_delivered\": [{\"zone\": %d, \"month\": \"%s\"}],\n",
	    g->skip_zone, m);
	month_format(g->rev_month, m, sizeof m);
	fprintf(fp, "  \"revisions\": [{\"zone\": %d, \"month\": \"%s\", \"file\": "
	    "\"%s\", \"rows\": %ld, \"corrected\": %ld}],\n", g->rev_zone, m,
	    g->rev_file, g->rev_rows, g->rev_corrected);
	fprintf(fp, "  \"defects\": [%s\n  ],\n", g->defects_buf);
	fprintf(fp, "  \"files\": [%s\n  ],\n", g->files_buf);
	truth_facts(g, fp);
	fputs("}\n", fp);
	if (fclose(fp) != 0)
		return sv_errf(e, SV_IOERR, "%s: cannot write", path);
	return SV_OK;
}
