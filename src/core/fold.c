#include "sked/fold.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "sked/text.h"
#include "sked/xalloc.h"

bool
fold_needed(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

char *
fold_strip(const char *s, size_t n, size_t *out_len, uint32_t **map)
{
	/* Decomposition without marks never makes a character longer than
	 * its UTF-8 bytes, except for rare expansions: allow for them. */
	size_t cap = n + 16, o = 0;
	char *out = xmalloc(cap + 1);
	uint32_t *m = map ? xmalloc((cap + 1) * sizeof(*m)) : NULL;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = text_utf8_decode((const unsigned char *)s + i,
					      n - i, &cp);
		if (len == 0) {
			cp = 0xFFFD;
			len = 1;
		}
		utf8proc_int32_t parts[8];
		int bound = 0;
		utf8proc_ssize_t k = cp < 0x80 ? 0
			: utf8proc_decompose_char((utf8proc_int32_t)cp, parts, 8,
						  UTF8PROC_DECOMPOSE |
							  UTF8PROC_STRIPMARK,
						  &bound);
		if (cp < 0x80 || k < 0 || k > 8) {
			parts[0] = (utf8proc_int32_t)cp;
			k = 1;
		}
		for (utf8proc_ssize_t p = 0; p < k; p++) {
			if (cap - o < 4) {
				cap = 2 * cap + 8;
				out = xreallocarray(out, cap + 1, 1);
				if (m)
					m = xreallocarray(m, cap + 1, sizeof(*m));
			}
			utf8proc_ssize_t w = utf8proc_encode_char(
				parts[p], (utf8proc_uint8_t *)out + o);
			for (utf8proc_ssize_t b = 0; m && b < w; b++)
				m[o + (size_t)b] = (uint32_t)i;
			o += (size_t)w;
		}
		i += len;
	}
	out[o] = '\0';
	if (m)
		m[o] = (uint32_t)n;
	*out_len = o;
	if (map)
		*map = m;
	return out;
}
