/*
 * ledger — which row of each partner figure's or progress report's key
 * is current, whatever order the files came in (ledger.c says the rule).
 *
 * Private to partners/ (partners.h has partners_rollback()).
 */
#ifndef SUIVI_PARTNERS_LEDGER_H
#define SUIVI_PARTNERS_LEDGER_H

#include <sqlite3.h>

#include "../core/err.h"

/* Every file ranked and every row's superseded_by settled again, inside
 * the caller's transaction. */
int partners_settle(sqlite3 *db, sv_err *e);

#endif
