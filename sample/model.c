#include "model.h"

#include <string.h>

#include "../core/month.h"
#include "../ingest/values.h"

enum lock { L_NONE, L_PROPERTY, L_FAMILY };
enum details { D_PLAIN, D_BURGLARY, D_VEHICLE, D_PARTNER, D_FAMILY, D_PERSON };

/* Each phenomenon's 2019 regional level (facts a year), season (amplitude
 * and peak month), trend (factor a year), lockdown class, and the details
 * its facts carry.  Levels follow the shape of Brussels' public police
 * statistics (about 150,000 facts a year); they are not real figures. */
static const struct {
	const char *code;
	double year;
	double amp;
	int peak;
	double trend;
	enum lock lock;
	enum details details;
	double pow;             /* Police on Web share in 2019 (0: not taken) */
} P[] = {
	{ "ipv_physical", 3200, .08, 7, 1.01, L_FAMILY, D_PARTNER, 0 },
	{ "ipv_psychological", 2200, .05, 7, 1.03, L_FAMILY, D_PARTNER, 0 },
	{ "ipv_sexual", 250, .05, 7, 1.02, L_FAMILY, D_PARTNER, 0 },
	{ "ipv_economic", 200, .05, 7, 1.04, L_FAMILY, D_PARTNER, 0 },
	{ "ifv_descendants", 700, .10, 9, 1.00, L_FAMILY, D_FAMILY, 0 },
	{ "ifv_other_family", 700, .05, 12, 1.00, L_FAMILY, D_FAMILY, 0 },
	{ "assault", 11000, .10, 7, 0.99, L_NONE, D_PERSON, 0 },
	{ "threats", 6000, .05, 6, 1.00, L_NONE, D_PERSON, 0 },
	{ "homicide", 40, 0, 1, 1.00, L_NONE, D_PERSON, 0 },
	{ "stalking", 1200, .05, 5, 1.02, L_NONE, D_PERSON, 0 },
	{ "rape", 500, .10, 7, 1.03, L_NONE, D_PERSON, 0 },
	{ "indecent_assault", 600, .10, 7, 1.02, L_NONE, D_PERSON, 0 },
	{ "street_harassment", 400, .15, 7, 1.05, L_NONE, D_PERSON, 0 },
	{ "hate_crime", 200, .05, 6, 1.03, L_NONE, D_PERSON, 0 },
	{ "discrimination", 250, 0, 1, 1.02, L_NONE, D_PERSON, 0 },
	{ "incitement_hatred", 100, 0, 1, 1.04, L_NONE, D_PLAIN, 0 },
	{ "terrorism", 20, 0, 1, 0.95, L_NONE, D_PLAIN, 0 },
	{ "drug_possession", 5000, .10, 7, 1.02, L_NONE, D_PLAIN, 0 },
	{ "drug_dealing", 1800, .05, 7, 1.03, L_NONE, D_PLAIN, 0 },
	{ "drug_production", 60, 0, 1, 1.00, L_NONE, D_PLAIN, 0 },
	{ "human_trafficking", 80, 0, 1, 1.00, L_NONE, D_PLAIN, 0 },
	{ "human_smuggling", 60, 0, 1, 1.00, L_NONE, D_PLAIN, 0 },
	{ "begging_exploitation", 40, .10, 12, 1.00, L_NONE, D_PLAIN, 0 },
	{ "sexual_exploitation", 70, 0, 1, 1.00, L_NONE, D_PLAIN, 0 },
	{ "labour_exploitation", 60, 0, 1, 1.02, L_NONE, D_PLAIN, 0 },
	{ "slum_landlord", 30, 0, 1, 1.00, L_NONE, D_PLAIN, 0 },
	{ "burglary_home", 7000, .30, 12, 0.96, L_PROPERTY, D_BURGLARY, 0 },
	{ "burglary_business", 2000, .20, 12, 0.97, L_PROPERTY, D_BURGLARY, 0 },
	{ "burglary_outbuilding", 1500, .20, 11, 0.98, L_PROPERTY, D_BURGLARY, 0 },
	{ "bike_theft", 4000, .40, 7, 1.06, L_PROPERTY, D_PLAIN, .15 },
	{ "pickpocketing", 11000, .10, 12, 1.05, L_PROPERTY, D_PERSON, .10 },
	{ "shoplifting", 6000, .15, 12, 1.01, L_PROPERTY, D_PLAIN, .10 },
	{ "theft_from_vehicle", 12000, .10, 11, 0.97, L_PROPERTY, D_VEHICLE, .12 },
	{ "car_theft", 1500, .05, 11, 0.95, L_PROPERTY, D_VEHICLE, 0 },
	{ "motorbike_theft", 1000, .30, 7, 1.00, L_PROPERTY, D_VEHICLE, .10 },
	{ "simple_theft", 22000, .10, 7, 1.00, L_PROPERTY, D_PERSON, .10 },
	{ "street_robbery", 4000, .10, 12, 0.98, L_PROPERTY, D_PERSON, 0 },
	{ "armed_robbery", 400, .15, 12, 0.96, L_PROPERTY, D_PERSON, 0 },
	{ "sac_jacking", 300, .10, 12, 1.00, L_PROPERTY, D_VEHICLE, 0 },
	{ "car_jacking", 60, 0, 1, 1.00, L_PROPERTY, D_VEHICLE, 0 },
	{ "home_jacking", 50, 0, 1, 1.00, L_PROPERTY, D_BURGLARY, 0 },
	{ "recyclable_waste_theft", 300, .10, 3, 1.04, L_PROPERTY, D_PLAIN, 0 },
	{ "vandalism", 12000, .10, 7, 0.99, L_PROPERTY, D_PLAIN, .08 },
	{ "injury_accident", 3500, .15, 6, 0.98, L_PROPERTY, D_PLAIN, 0 },
	{ "fatal_accident", 25, 0, 1, 0.97, L_NONE, D_PLAIN, 0 },
	{ "drink_driving", 2200, .15, 12, 0.99, L_NONE, D_PLAIN, 0 },
	{ "drug_driving", 600, .10, 7, 1.08, L_NONE, D_PLAIN, 0 },
	{ "speeding", 4000, .15, 7, 1.02, L_NONE, D_PLAIN, 0 },
	{ "hit_and_run", 2500, .10, 12, 1.00, L_PROPERTY, D_PLAIN, 0 },
	{ "pt_staff_aggression", 350, .10, 12, 1.02, L_NONE, D_PERSON, 0 },
	{ "pt_vandalism", 800, .10, 7, 1.00, L_NONE, D_PLAIN, 0 },
	{ "illegal_dumping", 3000, .20, 7, 1.05, L_NONE, D_PLAIN, 0 },
	{ "graffiti", 1500, .15, 6, 1.00, L_NONE, D_PLAIN, 0 },
	{ "night_noise", 1200, .35, 7, 1.00, L_NONE, D_PLAIN, 0 },
	{ "public_urination", 900, .35, 7, 1.00, L_NONE, D_PLAIN, 0 },
	{ "public_drunkenness", 700, .20, 12, 0.98, L_NONE, D_PLAIN, 0 },
	{ "sac_other", 1500, .10, 7, 1.02, L_NONE, D_PLAIN, 0 },
	{ "card_fraud", 3000, .05, 12, 1.08, L_NONE, D_PERSON, .20 },
	{ "computer_fraud", 2000, .05, 12, 1.12, L_NONE, D_PERSON, .20 },
	{ "hacking", 600, 0, 1, 1.10, L_NONE, D_PERSON, 0 },
	{ "online_scam", 2500, .05, 12, 1.12, L_NONE, D_PERSON, .25 },
	{ "swindle", 3500, .05, 12, 1.03, L_NONE, D_PERSON, 0 },
	{ "social_fraud", 200, 0, 1, 1.00, L_NONE, D_PLAIN, 0 },
	{ "weapons_possession", 900, .10, 7, 1.02, L_NONE, D_PLAIN, 0 },
	{ "weapons_trafficking", 60, 0, 1, 1.00, L_NONE, D_PLAIN, 0 },
	{ "weapons_seizure", 300, 0, 1, 1.02, L_NONE, D_PLAIN, 0 },
	{ "money_laundering", 150, 0, 1, 1.03, L_NONE, D_PLAIN, 0 },
	{ "receiving_stolen_goods", 500, 0, 1, 1.00, L_NONE, D_PLAIN, 0 },
	{ "counterfeiting", 200, 0, 1, 1.00, L_NONE, D_PLAIN, 0 },
};

#define NP ((int)(sizeof P / sizeof *P))

int
model_nphenomena(void)
{
	return NP;
}

const char *
model_code(int p)
{
	return P[p].code;
}

static int
clamp(const model *m, int t)
{
	return t < m->from ? m->from : t;
}

void
model_init(model *m, int from, int to, int ev, double scale)
{
	const anomaly a[] = {
		{ "new_modus_operandi", "burglary_home", 5342, ev - 2, ev, 1.8,
		  "BH-LOCK-BUMPING" },
		{ "wave", "sac_jacking", 5344, ev - 4, ev, 3.0, NULL },
		{ "sustained_rise", "ipv_physical", 5340, ev - 11, ev, 1.6, NULL },
		{ "spike", "graffiti", 5339, ev - 2, ev - 2, 4.0, NULL },
		{ "slow_rise", "online_scam", 5343, ev - 23, ev, 1.72, NULL },
	};

	memset(m, 0, sizeof *m);
	m->from = from;
	m->to = to;
	m->scale = scale;
	for (size_t i = 0; i < sizeof a / sizeof *a; i++) {
		anomaly *x = &m->anomalies[m->nanomalies];
		*x = a[i];
		/* its window stays whole past --to: a ramp over it must not
		 * depend on where the sample stops */
		x->from = clamp(m, x->from);
		if (x->to >= m->from && x->from <= to)
			m->nanomalies++;
	}
}

const anomaly *
model_anomaly(const model *m, int p, int zone, int t)
{
	for (int i = 0; i < m->nanomalies; i++) {
		const anomaly *a = &m->anomalies[i];
		if (a->zone == zone && t >= a->from && t <= a->to &&
		    strcmp(a->code, P[p].code) == 0)
			return a;
	}
	return NULL;
}

/* cos(2 pi k / 12) for k = 0..11, so that no libm call is needed. */
static const double cos12[12] = { 1, .8660254037844387, .5, 0,
	-.5, -.8660254037844387, -1, -.8660254037844387, -.5, 0, .5,
	.8660254037844387 };

static double
power(double b, double e)          /* b^e for e a multiple of 1/12 */
{
	double r = 1, twelfth = 1, x = b;
	int n = (int)(e * 12 + (e >= 0 ? .5 : -.5));

	/* twelfth root of b by Newton's method */
	for (int i = 0; i < 60; i++) {
		double t11 = 1;
		for (int k = 0; k < 11; k++)
			t11 *= twelfth;
		twelfth -= (t11 * twelfth - x) / (12 * t11);
	}
	for (int i = 0; i < (n < 0 ? -n : n); i++)
		r *= twelfth;
	return n < 0 ? 1 / r : r;
}

static double
lockdown(int p, int t)
{
	static const double prop[3] = { .6, .45, .65 }, fam[3] = { 1.2, 1.35, 1.25 };
	int k = t - (2020 * 12 + 2);            /* 0 = March 2020 */

	if (k < 0 || k > 2 || P[p].lock == L_NONE)
		return 1;
	return P[p].lock == L_PROPERTY ? prop[k] : fam[k];
}

double
model_mean(const model *m, int p, int zone, double w, int t)
{
	int month = t % 12 + 1;
	double mu = P[p].year / 12 * w * m->scale;
	const anomaly *a;

	mu *= 1 + P[p].amp * cos12[((month - P[p].peak) % 12 + 12) % 12];
	mu *= power(P[p].trend, (t - 2019 * 12) / 12.0);
	mu *= lockdown(p, t);
	if ((a = model_anomaly(m, p, zone, t))) {
		if (strcmp(a->kind, "slow_rise") == 0)
			mu *= 1 + (a->mult - 1) * (t - a->from + 1) /
			    (a->to - a->from + 1);
		else
			mu *= a->mult;
	}
	return mu;
}

static const char *const ages[] = { "0-17", "18-29", "30-44", "45-64", "65+" };

static const char *
pick_str(rng *r, const char *const *v, const double *w, int n)
{
	return v[rng_pick(r, w, n)];
}

/* The modus operandi of burglary and vehicle crime; the injected new one
 * takes the anomaly's extra share. */
static const char *
modus(const model *m, rng *r, int p, int zone, int t)
{
	static const char *const bh[] = { "BH-DOOR-FORCED", "BH-WINDOW",
	    "BH-BALCONY", "BH-CYLINDER-PULL", "BH-KEY-COPY" };
	static const double bhw[] = { 40, 25, 10, 15, 10 };
	static const char *const vh[] = { "VH-WINDOW-SMASH", "VH-DOOR-FORCED",
	    "VH-RELAY-KEYLESS", "VH-TOWED" };
	const anomaly *a = model_anomaly(m, p, zone, t);

	if (a && a->mo && rng_chance(r, 1 - 1 / a->mult))
		return a->mo;
	if (P[p].details == D_BURGLARY)
		return pick_str(r, bh, bhw, 5);
	double relay = 5 + 3.0 * (t - 2019 * 12) / 12;  /* keyless relay rising */
	double vhw[] = { 50, 30, relay, 5 };
	return pick_str(r, vh, vhw, 4);
}

static const char *
place(rng *r, int p)
{
	static const char *const v[] = { "street", "dwelling", "shop",
	    "public_transport", "vehicle", "other" };
	static const double burglary[] = { 0, 85, 10, 0, 0, 5 },
	    vehicle[] = { 80, 0, 0, 2, 15, 3 },
	    person[] = { 50, 15, 10, 15, 0, 10 },
	    plain[] = { 55, 15, 10, 8, 2, 10 },
	    pt[] = { 0, 0, 0, 100, 0, 0 };
	const char *code = P[p].code;

	static const double business[] = { 0, 0, 90, 0, 0, 10 };

	if (strncmp(code, "pt_", 3) == 0)
		return pick_str(r, v, pt, 6);
	if (strcmp(code, "burglary_business") == 0)
		return pick_str(r, v, business, 6);
	switch (P[p].details) {
	case D_BURGLARY: return pick_str(r, v, burglary, 6);
	case D_VEHICLE: return pick_str(r, v, vehicle, 6);
	case D_PARTNER: case D_FAMILY: return "dwelling";
	case D_PERSON: return pick_str(r, v, person, 6);
	default: return pick_str(r, v, plain, 6);
	}
}

static void
people(rng *r, int p, fact *f)
{
	static const double vsex_partner[] = { 0, 80, 18, 2 },
	    asex_partner[] = { 0, 14, 85, 1 }, vsex_any[] = { 10, 44, 45, 1 },
	    asex_any[] = { 55, 8, 36, 1 };
	static const double vage[] = { 8, 28, 32, 22, 10 }, aage[] = { 10, 38, 32, 17, 3 };
	int partner = P[p].details == D_PARTNER, family = P[p].details == D_FAMILY;

	f->victim_sex = f->author_sex = 0;
	f->victim_age = f->author_age = NULL;
	if (P[p].details == D_PLAIN && !rng_chance(r, .3))
		return;
	f->victim_sex = rng_pick(r, partner || family ? vsex_partner : vsex_any, 4);
	f->author_sex = rng_pick(r, partner ? asex_partner : asex_any, 4);
	f->victim_age = ages[rng_pick(r, vage, 5)];
	if (f->author_sex)
		f->author_age = ages[1 + rng_pick(r, aage + 1, 4)];
	if (partner)
		f->relation = rng_chance(r, .7) ? "partner" : "ex-partner";
	else if (family)
		f->relation = strcmp(P[p].code, "ifv_descendants") == 0 ?
		    "parent-child" : "family";
}

void
model_fact(const model *m, rng *r, int p, int zone, int t, fact *f)
{
	int year = t / 12, month = t % 12 + 1;
	int day = 1 + (int)rng_below(r, (uint32_t)month_days(year, month));
	int delay = rng_chance(r, .85) ? (int)rng_below(r, 4) :
	    rng_chance(r, .8) ? 4 + (int)rng_below(r, 57) : 61 + (int)rng_below(r, 140);
	long days = values_days(year * 10000 + month * 100 + day) + delay;

	memset(f, 0, sizeof *f);
	f->zone = zone;
	f->p = p;
	f->date_fact = year * 10000 + month * 100 + day;
	/* Back from days to a civil date (H. Hinnant's algorithm). */
	long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1, mo = mp < 10 ? mp + 3 : mp - 9;
	f->date_registered = (int)((yoe + era * 400 + (mo <= 2)) * 10000 + mo * 100 + d);
	f->time_fact = rng_chance(r, .9) ? (int)rng_below(r, 24 * 60) : -1;
	f->attempt = P[p].details == D_BURGLARY || P[p].details == D_VEHICLE ?
	    rng_chance(r, .18) : rng_chance(r, .03);
	if (rng_chance(r, .05))
		f->attempt = -1;
	if (P[p].details == D_BURGLARY || P[p].details == D_VEHICLE)
		f->mo = modus(m, r, p, zone, t);
	f->place = place(r, p);
	if (P[p].pow > 0) {
		double share = P[p].pow + .035 * (t - 2019 * 12) / 12;
		f->channel = rng_chance(r, share) ? "police_on_web" : "station";
	} else
		f->channel = "station";
	people(r, p, f);
	f->quartier = rng_chance(r, .7) ? 1 + (int)rng_below(r, 12) : 0;
	f->label = rng_chance(r, .003) ? 2 : rng_chance(r, .03) ? 1 : 0;
}
