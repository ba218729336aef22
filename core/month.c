#include "month.h"

#include <assert.h>
#include <stdio.h>

int
month_from_ymd(int ymd)
{
	return ymd / 10000 * 12 + ymd / 100 % 100 - 1;
}

int
month_from_yyyymm(int ym)
{
	assert(ym >= 100 && ym % 100 >= 1 && ym % 100 <= 12);
	return ym / 100 * 12 + ym % 100 - 1;
}

int
month_to_yyyymm(int t)
{
	assert(t >= 0);         /* a month index: 12 * year + month - 1 */
	return t / 12 * 100 + t % 12 + 1;
}

int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	return days[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) ||
	    y % 400 == 0));
}

int
month_parse(const char *s)
{
	int y, m;
	char extra;

	if (sscanf(s, "%4d-%2d%c", &y, &m, &extra) != 2 || y < 1900 ||
	    y > 2199 || m < 1 || m > 12)
		return -1;
	return y * 12 + m - 1;
}

void
month_format(int t, char *out, size_t n)
{
	snprintf(out, n, "%04d-%02d", t / 12 % 10000, t % 12 + 1);
}

void
month_span(int from, int to, char *out, size_t n)
{
	snprintf(out, n, "%04d-%02d/%04d-%02d", from / 12 % 10000, from % 12 + 1,
	    to / 12 % 10000, to % 12 + 1);
}
