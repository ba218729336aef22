/*
 * delivery — a zone's delivery as a thing with an identity, and which
 * deliveries count, now or at any moment since.
 *
 * A delivery is one file of one zone for one month: its zone (--zone,
 * the profile, the zone's folder DIR/<zone>/, else the zone of most of
 * its rows), the month it delivers (its name YYYY-MM.csv, else the
 * registration month most of its rows bear), its name (the file's, less
 * the version and .csv: YYYY-MM for a month's delivery) and its version
 * (-v2, -v3 ... at the end of its name; none is version 1).  The ledger
 * (table extract) holds every reading of every file; each reading is, at
 * a given moment:
 *
 *   current     the latest version of its delivery;
 *   superseded  a later version of its delivery has been loaded;
 *   retracted   `suivi retract` withdrew its zone-month up to its version;
 *   replaced    the same delivery was read again (ingest --replace);
 *   unread      every row of it was quarantined: it delivers nothing, and
 *               supersedes nothing, until it is read again.
 *
 * The current deliveries are ranked by (month, version, name, zone,
 * SHA-256): the order of the deliveries themselves, never the order they
 * were loaded in.  An incident's current version is the one of the
 * highest-ranked current delivery that carries it; an incident that no
 * current delivery carries is withdrawn (kept, not counted).  The same
 * set of deliveries therefore gives the same state whatever the order
 * they came in, and the state at any past moment is computed again from
 * the ledger (the readings loaded by then, the retractions made by then).
 *
 * Readings made before versions existed (schema 11 and before) are
 * "legacy": each keeps counting, as it did, until a later version of its
 * zone-month is loaded, so that the migration changes no figure.
 */
#ifndef SUIVI_DELIVERY_H
#define SUIVI_DELIVERY_H

#include <limits.h>
#include <sqlite3.h>

#include "err.h"

/* The columns of a version of an incident (in incident and
 * incident_past alike), but its own row id. */
#define DELIVERY_VERSION_COLS "zone, ref, commune, date_fact, time_fact, " \
	"date_registered, label, attempt, modus_operandi, " \
	"place_type, channel, victim_sex, victim_age, author_sex, author_age, " \
	"relation, author_ref, quartier, extract, line"

enum delivery_state {
	DS_CURRENT, DS_SUPERSEDED, DS_RETRACTED, DS_REPLACED, DS_UNREAD,
	DS_COUNT
};

/* The state's name as the ledger stores it ("current" ...). */
const char *delivery_state_name(enum delivery_state s);

/* What a delivery's file name says of it. */
typedef struct delivery_name {
	int month;              /* yyyymm when the name is YYYY-MM[-vN].csv,
	                           else 0 */
	int version;            /* N of a final -vN (N >= 1), else 1 */
	int folder_zone;        /* the folder's name when it is four digits
	                           (a zone, if the reference has it), else 0 */
	char stem[NAME_MAX + 1];        /* the name without -vN and .csv */
} delivery_name;

void delivery_name_parse(const char *path, delivery_name *dn);

/* One reading of the ledger, as it stood at the moment asked. */
typedef struct delivery {
	sqlite3_int64 id;
	int zone, month, version;       /* zone, month 0: not known */
	int legacy, unread;
	char *stem, *sha256;
	enum delivery_state state;
	int rank;               /* among the current ones, 0 first; -1 */
} delivery;

/* The readings loaded by a moment, by id. */
typedef struct deliveries {
	delivery *v;
	size_t n, cap;
	int ncurrent;
} deliveries;

/*
 * The ledger as it stood at as_of (UTC, "YYYY-MM-DDTHH:MM:SS.sssZ" as
 * delivery_time() writes it; NULL: now): the readings loaded by then,
 * each with its state and rank then.  Free with deliveries_free().
 */
int deliveries_load(sqlite3 *db, const char *as_of, deliveries *d,
    sv_err *e);
void deliveries_free(deliveries *d);

/* Store each reading's state (extract.state, which then says the
 * present); with flipped, the ids of those that became or ceased to be
 * current are added to temp.flipped(id), which is made when missing. */
int deliveries_save(sqlite3 *db, const deliveries *d, int flipped,
    sv_err *e);

/* The rank of reading id, or -1 when it is not current (or unknown). */
int deliveries_rank(const deliveries *d, sqlite3_int64 id);

/*
 * temp.delivery_at(id, zone, month, named, state, rank): the readings
 * loaded by as_of (NULL: now), with their states then and, for the
 * current ones, their ranks (NULL for the others); with as_of, also
 * temp.asof_incident, the incidents as they stood then (the columns
 * DELIVERY_VERSION_COLS, each (zone, ref) in its version current then),
 * the union of temp.asof_single (the (zone, ref)s with one version) and
 * temp.asof_multi (those with several).
 * Made again on every call; for aggregate's coverage and month under
 * review, and the exports.
 */
int delivery_live(sqlite3 *db, const char *as_of, sv_err *e);

/*
 * A moment a person writes, "YYYY-MM-DD" (the end of that day) or
 * "YYYY-MM-DDTHH:MM[:SS]" (also with a space for the T), in local time
 * unless it ends in Z or an offset (+01:00), into UTC as the ledger
 * writes its times ("YYYY-MM-DDTHH:MM:SS.sssZ", n >= 25): 0, or -1 when
 * s is not such a moment.
 */
int delivery_time(const char *s, char *out, size_t n);

#endif
