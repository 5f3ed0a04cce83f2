/* The session's sound: the cues of each phase, the whole timeline against
 * the timer's own schedule, the tones, the mixer, and a rendered session
 * written as WAV and decoded again, with a fake synthesiser whose clips
 * say which text they are, so every onset can be found exactly. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winddown/audio.h"
#include "winddown/util.h"
#include "winddown/wav.h"

#define TEST_PI 3.14159265358979323846
#define RATE 8000 /* samples a second in these tests: 8 a millisecond */

static struct pmr_group   groups[4];
static int                order[4] = { 0, 1, 2, 3 };
static struct pmr_routine routine;
static struct pmr_plan    plan;

/* Two groups, repeats 1: settle 3, prepare 2, tense 5, release 10. */
static void
mkplan(int prepare_s)
{
	static const char *const t[] = { "tense 0", "tense 1" };
	static const char *const r[] = { "release 0", "release 1" };
	int                      i;

	memset(&plan, 0, sizeof plan);
	memset(groups, 0, sizeof groups);
	for (i = 0; i < 2; i++) {
		groups[i].id = groups[i].name = (char *)t[i];
		groups[i].tense = (char *)t[i];
		groups[i].release = (char *)r[i];
		groups[i].repeats = 1;
	}
	plan.tense_s = 5;
	plan.release_s = 10;
	plan.settle_s = 3;
	plan.prepare_s = prepare_s;
	plan.settle_cue = (char *)"settle";
	plan.finish_cue = (char *)"finish";
	plan.groups = groups;
	plan.ngroups = 2;
	routine.id = (char *)"test";
	routine.title = (char *)"Test";
	routine.groups = order;
	routine.ngroups = 2;
}

static void
mkpmr(struct pmr *p)
{
	ck_assert_int_eq(pmr_init(p, &plan, &routine, -1, -1, -1), 0);
}

/* Event i is at ms, of kind k, saying text (or NULL). */
#define EV(e, i, ms, k, t) do {						\
	ck_assert_int_eq((e)[i].at_ms, (ms));				\
	ck_assert_int_eq((e)[i].kind, (k));				\
	if ((t) == NULL)						\
		ck_assert_ptr_null((e)[i].text);			\
	else								\
		ck_assert_str_eq((e)[i].text, (t));			\
} while (0)

START_TEST(test_timeline)
{
	struct audio_opts   both = { true, true }, speech = { true, false },
	                    tones = { false, true }, none = { false, false };
	struct audio_event *e;
	struct pmr          p;
	int                 n;

	mkplan(2);
	mkpmr(&p);
	ck_assert_int_eq(pmr_total_ms(&p), 3000 + 2 * 17000);
	n = audio_timeline(&p, &both, &e);
	ck_assert_int_eq(n, 13);
	EV(e, 0, 0, AUDIO_SPEECH, "settle");
	EV(e, 1, 3000, AUDIO_SPEECH, "tense 0");
	EV(e, 2, 5000, AUDIO_TONE_TENSE, NULL);
	EV(e, 3, 5000, AUDIO_SIGNAL_NOW, AUDIO_NOW);
	EV(e, 4, 10000, AUDIO_TONE_RELEASE, NULL);
	EV(e, 5, 10000, AUDIO_SPEECH, "release 0");
	EV(e, 6, 20000, AUDIO_SPEECH, "tense 1");
	EV(e, 7, 22000, AUDIO_TONE_TENSE, NULL);
	EV(e, 8, 22000, AUDIO_SIGNAL_NOW, AUDIO_NOW);
	EV(e, 9, 27000, AUDIO_TONE_RELEASE, NULL);
	EV(e, 10, 27000, AUDIO_SPEECH, "release 1");
	EV(e, 11, 37000, AUDIO_TONE_END, NULL);
	EV(e, 12, 37000, AUDIO_SPEECH, "finish");
	free(e);
	/* The timer was copied, not run. */
	ck_assert(!pmr_running(&p));
	ck_assert_int_eq(pmr_current_phase(&p), PMR_READY);

	n = audio_timeline(&p, &speech, &e);
	ck_assert_int_eq(n, 8);
	EV(e, 2, 5000, AUDIO_SIGNAL_NOW, AUDIO_NOW);
	EV(e, 7, 37000, AUDIO_SPEECH, "finish");
	free(e);
	n = audio_timeline(&p, &tones, &e);
	ck_assert_int_eq(n, 5);
	EV(e, 0, 5000, AUDIO_TONE_TENSE, NULL);
	EV(e, 3, 27000, AUDIO_TONE_RELEASE, NULL);
	EV(e, 4, 37000, AUDIO_TONE_END, NULL);
	free(e);
	ck_assert_int_eq(audio_timeline(&p, &none, &e), 0);
	ck_assert_ptr_null(e);

	/* No prepare: the instruction is spoken as the tense starts. */
	mkplan(0);
	mkpmr(&p);
	n = audio_timeline(&p, &speech, &e);
	ck_assert_int_eq(n, 6);
	EV(e, 1, 3000, AUDIO_SPEECH, "tense 0");
	EV(e, 2, 8000, AUDIO_SPEECH, "release 0");
	EV(e, 3, 18000, AUDIO_SPEECH, "tense 1");
	free(e);

	/* A missing cue is left out, not spoken empty. */
	mkplan(2);
	plan.settle_cue = (char *)"";
	mkpmr(&p);
	n = audio_timeline(&p, &speech, &e);
	ck_assert_int_eq(n, 7);
	EV(e, 0, 3000, AUDIO_SPEECH, "tense 0");
	free(e);
}
END_TEST

/* The timeline is the live schedule: a run driven through its deadlines
 * hears, at each phase change, the timeline's next sounds. */
START_TEST(test_timeline_is_live)
{
	struct audio_opts   o = { true, true };
	struct audio_event *e, cues[AUDIO_MAX_CUES];
	struct pmr          p;
	long long           t0 = 5000000, now;
	int                 n, k, i, at = 0;

	mkplan(2);
	groups[0].repeats = 2;
	mkpmr(&p);
	n = audio_timeline(&p, &o, &e);
	pmr_start(&p, t0);
	now = t0;
	for (;;) {
		k = audio_phase_cues(&p, &o, cues);
		for (i = 0; i < k; i++, at++) {
			ck_assert_int_lt(at, n);
			ck_assert_int_eq(e[at].at_ms, now - t0);
			ck_assert_int_eq(e[at].kind, cues[i].kind);
			ck_assert_int_eq(cues[i].at_ms, 0);
		}
		if (pmr_finished(&p))
			break;
		now += pmr_remaining_ms(&p, now);
		ck_assert_int_eq(pmr_update(&p, now), 1);
	}
	ck_assert_int_eq(at, n);
	ck_assert_int_eq(e[n - 1].at_ms, pmr_total_ms(&p));
	free(e);
}
END_TEST

START_TEST(test_tones)
{
	static const enum audio_kind kinds[] = { AUDIO_TONE_TENSE,
		AUDIO_TONE_RELEASE, AUDIO_TONE_END };
	static const size_t want[] = { 250 * 8, (180 + 30 + 260) * 8,
		(160 + 30 + 160 + 30 + 600) * 8 };
	int16_t *s;
	size_t   n, i, k, f = AUDIO_FADE_MS * 8;
	int      peak;

	for (k = 0; k < 3; k++) {
		n = audio_tone(kinds[k], RATE, &s);
		ck_assert_uint_eq(n, want[k]);
		/* Faded in from silence and out to it. */
		ck_assert_int_eq(s[0], 0);
		ck_assert_int_eq(s[n - 1], 0);
		ck_assert_int_lt(abs(s[1]), 100);
		ck_assert_int_lt(abs(s[n - 2]), 100);
		peak = 0;
		for (i = 0; i < n; i++)
			if (abs(s[i]) > peak)
				peak = abs(s[i]);
		/* Soft: a quarter of full scale. */
		ck_assert_int_le(peak, 8192);
		ck_assert_int_ge(peak, 8000);
		/* The fade takes AUDIO_FADE_MS: inside it the gain is less
		 * than 1, after it the sine reaches its peak. */
		for (i = 0; i < f / 2; i++)
			ck_assert_int_lt(abs(s[i]), 4097);
		free(s);
	}
	/* Two notes with silence between. */
	n = audio_tone(AUDIO_TONE_RELEASE, RATE, &s);
	for (i = 180 * 8; i < 210 * 8; i++)
		ck_assert_int_eq(s[i], 0);
	ck_assert_int_gt(abs(s[100 * 8]) + abs(s[100 * 8 + 1]), 0);
	free(s);
	ck_assert_uint_eq(audio_tone(AUDIO_SPEECH, RATE, &s), 0);
	ck_assert_ptr_null(s);
	/* Different tones for tense and release. */
	ck_assert_uint_ne(want[0], want[1]);
}
END_TEST

/* The tones sample for sample against libm's sin and cos: each note
 * AUDIO_PEAK (a quarter of full scale) times the raised-cosine fade
 * times sin(2 pi hz i / rate), rounded to the nearest, at the tests'
 * rate, the player's and 48 kHz. */
START_TEST(test_tones_exact)
{
	static const struct { enum audio_kind k; int n; double hz[3];
		int ms[3]; } tones[] = {
		{ AUDIO_TONE_TENSE, 1, { 440.0 }, { 250 } },
		{ AUDIO_TONE_RELEASE, 2, { 523.25, 392.0 }, { 180, 260 } },
		{ AUDIO_TONE_END, 3, { 523.25, 392.0, 261.63 },
		  { 160, 160, 600 } },
	};
	static const int rates[] = { RATE, AUDIO_RATE, 48000 };
	int16_t *s;
	size_t   n, at, len, f, i;
	int      t, j, r, d, worst = 0, off = 0, all = 0;

	for (r = 0; r < 3; r++) {
		f = audio_samples(AUDIO_FADE_MS, rates[r]);
		for (t = 0; t < 3; t++) {
			n = audio_tone(tones[t].k, rates[r], &s);
			at = 0;
			for (j = 0; j < tones[t].n; j++) {
				if (j > 0) {
					for (i = 0; i < audio_samples(30,
					    rates[r]); i++)
						ck_assert_int_eq(s[at + i], 0);
					at += audio_samples(30, rates[r]);
				}
				len = audio_samples(tones[t].ms[j], rates[r]);
				for (i = 0; i < len; i++) {
					double g = 1.0, want;

					if (i < f)
						g = 0.5 - 0.5 * cos(TEST_PI *
						    (double)i / (double)f);
					else if (i + f >= len)
						g = 0.5 - 0.5 * cos(TEST_PI *
						    (double)(len - 1 - i) /
						    (double)f);
					want = 8192.0 * g * sin(2 * TEST_PI *
					    tones[t].hz[j] * (double)i /
					    rates[r]);
					d = abs(s[at + i] - (int)lrint(want));
					if (d > worst)
						worst = d;
					off += d != 0;
					all++;
				}
				at += len;
			}
			ck_assert_uint_eq(at, n);
			free(s);
		}
	}
	/* The phasor is within about 1e-8 of sin over a note: every sample
	 * rounds as libm's does (125,660 samples here). */
	ck_assert_int_eq(worst, 0);
	ck_assert_int_eq(off, 0);
	ck_assert_int_gt(all, 100000);
}
END_TEST

/* A clip of n samples, all v. */
static int16_t *
flat(size_t n, int v)
{
	int16_t *s = xcalloc(n, sizeof *s);
	size_t   i;

	for (i = 0; i < n; i++)
		s[i] = (int16_t)v;
	return s;
}

START_TEST(test_mix)
{
	struct audio_mix m;
	int16_t          out[400], *a = flat(200, 1000), *b = flat(100, 2000);
	int16_t         *c = flat(50, 30000), *own = flat(10, 5);
	size_t           f = AUDIO_CUT_MS * 8, i;

	audio_mix_init(&m, RATE);
	ck_assert(!audio_mix_busy(&m));
	audio_mix_render(&m, out, 10);
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(out[i], 0);

	/* A speech, then another cuts it short with a fade. */
	audio_mix_play(&m, a, 200, true, NULL);
	audio_mix_render(&m, out, 20);
	ck_assert_int_eq(out[0], 1000);
	ck_assert_int_eq(out[19], 1000);
	audio_mix_play(&m, b, 100, true, NULL);
	audio_mix_render(&m, out, 100);
	ck_assert_int_eq(out[0], 2000 + 1000 * (int)(f - 1) / (int)f);
	ck_assert_int_eq(out[f - 1], 2000);
	ck_assert_int_eq(out[f], 2000);
	ck_assert_int_eq(out[99], 2000);
	ck_assert(!audio_mix_busy(&m));

	/* A tone does not cut a speech: they add, clipped. */
	audio_mix_play(&m, b, 100, true, NULL);
	audio_mix_play(&m, c, 50, false, NULL);
	audio_mix_play(&m, c, 50, false, NULL);
	audio_mix_render(&m, out, 60);
	ck_assert_int_eq(out[0], 32767);
	ck_assert_int_eq(out[50], 2000);
	audio_mix_render(&m, out, 100);
	ck_assert(!audio_mix_busy(&m));
	/* Stop fades everything out over AUDIO_CUT_MS. */
	audio_mix_play(&m, a, 200, true, NULL);
	audio_mix_play(&m, c, 50, false, NULL);
	audio_mix_render(&m, out, 10);
	audio_mix_stop(&m);
	audio_mix_render(&m, out, 100);
	ck_assert_int_eq(out[0], 31000 * (int)(f - 1) / (int)f);
	ck_assert_int_eq(out[f - 2], 1000 / (int)f);
	ck_assert_int_eq(out[f - 1], 0);
	ck_assert_int_eq(out[f], 0);
	ck_assert(!audio_mix_busy(&m));

	/* Owned clips are freed when they end or are cleared. */
	audio_mix_play(&m, own, 10, false, own);
	audio_mix_render(&m, out, 20);
	ck_assert_int_eq(out[9], 5);
	ck_assert_int_eq(out[10], 0);
	own = flat(10, 5);
	audio_mix_play(&m, own, 10, false, own);
	audio_mix_clear(&m);
	ck_assert(!audio_mix_busy(&m));

	/* More than AUDIO_VOICES at once: the one furthest on gives way. */
	for (i = 0; i < AUDIO_VOICES + 2; i++) {
		audio_mix_play(&m, a, 200, false, NULL);
		audio_mix_render(&m, out, 1);
	}
	ck_assert_int_eq(m.nv, AUDIO_VOICES);
	audio_mix_render(&m, out, 1);
	ck_assert_int_eq(out[0], 1000 * AUDIO_VOICES);
	audio_mix_clear(&m);
	free(a);
	free(b);
	free(c);
}
END_TEST

/* The fake synthesiser: a text's clip is `ms` long and every sample is
 * its marker, 1000 times its position in the list (so onsets and whose
 * they are can be read off the decoded file). */
static const char *const fake_texts[] = { "settle", "tense 0", AUDIO_NOW,
	"release 0", "tense 1", "release 1", "finish" };
static int fake_calls, fake_fail;
static int fake_ms = 1000;

static int
fake_marker(const char *text)
{
	size_t i;

	for (i = 0; i < WD_NELEM(fake_texts); i++)
		if (strcmp(text, fake_texts[i]) == 0)
			return 1000 * (int)(i + 1);
	return 99;
}

static int
fake_synth(void *ctx, const char *text, int16_t **out, size_t *n,
    char **cause)
{
	(void)ctx;
	fake_calls++;
	if (fake_fail && strcmp(text, "release 1") == 0) {
		*cause = xstrdup("the synthesiser broke");
		return -1;
	}
	*n = audio_samples(fake_ms, RATE);
	*out = flat(*n, fake_marker(text));
	return 0;
}

/* Render the plan's session through the WAV encoder and decoder. */
static void
render(const struct audio_opts *o, struct audio_event **e, int *n,
    long long *total, struct wav *w)
{
	struct pmr     p;
	int16_t       *s;
	size_t         ns, len;
	unsigned char *bytes;
	char          *cause = NULL;

	mkpmr(&p);
	*total = pmr_total_ms(&p);
	*n = audio_timeline(&p, o, e);
	ck_assert_int_eq(audio_render(*e, *n, *total, RATE, fake_synth, NULL,
	    &s, &ns, &cause), 0);
	ck_assert_int_eq(wav_encode(s, ns, RATE, &bytes, &len), 0);
	free(s);
	ck_assert_int_eq(wav_decode(bytes, len, w, &cause), 0);
	ck_assert_int_eq(w->rate, RATE);
	free(bytes);
}

START_TEST(test_render_onsets)
{
	struct audio_opts   o = { true, false };
	struct audio_event *e;
	struct wav          w;
	long long           total, worst = 0, off;
	size_t              at, k;
	int                 n, i, speeches = 0;

	mkplan(2);
	fake_calls = fake_fail = 0;
	render(&o, &e, &n, &total, &w);
	/* Each text asked for once: "tense 0" ... and "Now." twice. */
	ck_assert_int_eq(fake_calls, 7);
	/* As long as the schedule: the closing words end with it. */
	ck_assert_uint_eq(w.nsamples, audio_samples(total, RATE));
	for (i = 0; i < n; i++) {
		if (!audio_is_speech(e[i].kind))
			continue;
		speeches++;
		/* Silence for the 100 ms before, then the clip, whose
		 * first sample is its own marker; the closing words start
		 * their length before the end. */
		at = audio_samples(e[i].at_ms, RATE);
		if (e[i].at_ms >= total)
			at = audio_samples(total, RATE) -
			    audio_samples(fake_ms, RATE);
		for (k = at >= 800 ? at - 800 : 0; k < at; k++)
			ck_assert_msg(w.samples[k] == 0, "sound %d ms before "
			    "'%s'", (int)((at - k) / 8), e[i].text);
		for (k = at; k < w.nsamples && w.samples[k] == 0; k++)
			/* nothing */;
		off = audio_ms(k - at, RATE);
		if (off > worst)
			worst = off;
		ck_assert_int_lt(off, 100);
		ck_assert_int_eq(w.samples[k], fake_marker(e[i].text));
		ck_assert_int_eq(w.samples[at + 7999], fake_marker(e[i].text));
	}
	ck_assert_int_eq(speeches, 8);
	ck_assert_int_eq(worst, 0);
	/* The end: silence after the finish cue's last sample. */
	ck_assert_int_eq(w.samples[w.nsamples - 1], fake_marker("finish"));
	wav_free(&w);
	free(e);
}
END_TEST

/* Tones only: the file is the schedule's length within a second, and
 * each tone starts at its time, from silence. */
START_TEST(test_render_tones)
{
	struct audio_opts   o = { false, true };
	struct audio_event *e;
	struct wav          w;
	long long           total;
	size_t              at;
	int                 n, i;

	mkplan(2);
	fake_calls = 0;
	render(&o, &e, &n, &total, &w);
	ck_assert_int_eq(fake_calls, 0);
	ck_assert_int_eq(n, 5);
	ck_assert_int_ge(audio_ms(w.nsamples, RATE), total);
	ck_assert_int_lt(audio_ms(w.nsamples, RATE), total + 1000);
	ck_assert_uint_eq(w.nsamples, audio_samples(total, RATE));
	for (i = 0; i < n; i++) {
		at = audio_samples(e[i].at_ms, RATE);
		if (e[i].at_ms >= total) /* the end tone ends with it */
			at = audio_samples(total, RATE) - 980 * 8;
		ck_assert_int_eq(w.samples[at - 1], 0);
		ck_assert_int_eq(w.samples[at], 0);
		ck_assert_int_ne(w.samples[at + 2], 0);
	}
	wav_free(&w);
	free(e);
}
END_TEST

/* A speech still going when the next begins is cut: the schedule wins. */
START_TEST(test_render_cut)
{
	struct audio_opts   o = { true, false };
	struct audio_event *e;
	struct wav          w;
	long long           total;
	size_t              at = audio_samples(5000, RATE);
	int                 n;

	mkplan(2);
	fake_ms = 2500; /* "tense 0" at 3 s runs past "Now." at 5 s */
	render(&o, &e, &n, &total, &w);
	fake_ms = 1000;
	ck_assert_int_eq(w.samples[at - 1], fake_marker("tense 0"));
	ck_assert_int_gt(w.samples[at], fake_marker("Now."));
	ck_assert_int_eq(w.samples[at + AUDIO_CUT_MS * 8],
	    fake_marker("Now."));
	ck_assert_uint_eq(w.nsamples, audio_samples(total, RATE));
	wav_free(&w);
	free(e);
}
END_TEST

START_TEST(test_render_fail)
{
	struct audio_opts   o = { true, true };
	struct audio_event *e;
	struct pmr          p;
	int16_t            *s = NULL;
	size_t              ns = 7;
	char               *cause = NULL;
	int                 n;

	mkplan(2);
	mkpmr(&p);
	n = audio_timeline(&p, &o, &e);
	fake_fail = 1;
	ck_assert_int_eq(audio_render(e, n, pmr_total_ms(&p), RATE,
	    fake_synth, NULL, &s, &ns, &cause), -1);
	fake_fail = 0;
	ck_assert_str_eq(cause, "the synthesiser broke");
	ck_assert_ptr_null(s);
	ck_assert_uint_eq(ns, 7);
	free(cause);
	free(e);

	/* Nothing to play: silence as long as the schedule. */
	ck_assert_int_eq(audio_render(NULL, 0, 1500, RATE, fake_synth, NULL,
	    &s, &ns, &cause), 0);
	ck_assert_uint_eq(ns, 1500 * 8);
	ck_assert_int_eq(s[0], 0);
	ck_assert_int_eq(s[ns - 1], 0);
	free(s);
}
END_TEST

Suite *
audio_suite(void)
{
	Suite *s = suite_create("audio");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_timeline);
	tcase_add_test(tc, test_timeline_is_live);
	tcase_add_test(tc, test_tones);
	tcase_add_test(tc, test_tones_exact);
	tcase_add_test(tc, test_mix);
	tcase_add_test(tc, test_render_onsets);
	tcase_add_test(tc, test_render_tones);
	tcase_add_test(tc, test_render_cut);
	tcase_add_test(tc, test_render_fail);
	suite_add_tcase(s, tc);
	return s;
}
