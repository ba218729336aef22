/*
 * lines — physical lines ending in LF, CRLF or CR (lines.h).
 */
#include "lines.h"

#include <stdlib.h>
#include <string.h>

void
lines_init(lines *l, FILE *fp, size_t max, sha256 *hash)
{
	memset(l, 0, sizeof *l);
	l->fp = fp;
	l->max = max;
	l->hash = hash;
}

void
lines_free(lines *l)
{
	free(l->line);
	l->line = NULL;
	l->cap = 0;
}

/* Refill the input buffer; 0 at the end of the file. */
static int
refill(lines *l)
{
	l->base += (off_t)l->ilen;
	l->ipos = l->lf = 0;
	l->ilen = fread(l->in, 1, sizeof l->in, l->fp);
	if (l->ilen == 0 && ferror(l->fp))
		l->error = 1;
	if (l->hash && l->ilen)
		sha256_update(l->hash, l->in, l->ilen);
	return l->ilen > 0;
}

/* Append n bytes to the line, keeping at most max. */
static int
keep(lines *l, const unsigned char *s, size_t n)
{
	size_t room = l->len < l->max ? l->max - l->len : 0;
	size_t take = n < room ? n : room;

	l->full += n;
	l->nul |= memchr(s, '\0', n) != NULL;
	if (l->len + take + 1 > l->cap) {
		size_t cap = l->cap ? l->cap : 256;
		while (cap < l->len + take + 1)
			cap *= 2;
		char *p = realloc(l->line, cap);
		if (!p)
			return -1;
		l->line = p;
		l->cap = cap;
	}
	memcpy(l->line + l->len, s, take);
	l->len += take;
	l->line[l->len] = '\0';
	return 0;
}

/* Where the line from in[ipos] ends: its first CR or LF, or the end of
 * the buffer.  memchr() scans a word or more at a time; the next LF is
 * remembered, so that a file of lone CRs is not searched to the end of
 * the buffer for every line. */
static size_t
line_end(lines *l)
{
	if (l->lf <= l->ipos) {
		const unsigned char *lf = memchr(l->in + l->ipos, '\n',
		    l->ilen - l->ipos);
		l->lf = lf ? (size_t)(lf - l->in) : l->ilen;
	}
	const unsigned char *cr = memchr(l->in + l->ipos, '\r', l->lf - l->ipos);
	return cr ? (size_t)(cr - l->in) : l->lf;
}

int
lines_next(lines *l)
{
	int any = 0;

	l->len = l->full = 0;
	l->nul = 0;
	if (keep(l, (const unsigned char *)"", 0))
		return -1;
	for (;;) {
		if (l->ipos == l->ilen && !refill(l))
			return l->error ? -1 : any;
		if (l->after_cr) {
			l->after_cr = 0;
			if (l->in[l->ipos] == '\n') {
				l->ipos++;
				continue;
			}
		}
		size_t e = line_end(l);
		any = 1;
		if (keep(l, l->in + l->ipos, e - l->ipos))
			return -1;
		l->ipos = e;
		if (e < l->ilen) {
			l->after_cr = l->in[e] == '\r';
			l->ipos++;
			return 1;
		}
	}
}

off_t
lines_tell(const lines *l)
{
	return l->base + (off_t)l->ipos + (l->after_cr && l->ipos < l->ilen &&
	    l->in[l->ipos] == '\n');
}

int
lines_seek(lines *l, off_t offset)
{
	if (fseeko(l->fp, offset, SEEK_SET) != 0)
		return -1;
	l->hash = NULL;
	l->base = offset;
	l->ipos = l->ilen = l->lf = 0;
	l->after_cr = 0;
	return 0;
}
