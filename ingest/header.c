#include "header.h"

#include <stdio.h>
#include <string.h>

#include "../core/db.h"
#include "../core/text.h"

/*
 * Column names that identify a person, in FR, NL and EN.  A column is
 * identifying when one of its words is in `words`, or its key starts with
 * one of `prefixes` (multi-word names).  Words, not substrings: "nom" must
 * not match "phenomene".
 */
static const struct {
	const char *word, *what;
} words[] = {
	{ "nom", "a name" }, { "prenom", "a name" }, { "name", "a name" },
	{ "firstname", "a name" }, { "surname", "a name" },
	{ "lastname", "a name" }, { "naam", "a name" }, { "voornaam", "a name" },
	{ "achternaam", "a name" }, { "familienaam", "a name" },
	{ "adresse", "an address" }, { "address", "an address" },
	{ "adres", "an address" }, { "rue", "a street" }, { "street", "a street" },
	{ "straat", "a street" }, { "domicile", "an address" },
	{ "niss", "a national register number" },
	{ "rijksregisternummer", "a national register number" },
	{ "rrn", "a national register number" },
	{ "nrn", "a national register number" },
	{ "nn", "a national register number" },
	{ "insz", "a national register number" },
	{ "ssin", "a national register number" },
	{ "bsn", "a citizen service number" },
	{ "sofinummer", "a citizen service number" },
	{ "burgerservicenummer", "a citizen service number" },
	{ "iban", "a bank account number" },
	{ "rekeningnummer", "a bank account number" },
	{ "bankrekening", "a bank account number" },
	{ "bankrekeningnummer", "a bank account number" },
	{ "eid", "an identity card number" },
	{ "identiteitskaart", "an identity card number" },
	{ "paspoort", "a passport number" },
	{ "passeport", "a passport number" },
	{ "passport", "a passport number" },
	{ "telephone", "a phone number" }, { "phone", "a phone number" },
	{ "telefoon", "a phone number" }, { "gsm", "a phone number" },
	{ "tel", "a phone number" }, { "email", "an e-mail address" },
	{ "mail", "an e-mail address" }, { "courriel", "an e-mail address" },
	{ "dob", "a birth date" }, { "geboortedatum", "a birth date" },
	{ "birthdate", "a birth date" }, { "naissance", "a birth date" },
	{ "plaque", "a licence plate" }, { "immatriculation", "a licence plate" },
	{ "nummerplaat", "a licence plate" }, { "kenteken", "a licence plate" },
	{ "plate", "a licence plate" },
};

static const struct {
	const char *prefix, *what;
} prefixes[] = {
	{ "registrenational", "a national register number" },
	{ "numeronational", "a national register number" },
	{ "nationalnumber", "a national register number" },
	{ "nationalregister", "a national register number" },
	{ "datedenaissance", "a birth date" }, { "birthdate", "a birth date" },
	{ "dateofbirth", "a birth date" }, { "licenceplate", "a licence plate" },
	{ "licenseplate", "a licence plate" }, { "firstname", "a name" },
	{ "lastname", "a name" },
	{ "rijksregister", "a national register number" },
	{ "numeroderegistre", "a national register number" },
	{ "identificatienummer", "a national register number" },
	{ "numerodidentification", "a national register number" },
	{ "comptebancaire", "a bank account number" },
	{ "numerodecompte", "a bank account number" },
	{ "bankaccount", "a bank account number" },
	{ "accountnumber", "a bank account number" },
	{ "cartedidentite", "an identity card number" },
	{ "carteidentite", "an identity card number" },
	{ "identitycard", "an identity card number" },
	{ "identiteitskaart", "an identity card number" },
	{ "idkaart", "an identity card number" },
	{ "numerodecarte", "an identity card number" },
	{ "passportnumber", "a passport number" },
};

const char *
header_identifying(const char *name)
{
	char key[256], word[128];
	const char *p = name;

	text_key(name, key, sizeof key);
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
		if (strncmp(key, prefixes[i].prefix, strlen(prefixes[i].prefix)) == 0)
			return prefixes[i].what;
	/* Split on anything that is not a letter or digit, then key each word. */
	while (*p) {
		size_t n = strcspn(p, " _-./()'\t");
		char raw[128];
		snprintf(raw, sizeof raw, "%.*s", (int)(n < 127 ? n : 127), p);
		text_key(raw, word, sizeof word);
		for (size_t i = 0; i < sizeof words / sizeof *words; i++)
			if (strcmp(word, words[i].word) == 0)
				return words[i].what;
		p += n;
		p += strspn(p, " _-./()'\t");
	}
	return NULL;
}

static int
profile_field(const profile *p, const char *key)
{
	for (int i = 0; p && i < p->ncolumns; i++)
		if (strcmp(p->columns[i].key, key) == 0)
			return p->columns[i].field;
	return -1;
}

static void
add_unknown(header_map *m, const char *name)
{
	size_t len = strlen(m->unknown);

	snprintf(m->unknown + len, sizeof m->unknown - len, "%s%s",
	    len ? ", " : "", name);
}

static void
count_lang(int votes[3], const char *lang)
{
	votes[strcmp(lang, "fr") == 0 ? 0 : strcmp(lang, "nl") == 0 ? 1 : 2]++;
}

static int
require_fields(const header_map *m, const char *path, sv_err *e)
{
	for (int f = 0; f < F_COUNT; f++)
		if (field_required((enum field)f) && m->col[f] < 0)
			return sv_errf(e, SV_DATAERR, "%s: no column is recognised "
			    "as '%s': rename it, add a synonym to "
			    "reference/header_synonyms.csv, or use --profile",
			    path, field_name((enum field)f));
	return SV_OK;
}

int
header_map_build(sqlite3 *db, const char *const *names, size_t n,
    const profile *p, const char *path, header_map *m, sv_err *e)
{
	sqlite3_stmt *st;
	int votes[3] = { 0 }, rc = SV_OK;
	char key[256];

	memset(m, 0, sizeof *m);
	for (int f = 0; f < F_COUNT; f++)
		m->col[f] = -1;
	while (n > 0 && names[n - 1][0] == '\0')
		n--;
	m->ncols = n;
	if ((rc = db_prepare(db, &st, "SELECT field, lang FROM header_synonym "
	    "WHERE key = ?1", e)))
		return rc;
	/* suivi's own incidents export, read back: its phenomenon_raw is the
	 * label, its phenomenon the code it maps to, which is not stored */
	int own_export = 0;
	for (size_t i = 0; i < n; i++)
		own_export |= !strcmp(names[i], "phenomenon_raw");
	for (size_t i = 0; i < n && !rc; i++) {
		const char *what = header_identifying(names[i]);
		int f;
		text_key(names[i], key, sizeof key);
		if (own_export && !strcmp(names[i], "phenomenon")) {
			add_unknown(m, names[i]);
			continue;
		}
		if (what && !profile_allows(p, key)) {
			rc = sv_errf(e, SV_DATAERR, "%s: refused: column '%s' looks "
			    "like %s; extracts must be anonymised (nothing was "
			    "loaded); if it holds nothing personal, a profile can say "
			    "so: allow_column = %s", path, names[i], what, names[i]);
			break;
		}
		if ((f = profile_field(p, key)) < 0) {
			int found;
			sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
			if ((rc = db_lookup(db, st, &found, e)))
				break;
			if (found) {
				f = field_by_name((const char *)sqlite3_column_text(st, 0));
				count_lang(votes, (const char *)sqlite3_column_text(st, 1));
			}
			sqlite3_reset(st);
		}
		if (f < 0 && what) {
			/* the ledger keeps that the user vouched for it */
			char note[300];
			snprintf(note, sizeof note, "%.250s (declared not personal)",
			    names[i]);
			add_unknown(m, note);
		} else if (f < 0)
			add_unknown(m, names[i][0] ? names[i] : "(empty)");
		else if (m->col[f] >= 0)
			rc = sv_errf(e, SV_DATAERR, "%s: columns '%s' and '%s' are "
			    "both '%s': use --profile to say which is", path,
			    names[m->col[f]], names[i], field_name((enum field)f));
		else
			m->col[f] = (int)i;
	}
	sqlite3_finalize(st);
	if (rc)
		return rc;
	int best = votes[1] > votes[0] ? 1 : 0;
	best = votes[2] > votes[best] ? 2 : best;
	snprintf(m->lang, sizeof m->lang, "%s", votes[best] ? (const char *[]){
	    "fr", "nl", "en" }[best] : "?");
	return require_fields(m, path, e);
}
