/* WAV files of 16-bit mono PCM, in memory: the sound file a relaxation
 * session is written as, and the decoder the tests read it back with.
 * Pure: no I/O. The layout is the canonical 44-byte one (RIFF, a 16-byte
 * "fmt " chunk, "data"), little-endian whatever the host. */
#ifndef WINDDOWN_WAV_H
#define WINDDOWN_WAV_H

#include <stddef.h>
#include <stdint.h>

#define WAV_HEADER   44         /* bytes before the samples */
#define WAV_RATE_MIN 8000       /* sample rates encode accepts */
#define WAV_RATE_MAX 192000
/* Most samples one file holds: its sizes are 32-bit. */
#define WAV_MAX_SAMPLES ((size_t)(0xffffffffU - WAV_HEADER) / 2)

/* A decoded file. */
struct wav {
	int      rate;      /* samples per second */
	int      channels;  /* always 1 after a successful decode */
	int      bits;      /* always 16 */
	int16_t *samples;   /* new array, or NULL when there are none */
	size_t   nsamples;
};

/* The header for n samples at rate, into hdr. Returns 0, or -1 when the
 * rate is outside WAV_RATE_MIN..WAV_RATE_MAX or n > WAV_MAX_SAMPLES. */
int  wav_header(unsigned char hdr[WAV_HEADER], size_t n, int rate);
/* A whole file of the n samples s at rate: *out is a new buffer of *len
 * bytes. Returns 0, or -1 (as wav_header; *out untouched). */
int  wav_encode(const int16_t *s, size_t n, int rate, unsigned char **out,
    size_t *len);
/* Read a file of len bytes: RIFF/WAVE, PCM format 1, mono, 16 bits, a
 * data chunk inside the file (chunks it does not know are skipped).
 * Returns 0, or -1 with *cause saying what is wrong. */
int  wav_decode(const unsigned char *data, size_t len, struct wav *w,
    char **cause);
void wav_free(struct wav *);

#endif
