#include "testutil.h"

#include "../../core/db.h"
#include "../../core/refdata.h"
#include "../../ingest/header.h"

static int
setup(void **state)
{
	sqlite3 *db;
	sv_err e;

	assert_int_equal(db_open(":memory:", 1, &db, &e), SV_OK);
	assert_int_equal(refdata_load(db, SUIVI_REFDIR, &e), SV_OK);
	*state = db;
	return 0;
}

static int
teardown(void **state)
{
	db_close(*state);
	return 0;
}

static int
build(void **state, const char *const *names, size_t n, const profile *p,
    header_map *m, sv_err *e)
{
	return header_map_build(*state, names, n, p, "x.csv", m, e);
}

static void
french_headers_are_mapped(void **state)
{
	const char *h[] = { "Numéro PV", "Commune", "Date des faits", "Heure",
	    "Phénomène", "Sexe victime", "Tentative" };
	header_map m;
	sv_err e;

	assert_int_equal(build(state, h, 7, NULL, &m, &e), SV_OK);
	assert_int_equal(m.col[F_REF], 0);
	assert_int_equal(m.col[F_DATE_FACT], 2);
	assert_int_equal(m.col[F_TIME_FACT], 3);
	assert_int_equal(m.col[F_PHENOMENON], 4);
	assert_int_equal(m.col[F_VICTIM_SEX], 5);
	assert_int_equal(m.col[F_ZONE], -1);
	assert_string_equal(m.lang, "fr");
	assert_string_equal(m.unknown, "");
}

static void
dutch_and_english_headers_are_mapped(void **state)
{
	const char *nl[] = { "PV_nummer", "Gemeente", "Datum_feiten", "Fenomeen",
	    "Geslacht_slachtoffer" };
	const char *en[] = { "id", "municipality", "fact_date", "offence",
	    "victim_gender" };
	header_map m;
	sv_err e;

	assert_int_equal(build(state, nl, 5, NULL, &m, &e), SV_OK);
	assert_string_equal(m.lang, "nl");
	assert_int_equal(m.col[F_VICTIM_SEX], 4);
	assert_int_equal(build(state, en, 5, NULL, &m, &e), SV_OK);
	assert_string_equal(m.lang, "en");
	assert_int_equal(m.col[F_PHENOMENON], 3);
}

static void
unknown_columns_are_listed_and_trailing_empty_ones_dropped(void **state)
{
	const char *h[] = { "ref", "commune", "date", "phenomene", "brigade",
	    "remarque", "", "" };
	header_map m;
	sv_err e;

	assert_int_equal(build(state, h, 8, NULL, &m, &e), SV_OK);
	assert_string_equal(m.unknown, "brigade, remarque");
	assert_int_equal(m.ncols, 6);
}

static void
identifying_columns_refuse_the_file(void **state)
{
	const char *h[] = { "ref", "commune", "date", "phenomene", "Nom victime" };
	header_map m;
	sv_err e;

	assert_int_equal(build(state, h, 5, NULL, &m, &e), SV_DATAERR);
	assert_non_null(strstr(e.msg, "column 'Nom victime' looks like a name"));
	assert_non_null(strstr(e.msg, "nothing was loaded"));
}

static void
privacy_words_in_fr_nl_en_but_not_inside_other_words(void **state)
{
	(void)state;
	assert_non_null(header_identifying("adresse"));
	assert_non_null(header_identifying("Straat"));
	assert_non_null(header_identifying("Rijksregisternummer"));
	assert_non_null(header_identifying("registre national"));
	assert_non_null(header_identifying("E-mail"));
	assert_non_null(header_identifying("telefoon_dader"));
	assert_non_null(header_identifying("Date de naissance"));
	assert_non_null(header_identifying("geboortedatum"));
	assert_non_null(header_identifying("licence plate"));
	assert_non_null(header_identifying("nummerplaat"));
	assert_non_null(header_identifying("Voornaam"));
	assert_non_null(header_identifying("last_name"));
	/* national numbers, bank accounts, identity papers, BE and NL */
	assert_non_null(header_identifying("INSZ"));
	assert_non_null(header_identifying("NRN"));
	assert_non_null(header_identifying("NN"));
	assert_non_null(header_identifying("nr INSZ dader"));
	assert_non_null(header_identifying("IBAN"));
	assert_non_null(header_identifying("iban_victime"));
	assert_non_null(header_identifying("BSN"));
	assert_non_null(header_identifying("rekeningnummer"));
	assert_non_null(header_identifying("Numéro de compte"));
	assert_non_null(header_identifying("compte bancaire"));
	assert_non_null(header_identifying("Carte d'identité"));
	assert_non_null(header_identifying("identiteitskaart nr"));
	assert_non_null(header_identifying("eID"));
	assert_non_null(header_identifying("Passeport"));
	assert_non_null(header_identifying("rijksregister nummer"));
	assert_null(header_identifying("phenomene"));
	assert_null(header_identifying("numero_pv"));
	assert_null(header_identifying("date_faits"));
	assert_null(header_identifying("auteur_pseudo"));
	assert_null(header_identifying("type_lieu"));
}

static void
missing_required_field_is_refused_with_advice(void **state)
{
	const char *h[] = { "ref", "commune", "phenomene" };
	header_map m;
	sv_err e;

	assert_int_equal(build(state, h, 3, NULL, &m, &e), SV_DATAERR);
	assert_non_null(strstr(e.msg, "no column is recognised as 'date_fact'"));
	assert_non_null(strstr(e.msg, "--profile"));
}

static void
two_columns_for_one_field_are_refused(void **state)
{
	const char *h[] = { "ref", "commune", "date", "date_faits", "phenomene" };
	header_map m;
	sv_err e;

	assert_int_equal(build(state, h, 5, NULL, &m, &e), SV_DATAERR);
	assert_non_null(strstr(e.msg, "'date' and 'date_faits' are both 'date_fact'"));
}

static void
a_profile_maps_what_synonyms_do_not(void **state)
{
	const char *h[] = { "Num dossier", "Loc", "Quand", "Quoi" };
	profile p;
	header_map m;
	sv_err e;

	profile_none(&p);
	strcpy(p.columns[0].key, "numdossier"); p.columns[0].field = F_REF;
	strcpy(p.columns[1].key, "loc"); p.columns[1].field = F_COMMUNE;
	strcpy(p.columns[2].key, "quand"); p.columns[2].field = F_DATE_FACT;
	strcpy(p.columns[3].key, "quoi"); p.columns[3].field = F_PHENOMENON;
	p.ncolumns = 4;
	assert_int_equal(build(state, h, 4, &p, &m, &e), SV_OK);
	assert_int_equal(m.col[F_COMMUNE], 1);
	assert_int_equal(m.col[F_PHENOMENON], 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(french_headers_are_mapped),
		T(dutch_and_english_headers_are_mapped),
		T(unknown_columns_are_listed_and_trailing_empty_ones_dropped),
		T(identifying_columns_refuse_the_file),
		cmocka_unit_test(privacy_words_in_fr_nl_en_but_not_inside_other_words),
		T(missing_required_field_is_refused_with_advice),
		T(two_columns_for_one_field_are_refused),
		T(a_profile_maps_what_synonyms_do_not),
#undef T
	};
	return cmocka_run_group_tests_name("header", tests, NULL, NULL);
}
