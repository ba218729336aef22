/*
 * numfmt — numbers and months as a Belgian reader writes them (numfmt.h).
 */
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define NNBSP "\xe2\x80\xaf"    /* U+202F narrow no-break space */
#define MINUS "\xe2\x88\x92"    /* U+2212 minus sign */
#define NDASH "\xe2\x80\x93"    /* U+2013 en dash */

enum lang { FR, NL, EN };

static enum lang
lang_of(const char *lang)
{
	return !strcmp(lang, "fr") ? FR : !strcmp(lang, "nl") ? NL : EN;
}

static const char *const thousands[] = { NNBSP, ".", "," };
static const char *const before_percent[] = { NNBSP, "", "" };
static const char decimal_mark[] = { ',', ',', '.' };

char *
numfmt_dec(const char *lang, double v, int decimals, char *buf, size_t n)
{
	enum lang l = lang_of(lang);
	char digits[64], *point;
	size_t len, intlen, o = 0;
	int neg;

	if (n == 0)
		return buf;
	if (isnan(v) || isinf(v)) {
		snprintf(buf, n, "%s", NDASH);
		return buf;
	}
	snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
	/* -0.04 rounded to one decimal is 0.0: no sign for a zero. */
	neg = v < 0 && strspn(digits, "0.") != strlen(digits);
	point = strchr(digits, '.');
	len = strlen(digits);
	intlen = point ? (size_t)(point - digits) : len;
	buf[0] = '\0';
	if (neg)
		o += (size_t)snprintf(buf + o, o < n ? n - o : 0, "%s", MINUS);
	for (size_t i = 0; i < intlen; i++) {
		if (i > 0 && (intlen - i) % 3 == 0)
			o += (size_t)snprintf(buf + o, o < n ? n - o : 0, "%s",
			    thousands[l]);
		o += (size_t)snprintf(buf + o, o < n ? n - o : 0, "%c", digits[i]);
	}
	if (point)
		snprintf(buf + o, o < n ? n - o : 0, "%c%s", decimal_mark[l],
		    point + 1);
	return buf;
}

char *
numfmt_count(const char *lang, double v, char *buf, size_t n)
{
	return numfmt_dec(lang, v, 0, buf, n);
}

char *
numfmt_share(const char *lang, double share, char *buf, size_t n)
{
	char num[64];

	if (isnan(share))
		return numfmt_dec(lang, share, 1, buf, n);
	numfmt_dec(lang, share * 100, 1, num, sizeof num);
	snprintf(buf, n, "%s%s%%", num, numfmt_percent_space(lang));
	return buf;
}

char *
numfmt_change(const char *lang, double ratio, char *buf, size_t n)
{
	char num[64];
	double pct = (ratio - 1) * 100;

	if (isnan(ratio))
		return numfmt_dec(lang, ratio, 0, buf, n);
	numfmt_dec(lang, pct, 0, num, sizeof num);
	snprintf(buf, n, "%s%s%s%%", round(pct) > 0 ? "+" : "", num,
	    numfmt_percent_space(lang));
	return buf;
}

const char *
numfmt_percent_space(const char *lang)
{
	return before_percent[lang_of(lang)];
}

char *
numfmt_interval(const char *lang, double low, double high, char *buf,
    size_t n)
{
	char a[64], b[64];

	if (isnan(low) || isnan(high))
		return numfmt_dec(lang, NAN, 0, buf, n);
	snprintf(buf, n, "%s%s%s", numfmt_dec(lang, low, 2, a, sizeof a), NDASH,
	    numfmt_dec(lang, high, 2, b, sizeof b));
	return buf;
}

static const char *const months[3][12] = {
	{ "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	  "août", "septembre", "octobre", "novembre", "décembre" },
	{ "januari", "februari", "maart", "april", "mei", "juni", "juli",
	  "augustus", "september", "oktober", "november", "december" },
	{ "January", "February", "March", "April", "May", "June", "July",
	  "August", "September", "October", "November", "December" },
};

static const char *const months_short[3][12] = {
	{ "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
	  "sept.", "oct.", "nov.", "déc." },
	{ "jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.",
	  "sep.", "okt.", "nov.", "dec." },
	{ "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
	  "Oct", "Nov", "Dec" },
};

static char *
month_words(const char *const names[3][12], const char *lang, int yyyymm,
    char *buf, size_t n)
{
	int m = yyyymm % 100;

	if (m < 1 || m > 12)
		snprintf(buf, n, "%d", yyyymm);
	else
		snprintf(buf, n, "%s %d", names[lang_of(lang)][m - 1], yyyymm / 100);
	return buf;
}

char *
numfmt_month(const char *lang, int yyyymm, char *buf, size_t n)
{
	return month_words(months, lang, yyyymm, buf, n);
}

char *
numfmt_month_short(const char *lang, int yyyymm, char *buf, size_t n)
{
	return month_words(months_short, lang, yyyymm, buf, n);
}

const char *
numfmt_month_abbr(const char *lang, int month)
{
	return month >= 1 && month <= 12 ? months_short[lang_of(lang)][month - 1] :
	    "";
}

char *
numfmt_months(const char *lang, int from, int to, char *buf, size_t n)
{
	char last[64];

	numfmt_month_short(lang, to, last, sizeof last);
	if (from == to)
		snprintf(buf, n, "%s", last);
	else
		snprintf(buf, n, "%s%s%s", numfmt_month_abbr(lang, from % 100), NDASH,
		    last);
	return buf;
}

char *
numfmt_elide(const char *lang, char *s)
{
	static const char *const vowel[] = { "avril", "août", "octobre" };

	if (strcmp(lang, "fr") != 0)
		return s;
	for (char *at = s; (at = strstr(at, "e ")) != NULL; at++) {
		int word = at > s && (at[-1] == 'd' || at[-1] == 'D') &&
		    (at - 1 == s || at[-2] == ' ' || at[-2] == '(' || at[-2] == '>');
		for (size_t i = 0; word && i < sizeof vowel / sizeof *vowel; i++) {
			size_t n = strlen(vowel[i]);
			/* a month with its year, as numfmt_month() writes it: a
			 * label of the data that says "de avril" stays as it is */
			if (!strncmp(at + 2, vowel[i], n) && at[2 + n] == ' ' &&
			    strspn(at + 3 + n, "0123456789") >= 4) {
				/* "de " (3 bytes) to "d'" (2): the rest moves up one */
				at[0] = '\'';
				memmove(at + 1, at + 2, strlen(at + 2) + 1);
				break;
			}
		}
	}
	return s;
}
