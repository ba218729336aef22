/*
 * relay — a maker thread and a user thread joined by a ring of batches
 * (relay.h).
 */
#include "relay.h"

#include <pthread.h>
#include <stdlib.h>

#define RELAY_BATCHES 4
#define RELAY_RECORDS 4096

/*
 * Batch i is the maker's while !full[i], the user's while full[i]; each
 * side takes the batches in turn, so the user meets them in the order
 * they were filled.  `end` marks the last batch the maker fills (after
 * the end or a failure); `stop` tells the maker the user gave up.
 */
typedef struct relay {
	size_t size;
	char *rec;                      /* RELAY_BATCHES x RELAY_RECORDS */
	int n[RELAY_BATCHES], full[RELAY_BATCHES], end[RELAY_BATCHES];
	int stop;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	int (*make)(void *, void *, sv_err *);
	void *ctx;
	int rc;                         /* the maker's failure */
	sv_err e;
} relay;

static char *
record(relay *r, int b, int i)
{
	return r->rec + ((size_t)b * RELAY_RECORDS + (size_t)i) * r->size;
}

/* Fill batch b; 1 if it was the last. */
static int
fill(relay *r, int b)
{
	int k = 0, got = 1;

	while (k < RELAY_RECORDS && (got = r->make(r->ctx, record(r, b, k),
	    &r->e)) == 1)
		k++;
	if (got != 1 && got != 0)
		r->rc = got;
	r->n[b] = k;
	return got != 1;
}

static void *
maker(void *arg)
{
	relay *r = arg;
	int last = 0;

	for (int b = 0; !last; b = (b + 1) % RELAY_BATCHES) {
		pthread_mutex_lock(&r->lock);
		while (r->full[b] && !r->stop)
			pthread_cond_wait(&r->changed, &r->lock);
		last = r->stop;
		pthread_mutex_unlock(&r->lock);
		if (last)
			break;
		last = fill(r, b);
		pthread_mutex_lock(&r->lock);
		r->full[b] = 1;
		r->end[b] = last;
		pthread_cond_broadcast(&r->changed);
		pthread_mutex_unlock(&r->lock);
	}
	return NULL;
}

/* Use batch b's records; the first failure, or SV_OK. */
static int
drain(relay *r, int b, int (*use)(void *, const void *, sv_err *),
    void *ctx, sv_err *e)
{
	int rc = SV_OK;

	for (int i = 0; i < r->n[b] && !rc; i++)
		rc = use(ctx, record(r, b, i), e);
	return rc;
}

static int
run_alone(relay *r, int (*use)(void *, const void *, sv_err *), void *ctx,
    sv_err *e)
{
	int rc = SV_OK, last = 0;

	while (!last && !rc) {
		last = fill(r, 0);
		rc = drain(r, 0, use, ctx, e);
	}
	return rc;
}

int
relay_run(size_t size, int (*make)(void *ctx, void *rec, sv_err *e),
    int (*use)(void *ctx, const void *rec, sv_err *e), void *make_ctx,
    void *use_ctx, sv_err *e)
{
	relay r = { .size = size, .make = make, .ctx = make_ctx };
	pthread_t thread;
	int rc = SV_OK, last = 0;

	if (!(r.rec = malloc(RELAY_BATCHES * RELAY_RECORDS * size)))
		return sv_errf(e, SV_NOMEM, "aggregate: out of memory");
	pthread_mutex_init(&r.lock, NULL);
	pthread_cond_init(&r.changed, NULL);
	if (pthread_create(&thread, NULL, maker, &r) != 0)
		rc = run_alone(&r, use, use_ctx, e);
	else {
		for (int b = 0; !last; b = (b + 1) % RELAY_BATCHES) {
			pthread_mutex_lock(&r.lock);
			while (!r.full[b])
				pthread_cond_wait(&r.changed, &r.lock);
			last = r.end[b];
			pthread_mutex_unlock(&r.lock);
			if (!rc)
				rc = drain(&r, b, use, use_ctx, e);
			pthread_mutex_lock(&r.lock);
			r.full[b] = 0;
			r.stop |= rc != SV_OK;
			pthread_cond_broadcast(&r.changed);
			pthread_mutex_unlock(&r.lock);
			if (rc)
				break;
		}
		pthread_join(thread, NULL);
	}
	pthread_mutex_destroy(&r.lock);
	pthread_cond_destroy(&r.changed);
	free(r.rec);
	if (!rc && r.rc) {
		*e = r.e;
		rc = r.rc;
	}
	return rc;
}
