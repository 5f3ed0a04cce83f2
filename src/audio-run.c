/* Sound for relaxation sessions: espeak-ng makes the speech (synchronous
 * mode, samples handed to a callback), the core's mixer mixes it with
 * the tones, and the samples go to one of two sinks: the default sound
 * device through libpcaudio, in a player thread so that the screen never
 * waits for speech, or a WAV file, the whole session at once.
 *
 * The player thread owns espeak-ng and the device once started. The
 * input loop only queues commands (the phase's sounds, stop) under a
 * mutex and returns; the thread makes the clips, mixes 20 ms at a time
 * and writes them (pcaudio's write blocks, which paces it). A phase
 * queued while an older one's speech is still being made wins: the
 * older clip is dropped unplayed. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "audio-run.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include <espeak-ng/speak_lib.h>
#include <pcaudiolib/audio.h>

#include "app.h"
#include "winddown/fileio.h"
#include "winddown/wav.h"
#include "winddown/util.h"

/* espeak-ng and libpcaudio are loaded with dlopen when sound is first
 * asked for: linked in, they and PulseAudio's 30 libraries would slow
 * the start of every command. Each function used is a pointer in
 * audio_dl, and its name a macro for it. */
#define AUDIO_DL_ESPEAK  "libespeak-ng.so.1"
#define AUDIO_DL_PCAUDIO "libpcaudio.so.0"
#define AUDIO_DL_FUNCS(X) \
	X(espeak_Initialize) X(espeak_SetParameter) \
	X(espeak_SetSynthCallback) X(espeak_SetVoiceByName) \
	X(espeak_Synth) X(espeak_Terminate)
#define AUDIO_DL_PCFUNCS(X) \
	X(audio_object_close) X(audio_object_destroy) X(audio_object_drain) \
	X(audio_object_flush) X(audio_object_open) X(audio_object_strerror) \
	X(audio_object_write) X(create_audio_device_object)
#define AUDIO_DL_MEMBER(f) __typeof__(f) *p_##f;
static struct {
	AUDIO_DL_FUNCS(AUDIO_DL_MEMBER)
	AUDIO_DL_PCFUNCS(AUDIO_DL_MEMBER)
	int state; /* 0 not tried, 1 loaded, -1 failed */
} audio_dl;
#define espeak_Initialize (*audio_dl.p_espeak_Initialize)
#define espeak_SetParameter (*audio_dl.p_espeak_SetParameter)
#define espeak_SetSynthCallback (*audio_dl.p_espeak_SetSynthCallback)
#define espeak_SetVoiceByName (*audio_dl.p_espeak_SetVoiceByName)
#define espeak_Synth (*audio_dl.p_espeak_Synth)
#define espeak_Terminate (*audio_dl.p_espeak_Terminate)
#define audio_object_close (*audio_dl.p_audio_object_close)
#define audio_object_destroy (*audio_dl.p_audio_object_destroy)
#define audio_object_drain (*audio_dl.p_audio_object_drain)
#define audio_object_flush (*audio_dl.p_audio_object_flush)
#define audio_object_open (*audio_dl.p_audio_object_open)
#define audio_object_strerror (*audio_dl.p_audio_object_strerror)
#define audio_object_write (*audio_dl.p_audio_object_write)
#define create_audio_device_object (*audio_dl.p_create_audio_device_object)

/* Load both libraries once; 0, or -1 with *why. */
static int
audio_dl_load(char **why)
{
	const struct {
		void      **slot;
		const char *name;
		bool        espeak;
	} syms[] = {
		{ (void **)&audio_dl.p_espeak_Initialize, "espeak_Initialize", true },
		{ (void **)&audio_dl.p_espeak_SetParameter, "espeak_SetParameter", true },
		{ (void **)&audio_dl.p_espeak_SetSynthCallback,
		    "espeak_SetSynthCallback", true },
		{ (void **)&audio_dl.p_espeak_SetVoiceByName, "espeak_SetVoiceByName", true },
		{ (void **)&audio_dl.p_espeak_Synth, "espeak_Synth", true },
		{ (void **)&audio_dl.p_espeak_Terminate, "espeak_Terminate", true },
		{ (void **)&audio_dl.p_audio_object_close, "audio_object_close", false },
		{ (void **)&audio_dl.p_audio_object_destroy, "audio_object_destroy", false },
		{ (void **)&audio_dl.p_audio_object_drain, "audio_object_drain", false },
		{ (void **)&audio_dl.p_audio_object_flush, "audio_object_flush", false },
		{ (void **)&audio_dl.p_audio_object_open, "audio_object_open", false },
		{ (void **)&audio_dl.p_audio_object_strerror,
		    "audio_object_strerror", false },
		{ (void **)&audio_dl.p_audio_object_write, "audio_object_write", false },
		{ (void **)&audio_dl.p_create_audio_device_object,
		    "create_audio_device_object", false },
	};
	void       *he, *hp;
	const char *e;
	size_t      i;

	if (audio_dl.state != 0)
		return audio_dl.state > 0 ? 0 : wd_fail(why, -1, "cannot load "
		    "%s or %s", AUDIO_DL_ESPEAK, AUDIO_DL_PCAUDIO);
	audio_dl.state = -1;
	dlerror();
	if ((he = dlopen(AUDIO_DL_ESPEAK, RTLD_NOW | RTLD_LOCAL)) == NULL ||
	    (hp = dlopen(AUDIO_DL_PCAUDIO, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		e = dlerror();
		return wd_fail(why, -1, "cannot load the sound libraries: %s "
		    "(apt-get install libespeak-ng1 libpcaudio0)",
		    e != NULL ? e : "not found");
	}
	/* POSIX lets dlsym's object pointer be a function pointer. */
	for (i = 0; i < WD_NELEM(syms); i++) {
		if ((*syms[i].slot = dlsym(syms[i].espeak ? he : hp,
		    syms[i].name)) == NULL)
			return wd_fail(why, -1, "%s has no %s", syms[i].espeak ?
			    AUDIO_DL_ESPEAK : AUDIO_DL_PCAUDIO, syms[i].name);
	}
	audio_dl.state = 1;
	return 0; /* never unloaded: the player thread may still hold them */
}

#define AUDIO_RUN_ROUTINE  "lower"  /* when --routine is not given */
#define AUDIO_RUN_VOICE    "en"     /* when the plan names none */
#define AUDIO_RUN_CHUNK_MS 20       /* mixed and written at a time */
#define AUDIO_RUN_QUEUE    8        /* sounds waiting for the thread */
#define AUDIO_RUN_SILENT   100      /* |sample| below this is silence */
#define AUDIO_RUN_FINISH_S 20       /* close(finish) waits at most this */

/* Speech ------------------------------------------------------------- */

static bool audio_run_espeak_ready;

/* What one espeak_Synth call has produced so far. */
struct audio_run_pcm {
	int16_t *s;
	size_t   n, cap;
};

/* espeak-ng hands over each block of samples here. */
static int
audio_run_collect(short *wav, int n, espeak_EVENT *ev)
{
	struct audio_run_pcm *pcm = ev != NULL ? ev->user_data : NULL;

	if (pcm == NULL || wav == NULL || n <= 0)
		return 0;
	if (pcm->n + (size_t)n > pcm->cap) {
		pcm->cap = (pcm->n + (size_t)n) * 2;
		pcm->s = xreallocarray(pcm->s, pcm->cap, sizeof *pcm->s);
	}
	memcpy(pcm->s + pcm->n, wav, (size_t)n * sizeof *wav);
	pcm->n += (size_t)n;
	return 0;
}

/* Start espeak-ng with the plan's voice, rate and pitch. */
static int
audio_run_espeak(const struct pmr_plan *pp, char **why)
{
	const char *voice = pp->voice != NULL ? pp->voice : AUDIO_RUN_VOICE;
	int         rate;

	if (audio_dl_load(why) != 0)
		return -1;
	if (!audio_run_espeak_ready) {
		rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL,
		    espeakINITIALIZE_DONT_EXIT);
		if (rate < 0)
			return wd_fail(why, -1, "espeak-ng cannot start (is "
			    "espeak-ng-data installed?)");
		if (rate != AUDIO_RATE) {
			espeak_Terminate();
			return wd_fail(why, -1, "espeak-ng speaks at %d Hz, "
			    "not %d", rate, AUDIO_RATE);
		}
		espeak_SetSynthCallback(audio_run_collect);
		audio_run_espeak_ready = true;
	}
	if (espeak_SetVoiceByName(voice) != EE_OK)
		return wd_fail(why, -1, "espeak-ng has no voice '%s' (see "
		    "espeak-ng --voices)", voice);
	/* A plan that was loaded has both; a zero rate means none was. */
	espeak_SetParameter(espeakRATE, pp->rate > 0 ? pp->rate :
	    PLAN_SPEECH_RATE, 0);
	espeak_SetParameter(espeakPITCH, pp->rate > 0 ? pp->pitch :
	    PLAN_SPEECH_PITCH, 0);
	return 0;
}

/* Stop espeak-ng (and the thread it keeps) when it was started. Only
 * once a process: espeak-ng 1.51 can deadlock in espeak_Terminate()
 * after a second espeak_Initialize(), so the live player, which may open
 * again, keeps it to the end; only the one-shot file writer ends it. */
static void
audio_run_espeak_end(void)
{
	if (!audio_run_espeak_ready)
		return;
	espeak_Terminate();
	audio_run_espeak_ready = false;
}

/* The core's synthesiser: text to samples, the silence espeak-ng puts
 * before and after the words cut off, so a clip starts when its words
 * do. */
static int
audio_run_synth(void *ctx, const char *text, int16_t **out, size_t *n,
    char **cause)
{
	struct audio_run_pcm pcm = { NULL, 0, 0 };
	size_t               a = 0, b;

	(void)ctx;
	if (espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
	    espeakCHARS_UTF8, NULL, &pcm) != EE_OK) {
		free(pcm.s);
		return wd_fail(cause, -1, "espeak-ng could not speak \"%s\"",
		    text);
	}
	while (a < pcm.n && abs(pcm.s[a]) < AUDIO_RUN_SILENT)
		a++;
	b = pcm.n;
	while (b > a && abs(pcm.s[b - 1]) < AUDIO_RUN_SILENT)
		b--;
	if (a > 0)
		memmove(pcm.s, pcm.s + a, (b - a) * sizeof *pcm.s);
	*n = b - a;
	*out = pcm.s;
	if (*n == 0) {
		free(pcm.s);
		*out = NULL;
	}
	return 0;
}

/* Options ------------------------------------------------------------- */

struct audio_opts
audio_run_opts(const struct app *app, bool file)
{
	struct audio_opts o;

	o.speech = app->speak >= 0 ? app->speak != 0 :
	    (file || app->st.settings.speech);
	o.tones = app->tones >= 0 ? app->tones != 0 : app->st.settings.tones;
	return o;
}

/* The live player --------------------------------------------------- */

struct audio_live_clip {
	enum audio_kind kind;
	char           *text;
	int16_t        *s;
	size_t          n;
};

struct audio_live {
	pthread_t               thread;
	pthread_mutex_t         mu;
	pthread_cond_t          cv;
	struct audio_object    *dev;
	struct audio_opts       opts;
	const struct pmr_plan  *plan;   /* voice, rate, pitch */

	/* Shared, under mu. */
	struct audio_event      q[AUDIO_RUN_QUEUE];
	char                   *qtext[AUDIO_RUN_QUEUE];
	int                     nq;
	unsigned                gen;    /* bumped by every phase and stop */
	bool                    stop;   /* flush what plays */
	bool                    quit;   /* end the thread ... */
	bool                    drain;  /* ... once nothing plays */
	bool                    busy;   /* the mixer has something */
	bool                    ended;  /* the thread is done */

	/* The thread's own. */
	struct audio_mix        mix;
	struct audio_live_clip *clips;
	int                     nclips;
	bool                    dead;   /* the device failed: play nothing */
};

/* ALSA reports a missing card on stderr, which would draw over the
 * screen; pcaudio reports it to us anyway. libasound is loaded with
 * pcaudio, so its error handler is looked up rather than linked. */
static void
audio_live_alsa_quiet(const char *file, int line, const char *fn, int err,
    const char *fmt, ...)
{
	(void)file;
	(void)line;
	(void)fn;
	(void)err;
	(void)fmt;
}

static void
audio_live_hush_alsa(void)
{
	typedef void (*handler_t)(const char *, int, const char *, int,
	    const char *, ...);
	int   (*set)(handler_t);
	void   *lib;

	if ((lib = dlopen("libasound.so.2", RTLD_LAZY)) == NULL)
		return;
	*(void **)&set = dlsym(lib, "snd_lib_error_set_handler");
	if (set != NULL)
		set(audio_live_alsa_quiet);
	/* Left open: the handler must stay. */
}

/* The clip for a sound, made once. */
static struct audio_live_clip *
audio_live_clip(struct audio_live *a, enum audio_kind kind,
    const char *text)
{
	struct audio_live_clip *c;
	char                   *cause = NULL;
	int                     i;

	if (audio_is_speech(kind) && text == NULL)
		return NULL; /* never queued so; nothing to say */
	for (i = 0; i < a->nclips; i++) {
		c = &a->clips[i];
		if (c->kind == kind && (text == NULL ? c->text == NULL :
		    c->text != NULL && strcmp(c->text, text) == 0))
			return c;
	}
	a->clips = xreallocarray(a->clips, (size_t)a->nclips + 1,
	    sizeof *a->clips);
	c = &a->clips[a->nclips];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->text = text != NULL ? xstrdup(text) : NULL;
	if (text != NULL) { /* speech: tones have no text */
		if (audio_run_synth(NULL, text, &c->s, &c->n, &cause) != 0) {
			/* Said nothing, this once; the session goes on. */
			free(cause);
			free(c->text);
			return NULL;
		}
	} else
		c->n = audio_tone(kind, AUDIO_RATE, &c->s);
	a->nclips++;
	return c;
}

/* The player: make, mix and write, until told to quit. */
static void *
audio_live_main(void *arg)
{
	struct audio_live       *a = arg;
	struct audio_event       ev[AUDIO_RUN_QUEUE];
	char                    *text[AUDIO_RUN_QUEUE];
	struct audio_live_clip  *c;
	int16_t                  buf[AUDIO_RATE * AUDIO_RUN_CHUNK_MS / 1000];
	unsigned                 gen;
	int                      n, i;
	bool                     stop;

	pthread_mutex_lock(&a->mu);
	for (;;) {
		while (!a->quit && a->nq == 0 && !a->stop &&
		    !audio_mix_busy(&a->mix))
			pthread_cond_wait(&a->cv, &a->mu);
		/* Draining, the sounds still queued play first. */
		if (a->quit && (!a->drain || (a->nq == 0 &&
		    !audio_mix_busy(&a->mix))))
			break;
		n = a->nq;
		memcpy(ev, a->q, (size_t)n * sizeof *ev);
		memcpy(text, a->qtext, (size_t)n * sizeof *text);
		a->nq = 0;
		stop = a->stop;
		a->stop = false;
		gen = a->gen;
		pthread_mutex_unlock(&a->mu);

		if (stop) {
			audio_mix_clear(&a->mix);
			if (!a->dead)
				audio_object_flush(a->dev);
		}
		for (i = 0; i < n; i++) {
			c = audio_live_clip(a, ev[i].kind, text[i]);
			free(text[i]);
			/* A newer phase or a stop came while this was
			 * made: it is out of date. */
			pthread_mutex_lock(&a->mu);
			if (a->gen != gen)
				c = NULL;
			pthread_mutex_unlock(&a->mu);
			if (c != NULL)
				audio_mix_play(&a->mix, c->s, c->n,
				    audio_is_speech(ev[i].kind), NULL);
		}
		if (audio_mix_busy(&a->mix)) {
			audio_mix_render(&a->mix, buf, WD_NELEM(buf));
			if (!a->dead && audio_object_write(a->dev, buf,
			    sizeof buf) != 0)
				a->dead = true;
			if (a->dead)
				audio_mix_clear(&a->mix);
		}
		pthread_mutex_lock(&a->mu);
		a->busy = audio_mix_busy(&a->mix);
	}
	a->busy = false;
	a->ended = true;
	pthread_mutex_unlock(&a->mu);
	if (!a->dead && a->drain)
		audio_object_drain(a->dev);
	return NULL;
}

struct audio_live *
audio_live_open(const struct pmr_plan *pp, const struct audio_opts *o,
    char **why)
{
	struct audio_live *a;
	sigset_t           all, old;
	int                e;

	if (audio_dl_load(why) != 0 ||
	    (o->speech && audio_run_espeak(pp, why) != 0))
		return NULL;
	a = xcalloc(1, sizeof *a);
	a->opts = *o;
	a->plan = pp;
	audio_live_hush_alsa();
	a->dev = create_audio_device_object(NULL, "winddown",
	    "Relaxation");
	if (a->dev == NULL) {
		free(a);
		wd_fail(why, -1, "no sound device");
		return NULL;
	}
	if ((e = audio_object_open(a->dev, AUDIO_OBJECT_FORMAT_S16LE,
	    AUDIO_RATE, 1)) != 0) {
		wd_fail(why, -1, "no sound device or server (%s)",
		    audio_object_strerror(a->dev, e));
		audio_object_destroy(a->dev);
		free(a);
		return NULL;
	}
	audio_mix_init(&a->mix, AUDIO_RATE);
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	/* Signals are the input loop's: the thread takes none. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	e = pthread_create(&a->thread, NULL, audio_live_main, a);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e != 0) {
		wd_fail(why, -1, "cannot start the sound thread: %s",
		    strerror(e));
		audio_object_close(a->dev);
		audio_object_destroy(a->dev);
		pthread_mutex_destroy(&a->mu);
		pthread_cond_destroy(&a->cv);
		free(a);
		return NULL;
	}
	return a;
}

void
audio_live_phase(struct audio_live *a, const struct pmr *p)
{
	struct audio_event cues[AUDIO_MAX_CUES];
	int                n, i;

	if (a == NULL)
		return;
	pthread_mutex_lock(&a->mu);
	n = audio_phase_cues(p, &a->opts, cues);
	/* Older sounds not yet started are out of date. */
	for (i = 0; i < a->nq; i++)
		free(a->qtext[i]);
	a->nq = 0;
	a->gen++;
	for (i = 0; i < n; i++) {
		a->q[a->nq] = cues[i];
		a->qtext[a->nq++] = cues[i].text != NULL ?
		    xstrdup(cues[i].text) : NULL;
	}
	pthread_cond_signal(&a->cv);
	pthread_mutex_unlock(&a->mu);
}

void
audio_live_stop(struct audio_live *a)
{
	int i;

	if (a == NULL)
		return;
	pthread_mutex_lock(&a->mu);
	for (i = 0; i < a->nq; i++)
		free(a->qtext[i]);
	a->nq = 0;
	a->gen++;
	a->stop = true;
	pthread_cond_signal(&a->cv);
	pthread_mutex_unlock(&a->mu);
}

int
audio_live_set(struct audio_live *a, const struct audio_opts *o,
    char **why)
{
	if (a == NULL)
		return 0;
	/* Opened for tones only: start espeak-ng before the thread may
	 * need it (it speaks nothing until opts say so). */
	if (o->speech && !audio_run_espeak_ready &&
	    audio_run_espeak(a->plan, why) != 0)
		return -1;
	pthread_mutex_lock(&a->mu);
	a->opts = *o;
	pthread_mutex_unlock(&a->mu);
	return 0;
}

const struct audio_opts *
audio_live_opts(const struct audio_live *a)
{
	return &a->opts;
}

void
audio_live_close(struct audio_live *a, bool finish)
{
	int i;

	if (a == NULL)
		return;
	pthread_mutex_lock(&a->mu);
	a->quit = true;
	a->drain = finish;
	if (!finish) {
		for (i = 0; i < a->nq; i++)
			free(a->qtext[i]);
		a->nq = 0;
		a->stop = true;
		a->busy = false;
	}
	pthread_cond_signal(&a->cv);
	pthread_mutex_unlock(&a->mu);
	if (finish) {
		/* Let the last words end, but not forever. */
		for (i = 0; i < AUDIO_RUN_FINISH_S * 10; i++) {
			struct timespec d = { 0, 100000000 };

			pthread_mutex_lock(&a->mu);
			if (a->ended || (!a->busy && a->nq == 0)) {
				pthread_mutex_unlock(&a->mu);
				break;
			}
			pthread_mutex_unlock(&a->mu);
			nanosleep(&d, NULL);
		}
		pthread_mutex_lock(&a->mu);
		a->drain = false;
		pthread_cond_signal(&a->cv);
		pthread_mutex_unlock(&a->mu);
	}
	pthread_join(a->thread, NULL);
	audio_mix_clear(&a->mix);
	for (i = 0; i < a->nclips; i++) {
		free(a->clips[i].text);
		free(a->clips[i].s);
	}
	free(a->clips);
	for (i = 0; i < a->nq; i++)
		free(a->qtext[i]);
	audio_object_close(a->dev);
	audio_object_destroy(a->dev);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->cv);
	free(a);
}

/* The WAV sink -------------------------------------------------------- */

/* What the file holds, for the line that says it was written. */
static const char *
audio_run_what(const struct audio_opts *o)
{
	if (o->speech && o->tones)
		return "speech and tones";
	if (o->speech)
		return "speech";
	if (o->tones)
		return "tones";
	return "silence";
}

int
pmr_run_audio(struct app *app)
{
	struct audio_opts   o = audio_run_opts(app, true);
	struct audio_event *ev = NULL;
	struct pmr          p;
	const char         *id = app->routine != NULL ? app->routine :
	    AUDIO_RUN_ROUTINE;
	const struct pmr_routine *r;
	unsigned char      *bytes = NULL;
	int16_t            *s = NULL;
	size_t              ns = 0, nb = 0;
	char               *cause = NULL, len[16], sched[16];
	long long           total;
	int                 n, rc;

	if ((r = plan_routine(&app->plan, id)) == NULL) {
		char *ids = plan_routine_ids(&app->plan);

		app_warn("no relaxation routine '%s' (the plan has: %s)", id,
		    ids);
		free(ids);
		return EX_USAGE;
	}
	if (pmr_init(&p, &app->plan.pmr, r, app->tense, app->release,
	    app->settle) != 0) {
		app_warn("the relaxation routine '%s' cannot be run", id);
		return EX_DATAERR;
	}
	if (o.speech && audio_run_espeak(&app->plan.pmr, &cause) != 0) {
		app_warn("speech is unavailable: %s", cause);
		free(cause);
		return EX_UNAVAILABLE;
	}
	total = pmr_total_ms(&p);
	n = audio_timeline(&p, &o, &ev);
	rc = audio_render(ev, n, total, AUDIO_RATE, audio_run_synth, NULL, &s,
	    &ns, &cause);
	free(ev);
	audio_run_espeak_end();
	if (rc != 0) {
		app_warn("%s", cause);
		free(cause);
		return EX_SOFTWARE;
	}
	if (wav_encode(s, ns, AUDIO_RATE, &bytes, &nb) != 0) {
		free(s);
		app_warn("%s: the session is too long for a WAV file",
		    app->audio_file);
		return EX_DATAERR;
	}
	free(s);
	rc = fileio_replace(app->audio_file, bytes, nb, 0644, &cause);
	free(bytes);
	if (rc != 0) {
		app_warn("%s", cause);
		free(cause);
		return rc;
	}
	wd_duration((int)(audio_ms(ns, AUDIO_RATE) / 1000), len, sizeof len);
	wd_duration((int)(total / 1000), sched, sizeof sched);
	/* Longer than the session only when a closing sound is longer than
	 * the whole session. */
	if (audio_ms(ns, AUDIO_RATE) > total)
		printf("Wrote %s: %s of %s for \"%s\" (the session's %s, "
		    "then %.1f s to the end of the last sound).\n",
		    app->audio_file, len, audio_run_what(&o), r->title, sched,
		    (double)(audio_ms(ns, AUDIO_RATE) - total) / 1000);
	else
		printf("Wrote %s: %s of %s for \"%s\", as long as the "
		    "session.\n", app->audio_file, len, audio_run_what(&o),
		    r->title);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		app_warn("standard output: %s", strerror(errno));
		return EX_IOERR;
	}
	return 0;
}
