#include "i18n.h"

#include <string.h>

static const struct {
	const char *key, *fr, *nl, *en;
} words[] = {
	{ "monthly", "mensuel", "maandelijks", "monthly" },
	{ "average", "moyenne sur 12 mois", "gemiddelde over 12 maanden", "12-month average" },
	{ "trend", "tendance", "trend", "trend" },
	{ "band", "attendu – seuil", "verwacht – drempel", "expected – threshold" },
	{ "alarm", "alarme", "alarm", "alarm" },
	{ "zone", "zone", "zone", "zone" },
	{ "region", "Région", "Gewest", "region" },
	{ "measure", "mesure", "maatregel", "measure" },
	{ "by_victim_sex", "Violences dans le couple, par sexe de la victime",
	  "Partnergeweld, naar geslacht van het slachtoffer",
	  "Partner violence by sex of the victim" },
	{ "by_author_sex", "Violences dans le couple, par sexe de l'auteur",
	  "Partnergeweld, naar geslacht van de dader",
	  "Partner violence by sex of the author" },
	{ "women", "femmes", "vrouwen", "women" },
	{ "men", "hommes", "mannen", "men" },
	{ "x", "X", "X", "X" },
	{ "unknown", "inconnu", "onbekend", "unknown" },
	{ "coverage", "Extraits reçus par zone et par mois (rouge : non livré)",
	  "Ontvangen extracten per zone en per maand (rood: niet geleverd)",
	  "Extracts received by zone and month (red: not delivered)" },
};

const char *
i18n(const char *lang, const char *key)
{
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strcmp(words[i].key, key) == 0)
			return !strcmp(lang, "fr") ? words[i].fr :
			    !strcmp(lang, "nl") ? words[i].nl : words[i].en;
	return key;
}
