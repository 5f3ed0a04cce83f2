/* The sound of a relaxation session: which sounds start when, the tones,
 * and the mixer that turns them into samples. Pure: no clock, no device,
 * no synthesiser; speech comes from a callback, so one pipeline feeds
 * both the sound device (a live session, phase by phase) and a WAV file
 * (the whole session at once, faster than real time).
 *
 * The sounds of a phase all start as the phase starts:
 *
 *	READY    speech: the settle cue
 *	PREPARE  speech: the group's tense cue (the instruction)
 *	TENSE    the signal: speech "Now", and/or TONE_TENSE
 *	RELEASE  TONE_RELEASE, and/or speech: the release cue
 *	DONE     TONE_END, and/or speech: the finish cue
 *
 * so they follow the pmr schedule exactly; without a prepare phase the
 * tense cue is spoken at TENSE instead of "Now". A new speech cuts the
 * one still playing short (with a short fade): the schedule wins. */
#ifndef WINDDOWN_AUDIO_H
#define WINDDOWN_AUDIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "winddown/pmr.h"

#define AUDIO_RATE      22050 /* samples a second: espeak-ng's own rate */
#define AUDIO_MAX_CUES  3     /* sounds that start with one phase */
#define AUDIO_FADE_MS   10    /* fade in and out of a tone's note */
#define AUDIO_CUT_MS    10    /* fade of a speech cut short */
#define AUDIO_VOICES    8     /* sounds the mixer plays at once */
#define AUDIO_NOW       "Now." /* the spoken signal to tense */

enum audio_kind {
	AUDIO_SPEECH,       /* text: a cue */
	AUDIO_SIGNAL_NOW,   /* text: AUDIO_NOW, spoken */
	AUDIO_TONE_TENSE,   /* one soft note */
	AUDIO_TONE_RELEASE, /* two notes, falling */
	AUDIO_TONE_END,     /* three notes, falling, the last one long */
};

struct audio_event {
	long long       at_ms; /* from the phase's (or session's) start */
	enum audio_kind kind;
	const char     *text;  /* speech kinds: the plan's text; else NULL */
};

struct audio_opts {
	bool speech;
	bool tones;
};

/* True for the kinds that are spoken. */
bool audio_is_speech(enum audio_kind);

/* The sounds that start with the phase p is in, at_ms 0 (from the
 * phase's start), into out; returns how many (0..AUDIO_MAX_CUES). */
int  audio_phase_cues(const struct pmr *p, const struct audio_opts *o,
    struct audio_event out[AUDIO_MAX_CUES]);
/* Every sound of the session p (set up by pmr_init, not started; it is
 * not changed), at ms from the session's start, in order: a new array
 * in *out (NULL when there are none). Returns the count. */
int  audio_timeline(const struct pmr *p, const struct audio_opts *o,
    struct audio_event **out);

/* A tone kind as samples at rate: sine notes, each faded in and out over
 * AUDIO_FADE_MS (raised cosine), quiet (peak a quarter of full scale).
 * *out is a new array; returns the sample count (0 for other kinds,
 * with *out NULL). */
size_t audio_tone(enum audio_kind, int rate, int16_t **out);

/* Milliseconds in n samples at rate, rounded down; samples in ms. */
long long audio_ms(size_t n, int rate);
size_t    audio_samples(long long ms, int rate);

/* The mixer: sounds playing at once, summed with clipping. */
struct audio_voice {
	const int16_t *s;
	int16_t       *own;    /* freed when the voice ends, or NULL */
	size_t         n, pos;
	bool           speech;
	size_t         cut;    /* > 0: fading out, samples left */
};

struct audio_mix {
	int                rate;
	struct audio_voice v[AUDIO_VOICES];
	int                nv;
};

void audio_mix_init(struct audio_mix *, int rate);
/* Start n samples s now. A speech cuts any speech playing short; when
 * all voices are busy the oldest gives way. own, when not NULL, is
 * freed once the voice ends (pass s itself to hand it over). */
void audio_mix_play(struct audio_mix *, const int16_t *s, size_t n,
    bool speech, int16_t *own);
/* Fade everything out over AUDIO_CUT_MS. */
void audio_mix_stop(struct audio_mix *);
/* True while something plays. */
bool audio_mix_busy(const struct audio_mix *);
/* The next n samples into out. */
void audio_mix_render(struct audio_mix *, int16_t *out, size_t n);
/* Drop every voice at once, freeing what they own. */
void audio_mix_clear(struct audio_mix *);

/* Speech: the text as new samples (at the rate audio_render was given)
 * in *out, *n of them. Returns 0, or -1 with *cause. */
typedef int (*audio_synth_fn)(void *ctx, const char *text, int16_t **out,
    size_t *n, char **cause);

/* The whole session's sound: the n events (from audio_timeline) mixed
 * at rate, silence between, each starting at sample
 * audio_samples(at_ms), except the closing sounds (at schedule_ms and
 * after), which start early enough to end with the schedule; as long
 * as the schedule (schedule_ms), or the last sound if one still runs
 * past it. Speech of the same text is asked of
 * synth once. *out is new, *nout samples. Returns 0, or -1 with *cause
 * when synth fails. */
int  audio_render(const struct audio_event *ev, int n, long long schedule_ms,
    int rate, audio_synth_fn synth, void *ctx, int16_t **out, size_t *nout,
    char **cause);

#endif
