/*
 * version — suivi's version, printed by `suivi --version` and on every
 * report it writes.
 */
#ifndef SUIVI_VERSION_H
#define SUIVI_VERSION_H

#define SUIVI_VERSION "0.3.0"

#endif
