/*
 * i18n — the words of charts and reports in French, Dutch and English.
 *
 * Private to reports/.  i18n(lang, key) never fails: an unknown key is
 * returned as it is (so a missing translation shows, rather than crash),
 * and an unknown language falls back to English.
 */
#ifndef SUIVI_I18N_H
#define SUIVI_I18N_H

const char *i18n(const char *lang, const char *key);

#endif
