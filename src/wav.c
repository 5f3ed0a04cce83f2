/* 16-bit mono PCM WAV in memory. Pure: no I/O. */
#include "winddown/wav.h"

#include <stdlib.h>
#include <string.h>

#include "winddown/util.h"

/* Little-endian stores and loads. */
static void
wav_put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v & 0xff);
	p[1] = (unsigned char)((v >> 8) & 0xff);
}

static void
wav_put32(unsigned char *p, uint32_t v)
{
	wav_put16(p, (unsigned)(v & 0xffff));
	wav_put16(p + 2, (unsigned)(v >> 16));
}

static unsigned
wav_get16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

/* A signed sample from two bytes, without relying on the conversion of
 * an out-of-range unsigned value. */
static int16_t
wav_sample(const unsigned char *p)
{
	unsigned v = wav_get16(p);

	return (int16_t)(v >= 0x8000 ? (int)v - 0x10000 : (int)v);
}

static uint32_t
wav_get32(const unsigned char *p)
{
	return (uint32_t)wav_get16(p) | (uint32_t)wav_get16(p + 2) << 16;
}

/* The 44-byte header. */
int
wav_header(unsigned char hdr[WAV_HEADER], size_t n, int rate)
{
	uint32_t data;

	if (rate < WAV_RATE_MIN || rate > WAV_RATE_MAX ||
	    n > WAV_MAX_SAMPLES)
		return -1;
	data = (uint32_t)(n * 2);
	memcpy(hdr, "RIFF", 4);
	wav_put32(hdr + 4, 36 + data);
	memcpy(hdr + 8, "WAVE", 4);
	memcpy(hdr + 12, "fmt ", 4);
	wav_put32(hdr + 16, 16);                 /* chunk size */
	wav_put16(hdr + 20, 1);                  /* PCM */
	wav_put16(hdr + 22, 1);                  /* mono */
	wav_put32(hdr + 24, (uint32_t)rate);
	wav_put32(hdr + 28, (uint32_t)rate * 2); /* bytes a second */
	wav_put16(hdr + 32, 2);                  /* bytes a frame */
	wav_put16(hdr + 34, 16);                 /* bits a sample */
	memcpy(hdr + 36, "data", 4);
	wav_put32(hdr + 40, data);
	return 0;
}

/* A whole file in memory. */
int
wav_encode(const int16_t *s, size_t n, int rate, unsigned char **out,
    size_t *len)
{
	unsigned char *b, hdr[WAV_HEADER];
	size_t         i;

	if (wav_header(hdr, n, rate) != 0)
		return -1;
	b = xmalloc(WAV_HEADER + n * 2);
	memcpy(b, hdr, WAV_HEADER);
	for (i = 0; i < n; i++)
		wav_put16(b + WAV_HEADER + 2 * i, (unsigned)(uint16_t)s[i]);
	*out = b;
	*len = WAV_HEADER + n * 2;
	return 0;
}

/* Read a file back, checking every field that matters. */
int
wav_decode(const unsigned char *d, size_t len, struct wav *w, char **cause)
{
	size_t   off = 12, i, n;
	uint32_t size;
	bool     fmt = false;

	memset(w, 0, sizeof *w);
	if (len < 12 || memcmp(d, "RIFF", 4) != 0 ||
	    memcmp(d + 8, "WAVE", 4) != 0)
		return wd_fail(cause, -1, "not a RIFF WAVE file");
	if (wav_get32(d + 4) > len - 8)
		return wd_fail(cause, -1, "the RIFF size (%lu) runs past the "
		    "end of the file (%zu bytes)",
		    (unsigned long)wav_get32(d + 4), len);
	for (;;) {
		if (len - off < 8)
			return wd_fail(cause, -1, "no data chunk");
		size = wav_get32(d + off + 4);
		if (size > len - off - 8)
			return wd_fail(cause, -1, "chunk '%.4s' at byte %zu "
			    "runs past the end of the file", d + off, off);
		if (memcmp(d + off, "fmt ", 4) == 0) {
			const unsigned char *f = d + off + 8;

			if (size < 16)
				return wd_fail(cause, -1, "the fmt chunk is "
				    "%lu bytes, not 16", (unsigned long)size);
			if (wav_get16(f) != 1)
				return wd_fail(cause, -1, "format %u is not "
				    "PCM (1)", wav_get16(f));
			w->channels = (int)wav_get16(f + 2);
			w->rate = (int)wav_get32(f + 4);
			w->bits = (int)wav_get16(f + 14);
			if (w->channels != 1)
				return wd_fail(cause, -1, "%d channels, not "
				    "mono", w->channels);
			if (w->bits != 16)
				return wd_fail(cause, -1, "%d bits a sample, "
				    "not 16", w->bits);
			if (w->rate < WAV_RATE_MIN || w->rate > WAV_RATE_MAX)
				return wd_fail(cause, -1, "sample rate %d is "
				    "out of range", w->rate);
			if (wav_get32(f + 8) != (uint32_t)w->rate * 2 ||
			    wav_get16(f + 12) != 2)
				return wd_fail(cause, -1, "byte rate or block "
				    "alignment does not match 16-bit mono");
			fmt = true;
		} else if (memcmp(d + off, "data", 4) == 0) {
			if (!fmt)
				return wd_fail(cause, -1, "data before the fmt "
				    "chunk");
			if (size % 2 != 0)
				return wd_fail(cause, -1, "data of %lu bytes "
				    "is not whole samples",
				    (unsigned long)size);
			n = size / 2;
			w->nsamples = n;
			if (n > 0)
				w->samples = xcalloc(n, sizeof *w->samples);
			for (i = 0; i < n; i++)
				w->samples[i] = wav_sample(d + off + 8 +
				    2 * i);
			return 0;
		}
		/* Chunks are padded to an even size. */
		off += 8 + size + (size & 1);
		if (off > len)
			return wd_fail(cause, -1, "no data chunk");
	}
}

void
wav_free(struct wav *w)
{
	free(w->samples);
	w->samples = NULL;
	w->nsamples = 0;
}
