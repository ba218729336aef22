#include "text.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Base letters for U+00C0..U+00FF; 0 means "drop" (×, ÷), and
 * two-letter folds (æ, ß, þ) are handled in fold_latin1(). */
static const char latin1_base[64] =
	"aaaaaaaceeeeiiiidnooooo\0ouuuuyts"
	"aaaaaaaceeeeiiiidnooooo\0ouuuuyty";

static size_t
put(char *out, size_t n, size_t len, const char *s)
{
	while (*s && len + 1 < n)
		out[len++] = *s++;
	return len;
}

/* The fold of cp, in one (caller-owned: text_key() runs in several
 * threads), or NULL. */
static const char *
fold_latin1(unsigned cp, char one[2])
{
	switch (cp) {
	case 0xC6: case 0xE6: return "ae";
	case 0xDF: return "ss";
	case 0xDE: case 0xFE: return "th";
	case 0x152: case 0x153: return "oe";
	}
	if (cp >= 0xC0 && cp <= 0xFF) {
		one[0] = latin1_base[cp - 0xC0];
		one[1] = '\0';
		return one;
	}
	return NULL;
}

size_t
text_key(const char *s, char *out, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = 0;

	while (*p && len + 1 < n) {
		if (*p < 0x80) {
			unsigned char c = *p++;
			if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
				out[len++] = (char)c;
			else if (c >= 'A' && c <= 'Z')
				out[len++] = (char)(c - 'A' + 'a');
			continue;
		}
		if ((p[0] & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
			unsigned cp = (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
			char one[2];
			const char *f = fold_latin1(cp, one);
			if (f) {
				len = put(out, n, len, f);
				p += 2;
				continue;
			}
			if (cp < 0xC0) {        /* Latin-1 punctuation: « » ° · … */
				p += 2;
				continue;
			}
		}
		if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0xBF) {
			p += 3;                 /* dashes, curly quotes, ellipsis */
			continue;
		}
		out[len++] = (char)*p++;        /* other scripts: keep as is */
	}
	out[len] = '\0';
	return len;
}

char *
text_key_dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *k = malloc(n);

	if (k)
		text_key(s, k, n);
	return k;
}

size_t
text_ascii_span(const char *s, size_t n)
{
	size_t i = 0;
	uint64_t w;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
	}
	while (i < n && (unsigned char)s[i] < 0x80)
		i++;
	return i;
}

int
text_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		unsigned cp;
		int more;

		if (*p < 0x80) {
			p += text_ascii_span((const char *)p, (size_t)(end - p));
			continue;
		}
		if ((*p & 0xE0) == 0xC0)
			cp = *p & 0x1F, more = 1;
		else if ((*p & 0xF0) == 0xE0)
			cp = *p & 0x0F, more = 2;
		else if ((*p & 0xF8) == 0xF0)
			cp = *p & 0x07, more = 3;
		else
			return 0;
		if (end - p <= more)
			return 0;
		for (int i = 1; i <= more; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i] & 0x3F);
		}
		if ((more == 1 && cp < 0x80) || (more == 2 && cp < 0x800) ||
		    (more == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		p += more + 1;
	}
	return 1;
}

int
text_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	while (*s == ' ')
		s++;
	if (!isdigit((unsigned char)*s) && !((*s == '-' || *s == '+') &&
	    isdigit((unsigned char)s[1])))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	while (*end == ' ')
		end++;
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

void
text_fputs_safe(FILE *fp, const char *s)
{
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c < 0x20 || *c == 0x7f)
			fprintf(fp, "\\x%02X", *c);
		else if (*c == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f)
			fprintf(fp, "\\xC2\\x%02X", *++c);
		else
			putc(*c, fp);
	}
}

void
text_utf8_trim(char *s)
{
	size_t n = strlen(s), i = n, need;
	unsigned char lead;

	while (i > 0 && n - i < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0 || ((lead = (unsigned char)s[i - 1]) & 0xC0) != 0xC0)
		return;         /* ends in ASCII, or in continuation bytes only */
	need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
	if (n - (i - 1) < need)
		s[i - 1] = '\0';
}

size_t
text_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}
