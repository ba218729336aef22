#include "values.h"

#include <ctype.h>
#include <string.h>

#include "../core/month.h"
#include "../core/text.h"

static const char *const format_names[] = {
	"auto", "dd/mm/yyyy", "mm/dd/yyyy", "yyyy-mm-dd", "dd-mm-yyyy",
	"dd.mm.yyyy", "yyyymmdd", "yyyy-mm",
};

int
values_date_format(const char *name)
{
	for (int i = 0; i < (int)(sizeof format_names / sizeof *format_names); i++)
		if (strcmp(format_names[i], name) == 0)
			return i;
	return -1;
}

static int
is_blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

/* Read exactly n digits. */
static int
digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return 0;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 1;
}

/* Read one or two digits. */
static int
digits12(const char **p, int *out)
{
	if (!isdigit((unsigned char)**p))
		return 0;
	if (isdigit((unsigned char)(*p)[1]))
		return digits(p, 2, out);
	return digits(p, 1, out);
}

static int
valid_ymd(int y, int m, int d)
{
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= month_days(y, m);
}

/* What may follow a date: nothing, or a space / 'T' and a time. */
static int
date_tail_ok(const char *p)
{
	return *p == '\0' || ((*p == ' ' || *p == 'T') && isdigit((unsigned char)p[1]));
}

static int
parse_dmy(const char *p, char sep, int month_first, int *out)
{
	int a, b, y;

	if (!digits12(&p, &a) || *p++ != sep || !digits12(&p, &b) ||
	    *p++ != sep || !digits(&p, 4, &y) || isdigit((unsigned char)*p) ||
	    !date_tail_ok(p))
		return VAL_BAD;
	int d = month_first ? b : a, m = month_first ? a : b;
	if (!valid_ymd(y, m, d))
		return VAL_BAD;
	*out = y * 10000 + m * 100 + d;
	return VAL_OK;
}

static int
parse_iso(const char *p, int *out)
{
	int y, m, d;

	if (!digits(&p, 4, &y) || *p++ != '-' || !digits12(&p, &m) ||
	    *p++ != '-' || !digits12(&p, &d) || !date_tail_ok(p) ||
	    !valid_ymd(y, m, d))
		return VAL_BAD;
	*out = y * 10000 + m * 100 + d;
	return VAL_OK;
}

static int
parse_compact(const char *p, int *out)
{
	int y, m, d;

	if (!digits(&p, 4, &y) || !digits(&p, 2, &m) || !digits(&p, 2, &d) ||
	    *p || !valid_ymd(y, m, d))
		return VAL_BAD;
	*out = y * 10000 + m * 100 + d;
	return VAL_OK;
}

/* "2019-03": a month, kept as such (yyyymm00: day 0 marks the month). */
static int
parse_month(const char *p, int *out)
{
	int y, m;

	if (!digits(&p, 4, &y) || *p++ != '-' || !digits12(&p, &m) ||
	    !date_tail_ok(p) || !valid_ymd(y, m, 1))
		return VAL_BAD;
	*out = y * 10000 + m * 100;
	return VAL_OK;
}

int
values_date(const char *s, enum date_format fmt, int *out)
{
	while (*s == ' ')
		s++;
	if (is_blank(s))
		return VAL_EMPTY;
	switch (fmt) {
	case DATE_DMY_SLASH: return parse_dmy(s, '/', 0, out);
	case DATE_MDY_SLASH: return parse_dmy(s, '/', 1, out);
	case DATE_ISO: return parse_iso(s, out);
	case DATE_DMY_DASH: return parse_dmy(s, '-', 0, out);
	case DATE_DMY_DOT: return parse_dmy(s, '.', 0, out);
	case DATE_COMPACT: return parse_compact(s, out);
	case DATE_MONTH: return parse_month(s, out);
	case DATE_AUTO: break;
	}
	if (strlen(s) >= 5 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[3]) &&
	    s[4] == '-')    /* 2019-03-14, or 2019-03: a month (suivi's own exports) */
		return parse_iso(s, out) == VAL_OK ? VAL_OK : parse_month(s, out);
	const char *sep = s + strspn(s, "0123456789");
	if (*sep == '/' || *sep == '-' || *sep == '.')
		return parse_dmy(s, *sep, 0, out);
	return VAL_BAD;
}

int
values_date_swapped(const char *s, enum date_format fmt, int *out)
{
	while (*s == ' ')
		s++;
	switch (fmt) {
	case DATE_DMY_SLASH: return parse_dmy(s, '/', 1, out);
	case DATE_MDY_SLASH: return parse_dmy(s, '/', 0, out);
	case DATE_DMY_DASH: return parse_dmy(s, '-', 1, out);
	case DATE_DMY_DOT: return parse_dmy(s, '.', 1, out);
	case DATE_AUTO: break;
	default: return VAL_BAD;
	}
	/* as values_date() tells the shapes apart: day first unless ISO */
	const char *sep = s + strspn(s, "0123456789");
	if ((strlen(s) >= 5 && sep == s + 4 && *sep == '-') ||
	    (*sep != '/' && *sep != '-' && *sep != '.'))
		return VAL_BAD;
	return parse_dmy(s, *sep, 1, out);
}

int
values_time(const char *s, int *minutes)
{
	const char *p = s;
	int h, m = 0, sec;

	while (*p == ' ')
		p++;
	if (is_blank(p))
		return VAL_EMPTY;
	if (!digits12(&p, &h))
		return VAL_BAD;
	if (*p == ':' || *p == 'h' || *p == 'H') {
		p++;
		if (*p && !digits(&p, 2, &m))
			return VAL_BAD;
		if (*p == ':' && (p++, !digits(&p, 2, &sec) || sec > 59))
			return VAL_BAD;
	}
	if (!is_blank(p) || h > 23 || m > 59)
		return VAL_BAD;
	*minutes = h * 60 + m;
	return VAL_OK;
}

/* Look the key of s up in a NULL-terminated list of key/code pairs. */
static int
lookup(const char *s, const char *const *pairs, int *out)
{
	char key[64];

	if (text_key(s, key, sizeof key) == 0)
		return VAL_EMPTY;
	for (; *pairs; pairs += 2)
		if (strcmp(key, pairs[0]) == 0) {
			*out = pairs[1][0] - '0';
			return *out ? VAL_OK : VAL_EMPTY;
		}
	return VAL_BAD;
}

int
values_sex(const char *s, int *sex)
{
	/* "0" codes mean "unknown": stored as no value, not refused. */
	static const char *const pairs[] = {
		"f", "1", "femme", "1", "feminin", "1", "female", "1", "v", "1",
		"vrouw", "1", "vrouwelijk", "1", "w", "1",
		"m", "2", "homme", "2", "masculin", "2", "male", "2", "man", "2",
		"mannelijk", "2", "h", "2",
		"x", "3", "autre", "3", "ander", "3", "other", "3",
		"inconnu", "0", "onbekend", "0", "unknown", "0", "nc", "0", "na", "0",
		NULL,
	};
	return lookup(s, pairs, sex);
}

int
values_attempt(const char *s, int *attempt)
{
	static const char *const pairs[] = {
		"1", "2", "oui", "2", "ja", "2", "yes", "2", "true", "2", "y", "2",
		"tentative", "2", "poging", "2", "attempt", "2", "attempted", "2",
		"0", "1", "non", "1", "nee", "1", "no", "1", "false", "1", "n", "1",
		"consomme", "1", "voltooid", "1", "completed", "1", "commis", "1",
		NULL,
	};
	int v, rc = lookup(s, pairs, &v);

	if (rc == VAL_OK)
		*attempt = v - 1;    /* codes shifted by one: "0" means unknown */
	return rc;
}

long
values_days(int ymd)
{
	int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;

	/* Days from civil (H. Hinnant's algorithm). */
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
values_age(const char *s)
{
	char lo[8], hi[8];
	const char *dash;
	long a, b;

	while (*s == ' ')
		s++;
	if (is_blank(s))
		return VAL_EMPTY;
	if (!text_int(s, 0, 120, &a))
		return VAL_OK;
	if ((dash = strchr(s, '-')) && dash > s && (size_t)(dash - s) < sizeof lo &&
	    strlen(dash + 1) < sizeof hi) {
		memcpy(lo, s, (size_t)(dash - s));
		lo[dash - s] = '\0';
		snprintf(hi, sizeof hi, "%s", dash + 1);
		return !text_int(lo, 0, 120, &a) && !text_int(hi, 0, 120, &b) &&
		    a <= b ? VAL_OK : VAL_BAD;
	}
	size_t n = strlen(s);
	if (n >= 2 && n < sizeof lo && s[n - 1] == '+') {
		memcpy(lo, s, n - 1);
		lo[n - 1] = '\0';
		return !text_int(lo, 0, 120, &a) ? VAL_OK : VAL_BAD;
	}
	return VAL_BAD;
}
