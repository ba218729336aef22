#include "dialect.h"

#include <string.h>

enum datefmt { ISO, DMY_SLASH, DMY_DASH, DMY_DOT };
enum commune_as { NIS, NAME_FR, NAME_NL };
enum label_as { LABEL_FR, LABEL_NL, CODE };
enum vocab { V_EN, V_FR, V_NL };

/* The columns a zone exports, in its order, by field. */
enum col {
	C_ZONE, C_REF, C_COMMUNE, C_DATE, C_TIME, C_REGISTERED, C_PHENOMENON,
	C_ATTEMPT, C_MO, C_PLACE, C_CHANNEL, C_VSEX, C_VAGE, C_ASEX, C_AAGE,
	C_RELATION, C_AUTHOR, C_QUARTIER, C_END
};

struct zone_dialect {
	int zone;
	int cp1252, bom, crlf, quote_all;
	char delim;
	enum datefmt date;
	enum commune_as commune;
	enum label_as label;
	enum vocab vocab;
	const char *describe;
	enum col cols[C_END + 1];
	const char *header[C_END];
};

static const char *const H_EN[C_END] = { "police_zone", "id", "nis", "date",
	"time", "registration_date", "offence", "attempted", "mo", "place_type",
	"channel", "victim_sex", "victim_age", "offender_sex", "offender_age",
	"relationship", "offender_pseudo", "neighbourhood" };
static const char *const H_FR[C_END] = { "zone_police", "numero_pv",
	"commune", "date_faits", "heure", "date_enregistrement", "phenomene",
	"tentative", "mode_operatoire", "type_lieu", "canal", "sexe_victime",
	"age_victime", "sexe_auteur", "age_auteur", "lien_victime_auteur",
	"auteur_pseudo", "quartier" };
static const char *const H_NL[C_END] = { "politiezone", "pv_nummer",
	"gemeente", "datum_feiten", "uur", "registratiedatum", "fenomeen",
	"poging", "werkwijze", "plaatstype", "kanaal", "geslacht_slachtoffer",
	"leeftijd_slachtoffer", "geslacht_dader", "leeftijd_dader", "relatie",
	"dader_pseudo", "wijk" };

#define ALL C_REF, C_COMMUNE, C_DATE, C_TIME, C_REGISTERED, C_PHENOMENON, \
	C_ATTEMPT, C_MO, C_PLACE, C_CHANNEL, C_VSEX, C_VAGE, C_ASEX, C_AAGE, \
	C_RELATION, C_AUTHOR, C_QUARTIER

static const zone_dialect dialects[] = {
	{ 5339, 0, 0, 1, 0, ',', ISO, NIS, LABEL_FR, V_EN,
	  "UTF-8, ',', English headers, yyyy-mm-dd, CRLF",
	  { ALL, C_END }, { 0 } },
	{ 5340, 0, 1, 0, 1, ';', DMY_SLASH, NAME_FR, LABEL_FR, V_FR,
	  "UTF-8 with BOM, ';', French headers, dd/mm/yyyy, every field quoted",
	  { ALL, C_END }, { 0 } },
	{ 5341, 1, 0, 0, 0, ';', DMY_DASH, NAME_NL, LABEL_NL, V_NL,
	  "Windows-1252, ';', Dutch headers, dd-mm-yyyy",
	  { ALL, C_END }, { 0 } },
	{ 5342, 0, 0, 0, 0, '\t', DMY_DOT, NAME_FR, LABEL_FR, V_FR,
	  "UTF-8, tab, French headers, dd.mm.yyyy",
	  { C_REF, C_DATE, C_TIME, C_COMMUNE, C_PHENOMENON, C_MO, C_ATTEMPT,
	    C_PLACE, C_CHANNEL, C_VSEX, C_VAGE, C_ASEX, C_AAGE, C_RELATION,
	    C_AUTHOR, C_REGISTERED, C_QUARTIER, C_END }, { 0 } },
	{ 5343, 0, 0, 0, 0, '|', ISO, NIS, CODE, V_EN,
	  "UTF-8, '|', English headers with a zone column, phenomenon codes",
	  { C_ZONE, ALL, C_END }, { 0 } },
	{ 5344, 1, 0, 1, 0, ',', DMY_SLASH, NAME_NL, LABEL_NL, V_NL,
	  "Windows-1252, ',', Dutch headers, dd/mm/yyyy, CRLF",
	  { ALL, C_END }, { 0 } },
};

const zone_dialect *
dialect_of(int zone)
{
	for (size_t i = 0; i < sizeof dialects / sizeof *dialects; i++)
		if (dialects[i].zone == zone)
			return &dialects[i];
	return NULL;
}

int
dialect_cp1252(const zone_dialect *d)
{
	return d->cp1252;
}

const char *
dialect_describe(const zone_dialect *d)
{
	return d->describe;
}

const char *
dialect_defect_name(enum defect d)
{
	static const char *const n[DEF_COUNT] = { "none", "bad_date",
	    "unknown_commune", "missing_phenomenon", "unbalanced_quote",
	    "wrong_field_count", "invalid_byte" };
	return n[d];
}

const char *
dialect_defect_reason(enum defect d)
{
	static const char *const n[DEF_COUNT] = { "", "bad_date",
	    "unknown_commune", "missing_phenomenon", "unbalanced_quote",
	    "field_count", "bad_encoding" };
	return n[d];
}

static const char *const *
headers(const zone_dialect *d)
{
	return d->vocab == V_EN ? H_EN : d->vocab == V_FR ? H_FR : H_NL;
}

/* Append s to buf as one field, quoted when the dialect wants it or the
 * text needs it. */
static size_t
put_field(const zone_dialect *d, char *buf, size_t n, size_t len,
    const char *s, int first)
{
	int quote = d->quote_all || strchr(s, d->delim) || strchr(s, '"') ||
	    strchr(s, '\n');

	if (!first && len + 1 < n)
		buf[len++] = d->delim;
	if (quote && len + 1 < n)
		buf[len++] = '"';
	for (; *s && len + 2 < n; s++) {
		if (*s == '"')
			buf[len++] = '"';
		buf[len++] = *s;
	}
	if (quote && len + 1 < n)
		buf[len++] = '"';
	buf[len] = '\0';
	return len;
}

static size_t
end_line(const zone_dialect *d, char *buf, size_t n, size_t len)
{
	const char *eol = d->crlf ? "\r\n" : "\n";

	for (; *eol && len + 1 < n; eol++)
		buf[len++] = *eol;
	buf[len] = '\0';
	return len;
}

void
dialect_header(const zone_dialect *d, char *buf, size_t n)
{
	size_t len = 0;

	if (d->bom)
		len = (size_t)snprintf(buf, n, "\xEF\xBB\xBF");
	for (int i = 0; d->cols[i] != C_END; i++)
		len = put_field(d, buf, n, len, headers(d)[d->cols[i]], i == 0);
	end_line(d, buf, n, len);
}

static void
fmt_date(const zone_dialect *d, int ymd, char *out, size_t n)
{
	int y = ymd / 10000, m = ymd / 100 % 100, dd = ymd % 100;

	switch (d->date) {
	case ISO: snprintf(out, n, "%04d-%02d-%02d", y, m, dd); break;
	case DMY_SLASH: snprintf(out, n, "%02d/%02d/%04d", dd, m, y); break;
	case DMY_DASH: snprintf(out, n, "%02d-%02d-%04d", dd, m, y); break;
	case DMY_DOT: snprintf(out, n, "%02d.%02d.%04d", dd, m, y); break;
	}
}

static const char *
sex_word(const zone_dialect *d, int sex)
{
	static const char *const w[3][4] = {
		{ "", "F", "M", "X" }, { "", "femme", "homme", "X" },
		{ "", "V", "M", "X" } };
	return w[d->vocab][sex];
}

static const char *
attempt_word(const zone_dialect *d, int a)
{
	static const char *const w[3][2] = { { "0", "1" }, { "non", "oui" },
		{ "nee", "ja" } };
	return a < 0 ? "" : w[d->vocab][a];
}

/* The text of column c for fact f. */
static void
cell(const zone_dialect *d, enum col c, const fact *f, const char *ref,
    const names *nm, char *out, size_t n)
{
	out[0] = '\0';
	switch (c) {
	case C_ZONE: snprintf(out, n, "%d", f->zone); break;
	case C_REF: snprintf(out, n, "%s", ref); break;
	case C_COMMUNE:
		if (d->commune == NIS)
			snprintf(out, n, "%d", f->nis);
		else
			snprintf(out, n, "%s", d->commune == NAME_FR ?
			    nm->commune_fr : nm->commune_nl);
		break;
	case C_DATE: fmt_date(d, f->date_fact, out, n); break;
	case C_REGISTERED: fmt_date(d, f->date_registered, out, n); break;
	case C_TIME:
		if (f->time_fact >= 0)
			snprintf(out, n, d->vocab == V_FR ? "%02dh%02d" : "%02d:%02d",
			    f->time_fact / 60, f->time_fact % 60);
		break;
	case C_PHENOMENON:
		if (f->label == 2)
			snprintf(out, n, "%s", d->vocab == V_NL ? "Overige feiten" :
			    "Autre fait non qualifié");
		else if (f->label == 1 && nm->alias)
			snprintf(out, n, "%s", nm->alias);
		else
			snprintf(out, n, "%s", d->label == LABEL_FR ? nm->label_fr :
			    d->label == LABEL_NL ? nm->label_nl : nm->code);
		break;
	case C_ATTEMPT: snprintf(out, n, "%s", attempt_word(d, f->attempt)); break;
	case C_MO: snprintf(out, n, "%s", f->mo ? f->mo : ""); break;
	case C_PLACE: snprintf(out, n, "%s", f->place ? f->place : ""); break;
	case C_CHANNEL: snprintf(out, n, "%s", f->channel ? f->channel : ""); break;
	case C_VSEX: snprintf(out, n, "%s", sex_word(d, f->victim_sex)); break;
	case C_ASEX: snprintf(out, n, "%s", sex_word(d, f->author_sex)); break;
	case C_VAGE: snprintf(out, n, "%s", f->victim_age ? f->victim_age : ""); break;
	case C_AAGE: snprintf(out, n, "%s", f->author_age ? f->author_age : ""); break;
	case C_RELATION: snprintf(out, n, "%s", f->relation ? f->relation : ""); break;
	case C_AUTHOR:
		if (f->author)
			snprintf(out, n, "A%d-%06d", f->zone, f->author);
		break;
	case C_QUARTIER:
		if (f->quartier)
			snprintf(out, n, "Q%d-%02d", f->nis, f->quartier);
		break;
	case C_END: break;
	}
}

void
dialect_row(const zone_dialect *d, const fact *f, const char *ref,
    const names *nm, enum defect def, char *buf, size_t n)
{
	char v[256];
	size_t len = 0;

	for (int i = 0; d->cols[i] != C_END; i++) {
		enum col c = d->cols[i];
		if (def == DEF_FIELD_COUNT && c == C_QUARTIER)
			continue;       /* one field short */
		cell(d, c, f, ref, nm, v, sizeof v);
		if (c == C_DATE && def == DEF_BAD_DATE)
			fmt_date(d, f->date_fact / 10000 * 10000 + 231, v, sizeof v);
		if (c == C_COMMUNE && def == DEF_UNKNOWN_COMMUNE)
			snprintf(v, sizeof v, "%s", d->commune == NIS ? "21099" :
			    "Atlantis");
		if (c == C_PHENOMENON && def == DEF_MISSING_PHENOMENON)
			v[0] = '\0';
		if (c == C_PHENOMENON && def == DEF_BAD_BYTE)
			/* A lone 0xE9 is invalid UTF-8.  For Windows-1252
			 * zones a 0x01 marks the place: the writer turns it
			 * into 0x81, undefined there, after conversion. */
			strcat(v, d->cp1252 ? "\x01" : "\xE9");
		if (c == C_PHENOMENON && def == DEF_UNBALANCED_QUOTE) {
			len = (size_t)snprintf(buf + len, n - len, "%s\"%s", i ?
			    (char[]){ d->delim, 0 } : "", v) + len;
			continue;
		}
		len = put_field(d, buf, n, len, v, i == 0);
	}
	end_line(d, buf, n, len);
}
