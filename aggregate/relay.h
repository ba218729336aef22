/*
 * relay — one thread makes fixed-size records while the calling thread
 * uses them, through a small ring of batches: the two halves of a scan
 * run side by side, and memory stays bounded whatever the table's size.
 *
 * Private to aggregate/.  The consumer sees the records in the order they
 * were made.  Without a thread (pthread_create failing) the two halves
 * run one batch after the other in the calling thread, with the same
 * result.
 */
#ifndef SUIVI_RELAY_H
#define SUIVI_RELAY_H

#include <stddef.h>

#include "../core/err.h"

/*
 * make(ctx, rec, e): fill rec (size bytes) and return 1; 0 at the end;
 * an sv_err code (with e set) on failure.  use(ctx, rec, e): SV_OK or an
 * error code.  Each gets its own sv_err; relay_run() returns the first
 * failure (the user's if both failed) with its message in *e.
 */
int relay_run(size_t size, int (*make)(void *ctx, void *rec, sv_err *e),
    int (*use)(void *ctx, const void *rec, sv_err *e), void *make_ctx,
    void *use_ctx, sv_err *e);

#endif
