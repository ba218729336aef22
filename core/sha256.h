/*
 * sha256 — SHA-256 (FIPS 180-4), streaming.  Identifies an extract: the
 * same bytes again are the same file, whatever its name.
 */
#ifndef SUIVI_SHA256_H
#define SUIVI_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256 {
	uint32_t h[8];
	uint64_t len;           /* bytes hashed so far */
	unsigned char buf[64];
	size_t nbuf;            /* bytes waiting in buf, < 64 */
	int ni;                 /* the x86 SHA instructions do the blocks */
} sha256;

void sha256_init(sha256 *s);
void sha256_update(sha256 *s, const void *data, size_t n);
/* Finish and write 64 lowercase hex digits and a NUL into hex. */
void sha256_hex(sha256 *s, char hex[65]);
/* The SHA-256 of the n bytes at data, in hex, at once. */
void sha256_of(const void *data, size_t n, char hex[65]);

#endif
