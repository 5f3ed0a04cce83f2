/* The sound of a relaxation session: cues, tones, the mixer, and the
 * renderer of a whole session. Pure: no clock, no device, no I/O. */
#include "winddown/audio.h"

#include <stdlib.h>
#include <string.h>

#include "winddown/util.h"

#define AUDIO_PI        3.14159265358979323846
#define AUDIO_PEAK      8192.0 /* a quarter of full scale: soft */
#define AUDIO_GAP_MS    30     /* silence between a tone's notes */
#define AUDIO_CHUNK     1024   /* samples rendered at a time */

/* A note of a tone: frequency and length. */
struct audio_note {
	double hz;
	int    ms;
};

/* Tense: one note. Release: two, falling a fourth, like a breath out.
 * End: three falling, the last long and low. */
static const struct audio_note audio_tense[] = { { 440.0, 250 } };
static const struct audio_note audio_release[] = { { 523.25, 180 },
	{ 392.0, 260 } };
static const struct audio_note audio_end[] = { { 523.25, 160 },
	{ 392.0, 160 }, { 261.63, 600 } };

bool
audio_is_speech(enum audio_kind k)
{
	return k == AUDIO_SPEECH || k == AUDIO_SIGNAL_NOW;
}

long long
audio_ms(size_t n, int rate)
{
	return (long long)n * 1000 / rate;
}

size_t
audio_samples(long long ms, int rate)
{
	if (ms <= 0)
		return 0;
	return (size_t)(ms * rate / 1000);
}

/* Add an event unless its text is missing. */
static void
audio_add(struct audio_event *out, int *n, enum audio_kind k,
    const char *text)
{
	if (audio_is_speech(k) && (text == NULL || *text == '\0'))
		return;
	out[*n].at_ms = 0;
	out[*n].kind = k;
	out[*n].text = audio_is_speech(k) ? text : NULL;
	(*n)++;
}

/* The sounds of the phase p is in. */
int
audio_phase_cues(const struct pmr *p, const struct audio_opts *o,
    struct audio_event out[AUDIO_MAX_CUES])
{
	int n = 0;

	switch (pmr_current_phase(p)) {
	case PMR_READY:
		if (o->speech)
			audio_add(out, &n, AUDIO_SPEECH, pmr_cue(p));
		break;
	case PMR_PREPARE:
		if (o->speech)
			audio_add(out, &n, AUDIO_SPEECH, pmr_cue(p));
		break;
	case PMR_TENSE:
		if (o->tones)
			audio_add(out, &n, AUDIO_TONE_TENSE, NULL);
		if (o->speech && p->prepare_ms > 0)
			audio_add(out, &n, AUDIO_SIGNAL_NOW, AUDIO_NOW);
		else if (o->speech)
			audio_add(out, &n, AUDIO_SPEECH, pmr_cue(p));
		break;
	case PMR_RELEASE:
		if (o->tones)
			audio_add(out, &n, AUDIO_TONE_RELEASE, NULL);
		if (o->speech)
			audio_add(out, &n, AUDIO_SPEECH, pmr_cue(p));
		break;
	case PMR_DONE:
		if (o->tones)
			audio_add(out, &n, AUDIO_TONE_END, NULL);
		if (o->speech)
			audio_add(out, &n, AUDIO_SPEECH, pmr_cue(p));
		break;
	default:
		break;
	}
	return n;
}

/* Walk a copy of the timer through its schedule, phase by phase. */
int
audio_timeline(const struct pmr *p, const struct audio_opts *o,
    struct audio_event **out)
{
	struct pmr          c = *p;
	struct audio_event  cues[AUDIO_MAX_CUES], *ev = NULL;
	long long           start;
	int                 n = 0, cap = 0, k, i;

	pmr_start(&c, 0);
	for (;;) {
		start = pmr_phase_start_ms(&c);
		k = audio_phase_cues(&c, o, cues);
		if (n + k > cap) {
			cap = (n + k) * 2;
			ev = xreallocarray(ev, (size_t)cap, sizeof *ev);
		}
		for (i = 0; i < k; i++) {
			ev[n] = cues[i];
			ev[n++].at_ms = start;
		}
		if (pmr_finished(&c))
			break;
		/* To the end of this phase: exactly one phase change. */
		pmr_update(&c, start + pmr_remaining_ms(&c, start));
	}
	*out = ev;
	return n;
}

/* The cosine and sine of an angle |w| <= pi, so that a tone can turn a
 * phasor sample by sample instead of calling sin(): halve w until it is
 * small (|x| <= 1/32), sum the series there to the first term that no
 * longer counts (x^7/7! < 2e-14), double back. Good to about 1e-12, so a
 * second of phasor turns stays far inside a 16-bit sample's step (the
 * tests compare every sample with libm); and no command maps libm. */
static void
audio_rotor(double w, double *c, double *s)
{
	double x = w, x2, cs, sn, t;
	int    k = 0;

	while (x > 0.03125 || x < -0.03125) {
		x /= 2;
		k++;
	}
	x2 = x * x;
	sn = x * (1 - x2 / 6 * (1 - x2 / 20));
	cs = 1 - x2 / 2 * (1 - x2 / 12 * (1 - x2 / 30));
	while (k-- > 0) {
		t = 2 * sn * cs;
		cs = cs * cs - sn * sn;
		sn = t;
	}
	*c = cs;
	*s = sn;
}

/* The raised-cosine gains of a fade of f samples, rising from 0:
 * 0.5 - 0.5 cos(pi i / f). NULL when f is 0. */
static double *
audio_fade(size_t f)
{
	double *g, c, s, re = 1, im = 0, t;
	size_t  i;

	if (f == 0)
		return NULL;
	g = xcalloc(f, sizeof *g);
	audio_rotor(AUDIO_PI / (double)f, &c, &s);
	for (i = 0; i < f; i++) {
		g[i] = 0.5 - 0.5 * re;
		t = re * c - im * s;
		im = im * c + re * s;
		re = t;
	}
	return g;
}

/* A sample value, rounded to the nearest. */
static int16_t
audio_round(double v)
{
	return (int16_t)(v < 0 ? v - 0.5 : v + 0.5);
}

/* A tone as samples. */
size_t
audio_tone(enum audio_kind k, int rate, int16_t **out)
{
	const struct audio_note *notes;
	size_t                   nn, total = 0, at = 0, len, f, i, j, gap;
	double                  *fade, c, s, re, im, t, g;

	switch (k) {
	case AUDIO_TONE_TENSE:
		notes = audio_tense;
		nn = WD_NELEM(audio_tense);
		break;
	case AUDIO_TONE_RELEASE:
		notes = audio_release;
		nn = WD_NELEM(audio_release);
		break;
	case AUDIO_TONE_END:
		notes = audio_end;
		nn = WD_NELEM(audio_end);
		break;
	default:
		*out = NULL;
		return 0;
	}
	gap = audio_samples(AUDIO_GAP_MS, rate);
	for (j = 0; j < nn; j++)
		total += audio_samples(notes[j].ms, rate) + (j > 0 ? gap : 0);
	*out = xcalloc(total, sizeof **out);
	f = audio_samples(AUDIO_FADE_MS, rate);
	fade = audio_fade(f);
	for (j = 0; j < nn; j++) {
		if (j > 0)
			at += gap;
		len = audio_samples(notes[j].ms, rate);
		/* sin(w i), a phasor turned by w each sample. */
		audio_rotor(2 * AUDIO_PI * notes[j].hz / rate, &c, &s);
		re = 1;
		im = 0;
		for (i = 0; i < len; i++) {
			g = i < f ? fade[i] : i + f >= len ? fade[len - 1 - i] :
			    1.0;
			(*out)[at + i] = audio_round(AUDIO_PEAK * g * im);
			t = re * c - im * s;
			im = im * c + re * s;
			re = t;
		}
		at += len;
	}
	free(fade);
	return total;
}

/* The mixer ---------------------------------------------------------- */

void
audio_mix_init(struct audio_mix *m, int rate)
{
	memset(m, 0, sizeof *m);
	m->rate = rate;
}

/* Forget voice i, freeing what it owns. */
static void
audio_mix_drop(struct audio_mix *m, int i)
{
	free(m->v[i].own);
	m->v[i] = m->v[--m->nv];
}

/* Start fading voice v out, unless it already is: its gain falls from
 * (f - 1) / f to 0 over the next f samples, then it ends. */
static void
audio_mix_cut(struct audio_mix *m, struct audio_voice *v)
{
	size_t f = audio_samples(AUDIO_CUT_MS, m->rate);

	if (v->cut == 0)
		v->cut = f > 0 ? f : 1;
}

void
audio_mix_play(struct audio_mix *m, const int16_t *s, size_t n,
    bool speech, int16_t *own)
{
	struct audio_voice *v;
	int                 i, oldest = 0;

	if (n == 0) {
		free(own);
		return;
	}
	if (speech) {
		for (i = 0; i < m->nv; i++)
			if (m->v[i].speech)
				audio_mix_cut(m, &m->v[i]);
	}
	if (m->nv == AUDIO_VOICES) {
		/* The one furthest through gives way. */
		for (i = 1; i < m->nv; i++)
			if (m->v[i].pos > m->v[oldest].pos)
				oldest = i;
		audio_mix_drop(m, oldest);
	}
	v = &m->v[m->nv++];
	memset(v, 0, sizeof *v);
	v->s = s;
	v->own = own;
	v->n = n;
	v->speech = speech;
}

void
audio_mix_stop(struct audio_mix *m)
{
	int i;

	for (i = 0; i < m->nv; i++)
		audio_mix_cut(m, &m->v[i]);
}

bool
audio_mix_busy(const struct audio_mix *m)
{
	return m->nv > 0;
}

void
audio_mix_clear(struct audio_mix *m)
{
	while (m->nv > 0)
		audio_mix_drop(m, m->nv - 1);
}

void
audio_mix_render(struct audio_mix *m, int16_t *out, size_t n)
{
	size_t f = audio_samples(AUDIO_CUT_MS, m->rate), k;
	long   sum;
	int    i;

	if (f == 0)
		f = 1;
	for (k = 0; k < n; k++) {
		sum = 0;
		for (i = 0; i < m->nv; i++) {
			struct audio_voice *v = &m->v[i];
			long                x = v->s[v->pos];

			if (v->cut > 0)
				x = x * (long)(v->cut - 1) / (long)f;
			sum += x;
		}
		out[k] = (int16_t)(sum > 32767 ? 32767 : sum < -32768 ?
		    -32768 : sum);
		/* Move on; drop the voices that ended. */
		for (i = m->nv - 1; i >= 0; i--) {
			struct audio_voice *v = &m->v[i];

			v->pos++;
			if ((v->cut > 0 && --v->cut == 0) || v->pos >= v->n)
				audio_mix_drop(m, i);
		}
	}
}

/* The renderer --------------------------------------------------------- */

/* A clip made once and reused: a text's speech, or a tone. */
struct audio_clip {
	enum audio_kind kind;
	const char     *text;
	int16_t        *s;
	size_t          n;
};

struct audio_cache {
	struct audio_clip *c;
	int                n, cap;
};

/* The clip for event e, made on first use. */
static int
audio_clip_for(struct audio_cache *cache, const struct audio_event *e,
    int rate, audio_synth_fn synth, void *ctx, struct audio_clip **out,
    char **cause)
{
	struct audio_clip *c;
	int                i;

	for (i = 0; i < cache->n; i++) {
		c = &cache->c[i];
		if (audio_is_speech(e->kind) ? (audio_is_speech(c->kind) &&
		    strcmp(c->text, e->text) == 0) : c->kind == e->kind) {
			*out = c;
			return 0;
		}
	}
	if (cache->n == cache->cap) {
		cache->cap = cache->cap > 0 ? cache->cap * 2 : 16;
		cache->c = xreallocarray(cache->c, (size_t)cache->cap,
		    sizeof *cache->c);
	}
	c = &cache->c[cache->n];
	memset(c, 0, sizeof *c);
	c->kind = e->kind;
	c->text = e->text;
	if (audio_is_speech(e->kind)) {
		if (synth(ctx, e->text, &c->s, &c->n, cause) != 0)
			return -1;
	} else
		c->n = audio_tone(e->kind, rate, &c->s);
	cache->n++;
	*out = c;
	return 0;
}

/* Samples until the last voice ends. */
static size_t
audio_mix_left(const struct audio_mix *m)
{
	size_t left = 0, l;
	int    i;

	for (i = 0; i < m->nv; i++) {
		l = m->v[i].n - m->v[i].pos;
		if (m->v[i].cut > 0 && m->v[i].cut < l)
			l = m->v[i].cut;
		if (l > left)
			left = l;
	}
	return left;
}

/* Mix until sample `until` (or, when drain, until nothing plays) into
 * the growing buffer. */
static void
audio_render_to(struct audio_mix *m, int16_t **buf, size_t *len,
    size_t *cap, size_t until, bool drain)
{
	size_t k;

	for (;;) {
		if (!drain ? *len >= until : !audio_mix_busy(m))
			return;
		k = !drain ? until - *len : audio_mix_left(m);
		if (k > AUDIO_CHUNK)
			k = AUDIO_CHUNK;
		if (*len + k > *cap) {
			*cap = (*len + k) * 2;
			*buf = xreallocarray(*buf, *cap, sizeof **buf);
		}
		audio_mix_render(m, *buf + *len, k);
		*len += k;
	}
}

int
audio_render(const struct audio_event *ev, int n, long long schedule_ms,
    int rate, audio_synth_fn synth, void *ctx, int16_t **out, size_t *nout,
    char **cause)
{
	struct audio_cache cache = { NULL, 0, 0 };
	struct audio_mix   m;
	struct audio_clip *c;
	int16_t           *buf = NULL;
	size_t             len = 0, cap = 0, end, last = 0, at;
	int                i, rc = 0;

	/* The closing sounds (at the schedule's end) are moved earlier to
	 * end with it, so the file is as long as the session. */
	end = audio_samples(schedule_ms, rate);
	for (i = 0; i < n && rc == 0; i++) {
		if (ev[i].at_ms >= schedule_ms && (rc = audio_clip_for(&cache,
		    &ev[i], rate, synth, ctx, &c, cause)) == 0 && c->n > last)
			last = c->n;
	}
	audio_mix_init(&m, rate);
	for (i = 0; i < n && rc == 0; i++) {
		at = audio_samples(ev[i].at_ms, rate);
		if (ev[i].at_ms >= schedule_ms)
			at = last < end ? end - last : 0;
		if (at < len)
			at = len; /* never before what was already rendered */
		audio_render_to(&m, &buf, &len, &cap, at, false);
		if ((rc = audio_clip_for(&cache, &ev[i], rate, synth, ctx,
		    &c, cause)) == 0)
			audio_mix_play(&m, c->s, c->n,
			    audio_is_speech(ev[i].kind), NULL);
	}
	if (rc == 0) {
		audio_render_to(&m, &buf, &len, &cap,
		    audio_samples(schedule_ms, rate), false);
		audio_render_to(&m, &buf, &len, &cap, 0, true);
	}
	audio_mix_clear(&m);
	for (i = 0; i < cache.n; i++)
		free(cache.c[i].s);
	free(cache.c);
	if (rc != 0) {
		free(buf);
		return -1;
	}
	*out = buf;
	*nout = len;
	return 0;
}
