#include "batch.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "records.h"

#define RING 3

/* Rows per batch, and the arena: room for the longest row, its raw text
 * (bad bytes shown as \xNN: 4 bytes each) and its fields decoded from
 * Windows-1252 (3 bytes each).  batch_limits() changes them for tests. */
static int rows_max = 2048;
static size_t arena_size = 8 * RECORDS_MAX_BYTES + 4096;

void
batch_limits(int rows, size_t arena)
{
	rows_max = rows;
	arena_size = arena;
}

struct batch {
	parsed *rows;
	int n;
	char *arena;
	size_t used, cap;
};

const char *
batch_copy(batch *b, const char *s, int *full)
{
	size_t n;
	char *p;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	if (b->used + n > b->cap) {
		/* The arena never moves: pointers into it, this row's earlier
		 * fields among them, stay valid.  A row that does not fit waits
		 * for an empty batch; one that fits no batch is a bug, since
		 * records are bounded (records.h). */
		*full = b->n > 0 ? 1 : -1;
		return NULL;
	}
	p = b->arena + b->used;
	memcpy(p, s, n);
	b->used += n;
	return p;
}

/* The ring: batches go free -> filled -> consumed -> free. */
typedef struct ring {
	batch *b[RING];
	int filled[RING];       /* 1 when slot i holds rows to consume */
	int last[RING];         /* the producer's last batch */
	int head, tail;         /* next slot to fill, next slot to consume */
	int stop;               /* the consumer failed: stop producing */
	pthread_mutex_t mu;
	pthread_cond_t cv;
} ring;

typedef struct producer {
	ring *r;
	int (*produce)(void *ctx, batch *b, parsed *row);
	void *ctx;
	int rc;
} producer;

static void
publish(ring *r, int slot, int last)
{
	pthread_mutex_lock(&r->mu);
	r->filled[slot] = 1;
	r->last[slot] = last;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

static void *
produce_all(void *arg)
{
	producer *p = arg;
	ring *r = p->r;
	int more = 1;

	while (more) {
		int slot = r->head;
		pthread_mutex_lock(&r->mu);
		while (r->filled[slot] && !r->stop)
			pthread_cond_wait(&r->cv, &r->mu);
		int stop = r->stop;
		pthread_mutex_unlock(&r->mu);
		if (stop)
			break;
		batch *b = r->b[slot];
		b->n = 0;
		b->used = 0;
		while (b->n < rows_max) {
			int rc = p->produce(p->ctx, b, &b->rows[b->n]);
			if (rc == BATCH_FULL)
				break;
			if (rc <= 0) {
				p->rc = rc < 0 ? rc : 0;
				more = 0;
				break;
			}
			b->n++;
		}
		r->head = (slot + 1) % RING;
		publish(r, slot, !more);
	}
	return NULL;
}

static int
consume_all(ring *r, int (*consume)(void *, const parsed *, int, sv_err *),
    void *ctx, sv_err *e)
{
	int rc = SV_OK, last = 0;

	while (!last) {
		int slot = r->tail;
		pthread_mutex_lock(&r->mu);
		while (!r->filled[slot])
			pthread_cond_wait(&r->cv, &r->mu);
		last = r->last[slot];
		pthread_mutex_unlock(&r->mu);
		batch *b = r->b[slot];
		rc = consume(ctx, b->rows, b->n, e);
		r->tail = (slot + 1) % RING;
		pthread_mutex_lock(&r->mu);
		r->filled[slot] = 0;
		if (rc)
			r->stop = 1;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		if (rc)
			break;
	}
	return rc;
}

int
batch_run(int (*produce)(void *ctx, batch *b, parsed *row),
    int (*consume)(void *ctx, const parsed *rows, int n, sv_err *e),
    void *pctx,
    void *cctx, sv_err *pe, sv_err *e)
{
	ring r;
	producer p = { &r, produce, pctx, 0 };
	pthread_t t;
	int rc = SV_OK;

	memset(&r, 0, sizeof r);
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.cv, NULL);
	for (int i = 0; i < RING; i++) {
		if (!(r.b[i] = calloc(1, sizeof *r.b[i])) ||
		    !(r.b[i]->arena = malloc(arena_size)) ||
		    !(r.b[i]->rows = calloc((size_t)rows_max, sizeof *r.b[i]->rows))) {
			rc = sv_errf(e, SV_NOMEM, "out of memory");
			goto out;
		}
		r.b[i]->cap = arena_size;
	}
	if (pthread_create(&t, NULL, produce_all, &p) != 0) {
		rc = sv_errf(e, SV_SOFTWARE, "cannot start a thread");
		goto out;
	}
	rc = consume_all(&r, consume, cctx, e);
	pthread_join(t, NULL);
	if (!rc && p.rc) {
		*e = *pe;
		rc = -p.rc;
	}
out:
	for (int i = 0; i < RING; i++) {
		if (r.b[i]) {
			free(r.b[i]->arena);
			free(r.b[i]->rows);
		}
		free(r.b[i]);
	}
	pthread_mutex_destroy(&r.mu);
	pthread_cond_destroy(&r.cv);
	return rc;
}
