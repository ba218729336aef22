/*
 * batch — read and validate in one thread while another loads: rows
 * travel from a producer to a consumer in batches, through a small ring of
 * them, so memory stays bounded whatever the file's size.
 *
 * Private to ingest/.  A batch owns the text of its rows (an arena that
 * never moves: a row that does not fit closes the batch and is produced
 * again into the next one; the arena holds the longest record records.h
 * lets through).  The consumer sees rows in the order they were produced.
 */
#ifndef SUIVI_BATCH_H
#define SUIVI_BATCH_H

#include <stddef.h>

#include "../core/err.h"
#include "loader.h"

/* One row as reading and validation left it. */
typedef struct parsed {
	long line;
	int q;                  /* -1: valid; else the quarantine reason */
	int bad;                /* the field at fault (F_COUNT: none) */
	incident inc;           /* for a valid row; texts in the batch */
	const char *raw, *why;  /* raw: what the quarantine keeps of it */
} parsed;

typedef struct batch batch;

/* Copy s into b; NULL stays NULL.  Fails with NULL and *full = 1 when b
 * has no room left and already holds rows, *full = -1 when s does not
 * fit even an empty batch. */
const char *batch_copy(batch *b, const char *s, int *full);

/*
 * produce(ctx, b, row): fill *row (texts copied with batch_copy) and
 * return 1; return 0 at the end, BATCH_FULL when the row did not fit (it
 * must be produced again, into a fresh batch), or minus an sv_err code
 * with the message in *pe.  consume(ctx, rows, n, e): a batch's rows, in
 * order (their texts live until it returns); 0 or an error code.
 * Returns the first error, the consumer's or the producer's.
 */
#define BATCH_FULL (-2)

/* Rows per batch and arena bytes (2048 and room for the longest record by
 * default): small values make every path run on small data, for tests. */
void batch_limits(int rows, size_t arena);

int batch_run(int (*produce)(void *ctx, batch *b, parsed *row),
    int (*consume)(void *ctx, const parsed *rows, int n, sv_err *e),
    void *pctx, void *cctx, sv_err *pe, sv_err *e);

#endif
