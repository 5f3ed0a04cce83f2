/* The WAV encoder and decoder: exact header bytes, a round trip, and every
 * way a file can be wrong. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "winddown/wav.h"

/* Little-endian fields of a header. */
static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long
le32(const unsigned char *p)
{
	return (unsigned long)le16(p) | (unsigned long)le16(p + 2) << 16;
}

START_TEST(test_header)
{
	unsigned char h[WAV_HEADER];

	ck_assert_int_eq(wav_header(h, 1000, 22050), 0);
	ck_assert(memcmp(h, "RIFF", 4) == 0);
	ck_assert_uint_eq(le32(h + 4), 36 + 2000);
	ck_assert(memcmp(h + 8, "WAVEfmt ", 8) == 0);
	ck_assert_uint_eq(le32(h + 16), 16);
	ck_assert_uint_eq(le16(h + 20), 1);
	ck_assert_uint_eq(le16(h + 22), 1);
	ck_assert_uint_eq(le32(h + 24), 22050);
	ck_assert_uint_eq(le32(h + 28), 44100);
	ck_assert_uint_eq(le16(h + 32), 2);
	ck_assert_uint_eq(le16(h + 34), 16);
	ck_assert(memcmp(h + 36, "data", 4) == 0);
	ck_assert_uint_eq(le32(h + 40), 2000);

	ck_assert_int_eq(wav_header(h, 0, WAV_RATE_MIN), 0);
	ck_assert_uint_eq(le32(h + 40), 0);
	ck_assert_int_eq(wav_header(h, 0, WAV_RATE_MIN - 1), -1);
	ck_assert_int_eq(wav_header(h, 0, WAV_RATE_MAX + 1), -1);
	ck_assert_int_eq(wav_header(h, WAV_MAX_SAMPLES, 8000), 0);
	ck_assert_uint_eq(le32(h + 4), 0xffffffffUL - 8 + 1 - 1 -
	    (0xffffffffUL - WAV_HEADER) % 2);
	ck_assert_int_eq(wav_header(h, WAV_MAX_SAMPLES + 1, 8000), -1);
}
END_TEST

START_TEST(test_round_trip)
{
	int16_t        s[] = { 0, 1, -1, 32767, -32768, 12345, -2 };
	unsigned char *b;
	size_t         len, i;
	struct wav     w;
	char          *cause = NULL;

	ck_assert_int_eq(wav_encode(s, (sizeof s / sizeof s[0]), 16000, &b, &len), 0);
	ck_assert_uint_eq(len, WAV_HEADER + 2 * (sizeof s / sizeof s[0]));
	/* Little-endian samples: -2 is fe ff. */
	ck_assert_uint_eq(b[len - 2], 0xfe);
	ck_assert_uint_eq(b[len - 1], 0xff);
	ck_assert_uint_eq(b[WAV_HEADER + 8], 0x00);
	ck_assert_uint_eq(b[WAV_HEADER + 9], 0x80);
	ck_assert_int_eq(wav_decode(b, len, &w, &cause), 0);
	ck_assert_int_eq(w.rate, 16000);
	ck_assert_int_eq(w.channels, 1);
	ck_assert_int_eq(w.bits, 16);
	ck_assert_uint_eq(w.nsamples, (sizeof s / sizeof s[0]));
	for (i = 0; i < (sizeof s / sizeof s[0]); i++)
		ck_assert_int_eq(w.samples[i], s[i]);
	wav_free(&w);
	ck_assert_ptr_null(w.samples);
	free(b);

	/* No samples at all. */
	ck_assert_int_eq(wav_encode(NULL, 0, 8000, &b, &len), 0);
	ck_assert_uint_eq(len, WAV_HEADER);
	ck_assert_int_eq(wav_decode(b, len, &w, &cause), 0);
	ck_assert_uint_eq(w.nsamples, 0);
	ck_assert_ptr_null(w.samples);
	free(b);
	b = (unsigned char *)"x";
	ck_assert_int_eq(wav_encode(s, 1, 100, &b, &len), -1);
	ck_assert_str_eq((char *)b, "x");
	ck_assert_ptr_null(cause);
}
END_TEST

/* A chunk the decoder does not know, odd-sized and padded, is skipped. */
START_TEST(test_skip_chunk)
{
	int16_t        s[] = { 7, -7 };
	unsigned char *b, f[WAV_HEADER + 10 + 4];
	size_t         len;
	struct wav     w;
	char          *cause = NULL;

	ck_assert_int_eq(wav_encode(s, 2, 8000, &b, &len), 0);
	memcpy(f, b, 36);
	memcpy(f + 36, "LIST\x01\x00\x00\x00" "A\x00", 10);
	memcpy(f + 46, b + 36, 12);
	f[4] = (unsigned char)(f[4] + 10);
	ck_assert_int_eq(wav_decode(f, sizeof f, &w, &cause), 0);
	ck_assert_uint_eq(w.nsamples, 2);
	ck_assert_int_eq(w.samples[1], -7);
	wav_free(&w);
	free(b);
}
END_TEST

/* Decode a copy of a good file after fn changed it; expect the cause. */
static void
bad(void (*fn)(unsigned char *, size_t *), const char *want)
{
	int16_t        s[] = { 1, 2, 3, 4 };
	unsigned char *b;
	size_t         len;
	struct wav     w;
	char          *cause = NULL;

	ck_assert_int_eq(wav_encode(s, 4, 8000, &b, &len), 0);
	fn(b, &len);
	ck_assert_int_eq(wav_decode(b, len, &w, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, want) != NULL, "'%s' has no '%s'", cause,
	    want);
	ck_assert_ptr_null(w.samples);
	free(cause);
	free(b);
}

static void not_riff(unsigned char *b, size_t *n) { (void)n; b[0] = 'X'; }
static void not_wave(unsigned char *b, size_t *n) { (void)n; b[11] = 'X'; }
static void cut(unsigned char *b, size_t *n) { (void)b; *n -= 2; }
static void tiny(unsigned char *b, size_t *n) { (void)b; *n = 11; }
static void stereo(unsigned char *b, size_t *n) { (void)n; b[22] = 2; }
static void bits8(unsigned char *b, size_t *n) { (void)n; b[34] = 8; }
static void floats(unsigned char *b, size_t *n) { (void)n; b[20] = 3; }
static void rate0(unsigned char *b, size_t *n) { (void)n; memset(b + 24, 0, 4); }
static void byterate(unsigned char *b, size_t *n) { (void)n; b[28]++; }
static void odd(unsigned char *b, size_t *n)
{
	b[40] = 7;
	b[4] = 36 + 7;
	*n = WAV_HEADER + 7;
}
static void nodata(unsigned char *b, size_t *n)
{
	(void)n;
	memcpy(b + 36, "junk", 4);
}
static void fmt_after(unsigned char *b, size_t *n)
{
	(void)n;
	memcpy(b + 12, "xfmt", 4);
}

START_TEST(test_bad_files)
{
	bad(not_riff, "not a RIFF WAVE file");
	bad(not_wave, "not a RIFF WAVE file");
	bad(tiny, "not a RIFF WAVE file");
	bad(cut, "runs past the end of the file");
	bad(stereo, "2 channels, not mono");
	bad(bits8, "8 bits a sample, not 16");
	bad(floats, "format 3 is not PCM");
	bad(rate0, "sample rate 0 is out of range");
	bad(byterate, "byte rate or block alignment");
	bad(odd, "is not whole samples");
	bad(nodata, "no data chunk");
	bad(fmt_after, "data before the fmt chunk");
}
END_TEST

Suite *
wav_suite(void)
{
	Suite *s = suite_create("wav");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_header);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_skip_chunk);
	tcase_add_test(tc, test_bad_files);
	suite_add_tcase(s, tc);
	return s;
}
