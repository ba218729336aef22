#include "sample.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/db.h"
#include "../core/grow.h"
#include "../core/month.h"
#include "../core/refdata.h"
#include "gen.h"

static double
centrality(int nis)
{
	switch (nis) {
	case 21004: return 1.8;         /* Bruxelles */
	case 21014: return 1.5;         /* Saint-Josse */
	case 21013: return 1.4;         /* Saint-Gilles */
	case 21009: return 1.3;         /* Ixelles */
	case 21012: return 1.2;         /* Molenbeek */
	case 21001: case 21015: case 21005: return 1.1;
	case 21007: case 21010: case 21011: case 21006: return 0.9;
	default: return 0.75;
	}
}

static int
load_communes(gen *g, sqlite3 *db, sv_err *e)
{
	sqlite3_stmt *st;
	double total = 0;
	int rc, step;

	if ((rc = db_prepare(db, &st, "SELECT c.nis, c.zone, c.name_fr, c.name_nl, "
	    "coalesce((SELECT population FROM population p WHERE p.nis = c.nis "
	    "AND p.sex = 'T' ORDER BY year DESC LIMIT 1), 0) FROM commune c "
	    "ORDER BY c.nis", e)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int zone = sqlite3_column_int(st, 1);
		for (int i = 0; i < NZONES; i++) {
			zone_state *z = &g->z[i];
			if (z->zone != zone || z->ncommunes == MAX_COMMUNES)
				continue;
			commune *c = &z->communes[z->ncommunes++];
			c->nis = sqlite3_column_int(st, 0);
			snprintf(c->fr, sizeof c->fr, "%s", sqlite3_column_text(st, 2));
			snprintf(c->nl, sizeof c->nl, "%s", sqlite3_column_text(st, 3));
			c->weight = sqlite3_column_double(st, 4) * centrality(c->nis);
			total += c->weight;
		}
	}
	if ((rc = db_finish(db, st, step, e)))
		return rc;
	if (total <= 0)
		return sv_errf(e, SV_DATAERR, "sample: the reference data has no "
		    "population for the communes");
	for (int i = 0; i < NZONES; i++)
		for (int k = 0; k < g->z[i].ncommunes; k++)
			g->z[i].communes[k].weight /= total;
	return SV_OK;
}

static int
load_phenomena(gen *g, sqlite3 *db, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, n = model_nphenomena();

	if (!(g->ph = calloc((size_t)n, sizeof *g->ph)))
		return sv_errf(e, SV_NOMEM, "out of memory");
	if ((rc = db_prepare(db, &st, "SELECT label_fr, label_nl, (SELECT alias "
	    "FROM phenomenon_alias a WHERE a.phenomenon = p.code AND a.alias NOT IN "
	    "(p.label_fr, p.label_nl, p.code) ORDER BY a.key LIMIT 1) "
	    "FROM phenomenon p WHERE code = ?1", e)))
		return rc;
	for (int i = 0; i < n && !rc; i++) {
		phen *p = &g->ph[i];
		sqlite3_bind_text(st, 1, model_code(i), -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW)
			rc = sv_errf(e, SV_DATAERR, "sample: phenomenon '%s' is not in "
			    "reference/phenomena.csv", model_code(i));
		else {
			snprintf(p->code, sizeof p->code, "%s", model_code(i));
			snprintf(p->fr, sizeof p->fr, "%s", sqlite3_column_text(st, 0));
			snprintf(p->nl, sizeof p->nl, "%s", sqlite3_column_text(st, 1));
			p->has_alias = sqlite3_column_type(st, 2) != SQLITE_NULL;
			if (p->has_alias)
				snprintf(p->alias, sizeof p->alias, "%s",
				    sqlite3_column_text(st, 2));
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

static int
load_reference(gen *g, const char *refdir, sv_err *e)
{
	sqlite3 *db;
	int rc;

	if ((rc = db_open(":memory:", 1, &db, e)))
		return rc;
	if (!(rc = refdata_load(db, refdir, e)) && !(rc = load_communes(g, db, e)))
		rc = load_phenomena(g, db, e);
	db_close(db);
	return rc;
}

static void
set_author(gen *g, zone_state *z, fact *f)
{
	if (!f->author_sex || !rng_chance(&g->r, .6))
		return;
	if (z->nring && rng_chance(&g->r, .3)) {
		f->author = z->ring[rng_below(&g->r, (uint32_t)(z->nring < AUTHOR_RING ?
		    z->nring : AUTHOR_RING))];
		return;
	}
	f->author = (int)++z->next_author;
	z->ring[z->nring++ % AUTHOR_RING] = f->author;
}

static int
push(zone_state *z, const fact *f, long seq)
{
	if (grow((void **)&z->q, &z->capq, z->nq + 1, sizeof *z->q))
		return -1;
	z->q[z->nq].f = *f;
	z->q[z->nq++].seq = seq;
	return 0;
}

/* Draw every fact of zone z in month t into its pending queue. */
static int
draw_month(gen *g, zone_state *z, int t)
{
	int last = g->o->to;

	for (int c = 0; c < z->ncommunes; c++)
		for (int p = 0; p < model_nphenomena(); p++) {
			int n = rng_poisson(&g->r, model_mean(&g->m, p, z->zone,
			    z->communes[c].weight, t));
			for (int k = 0; k < n; k++) {
				fact f;
				model_fact(&g->m, &g->r, p, z->zone, t, &f);
				f.nis = z->communes[c].nis;
				set_author(g, z, &f);
				int reg = month_from_ymd(f.date_registered);
				if (reg > last)
					continue;       /* registered after the sample */
				if (push(z, &f, g->seq++))
					return -1;
			}
		}
	return 0;
}



static int
setup(gen *g, const sample_opts *o, const char *refdir, sv_err *e)
{
	int rc;

	memset(g, 0, sizeof *g);
	g->o = o;
	g->to1252 = (iconv_t)-1;
	rng_seed(&g->r, o->seed);
	int ev = o->events ? o->events : SAMPLE_EVENTS;

	model_init(&g->m, o->from, o->to, ev, o->scale);
	for (int i = 0; i < NZONES; i++) {
		g->z[i].zone = 5339 + i;
		g->z[i].d = dialect_of(5339 + i);
	}
	/* The month one zone never delivers, and the one another re-delivers. */
	g->skip_zone = 5343;
	g->skip_month = ev - 40 < o->from ? o->from : ev - 40;
	g->rev_zone = 5341;
	g->rev_month = ev - 32 < o->from ? o->from : ev - 32;
	if ((rc = load_reference(g, refdir, e)))
		return rc;
	g->facts = calloc((size_t)(NZONES * (o->to - o->from + 1)), sizeof *g->facts);
	g->defects = open_memstream(&g->defects_buf, &g->defects_len);
	g->files = open_memstream(&g->files_buf, &g->files_len);
	g->to1252 = iconv_open("WINDOWS-1252", "UTF-8");
	if (!g->facts || !g->defects || !g->files || g->to1252 == (iconv_t)-1)
		return sv_errf(e, SV_NOMEM, "sample: out of memory");
	return SV_OK;
}

static void
teardown(gen *g)
{
	for (int i = 0; i < NZONES; i++)
		free(g->z[i].q);
	if (g->defects)
		fclose(g->defects);
	if (g->files)
		fclose(g->files);
	free(g->defects_buf);
	free(g->files_buf);
	free(g->facts);
	free(g->ph);
	if (g->to1252 != (iconv_t)-1)
		iconv_close(g->to1252);
}

int
sample_generate(const sample_opts *o, const char *refdir, FILE *log, sv_err *e)
{
	gen g;
	int rc;

	if (o->from > o->to)
		return sv_errf(e, SV_USAGE, "sample: --from is after --to");
	if ((rc = setup(&g, o, refdir, e)))
		goto out;
	/* month by month, so that the draws for a month depend on the months
	 * before it only: a longer sample changes no earlier file */
	for (int t = o->from; t <= o->to && !rc; t++)
		for (int i = 0; i < NZONES && !rc; i++) {
			if (draw_month(&g, &g.z[i], t))
				rc = sv_errf(e, SV_NOMEM, "sample: out of memory");
			else
				rc = write_month(&g, &g.z[i], t, e);
		}
	if (!rc)
		rc = write_truth(&g, e);
	if (!rc)
		rc = sample_partners(o, refdir, e);
	if (!rc)
		fprintf(log, "%s: %ld rows in %ld files (%ld defects), and truth.json\n",
		    o->out, g.total, g.nfiles, g.ndefects);
out:
	teardown(&g);
	return rc;
}

void
sample_defaults(sample_opts *o, const char *out)
{
	*o = (sample_opts){ out, 1, 2019 * 12, 2026 * 12 + 9, 1.0, 0 };
}
