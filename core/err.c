#include "err.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

int
sv_errf(sv_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

void
sv_err_prefix(sv_err *e, const char *fmt, ...)
{
	char head[512];
	size_t hlen, olen, cap = sizeof e->msg - 1;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	hlen = strlen(head);
	olen = strlen(e->msg);
	if (olen > cap - hlen)          /* keep the head; cut the tail */
		olen = cap - hlen;
	memmove(e->msg + hlen, e->msg, olen);
	memcpy(e->msg, head, hlen);
	e->msg[hlen + olen] = '\0';
}

void
sv_err_clear(sv_err *e)
{
	e->code = 0;
	e->msg[0] = '\0';
}

void
sv_err_keep_worst(FILE *log, int rc, const sv_err *fe, int *worst, sv_err *e)
{
	fputs("suivi: ", log);
	text_fputs_safe(log, fe->msg);
	putc('\n', log);
	if (rc > *worst) {
		*worst = rc;
		*e = *fe;
	}
}
