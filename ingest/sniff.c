#include "sniff.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/infile.h"
#include "../core/sha256.h"
#include "../core/text.h"
#include "lines.h"
#include "records.h"

const char *
sniff_encoding_name(enum encoding e)
{
	return e == ENC_UTF8 ? "utf-8" : e == ENC_UTF8_BOM ? "utf-8-bom" :
	    "windows-1252";
}

int
sniff_encoding_by_name(const char *name)
{
	static const char *const utf8[] = { "utf-8", "utf8", NULL };
	static const char *const cp[] = { "windows-1252", "cp1252", "latin-1",
	    "latin1", "iso-8859-1", "iso-8859-15", "ansi", NULL };

	for (const char *const *p = utf8; *p; p++)
		if (strcasecmp(name, *p) == 0)
			return ENC_UTF8;
	for (const char *const *p = cp; *p; p++)
		if (strcasecmp(name, *p) == 0)
			return ENC_CP1252;
	return -1;
}

char
sniff_delimiter(const char *header)
{
	static const char cands[] = ";,\t|";
	int count[4] = { 0 }, quoted = 0, best = 1;

	for (const char *p = header; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted)
			for (int i = 0; i < 4; i++)
				count[i] += *p == cands[i];
	}
	for (int i = 0; i < 4; i++)
		if (count[i] > count[best])
			best = i;
	return cands[best];
}

/* Per-line UTF-8 statistics, fed one line at a time. */
typedef struct utf8_stats {
	long multibyte_lines;   /* valid lines with a non-ASCII character */
	long bad_lines;
} utf8_stats;

static void
line_stats(utf8_stats *s, const char *line, size_t n)
{
	size_t ascii = text_ascii_span(line, n);

	if (ascii == n)
		return;
	if (text_utf8_valid(line + ascii, n - ascii))
		s->multibyte_lines++;
	else
		s->bad_lines++;
}

int
sniff_file(const char *path, sniff_result *r, sv_err *e)
{
	FILE *fp = infile_fopen(path, "rb", e);
	char header[8192] = "";
	sha256 h;
	lines l;
	utf8_stats st = { 0, 0 };
	int bom = 0, rc;

	if (!fp)
		return e->code;
	memset(r, 0, sizeof *r);
	sha256_init(&h);
	lines_init(&l, fp, RECORDS_MAX_BYTES, &h);
	while ((rc = lines_next(&l)) == 1) {
		char *p = l.line;
		size_t n = l.len;
		if (r->lines++ == 0 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
			bom = 1, p += 3, n -= 3;
		/* a line too long to be a record is quarantined whatever it
		 * holds: its cut end says nothing of the encoding */
		if (l.full == l.len)
			line_stats(&st, p, n);
		if (!header[0] && strspn(p, " \t") < n)
			snprintf(header, sizeof header, "%s", p);
	}
	r->bytes = lines_tell(&l);
	lines_free(&l);
	fclose(fp);
	if (rc < 0)
		return sv_errf(e, SV_NOINPUT, "%s: read error", path);
	sha256_hex(&h, r->sha256);
	r->d.delim = sniff_delimiter(header);
	r->d.utf8_clean = st.bad_lines == 0;
	if (bom)
		r->d.encoding = ENC_UTF8_BOM;
	else if (st.bad_lines == 0 || st.multibyte_lines > 0)
		r->d.encoding = ENC_UTF8;
	else
		r->d.encoding = ENC_CP1252;
	return SV_OK;
}
