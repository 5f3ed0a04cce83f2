/* Sound for relaxation sessions, on the program side: espeak-ng speech,
 * the live player on the default sound device (libpcaudio), and the
 * session written as a WAV file. The core (winddown/audio.h) decides
 * what sounds when; this file only makes and plays the samples. */
#ifndef WINDDOWN_AUDIO_RUN_H
#define WINDDOWN_AUDIO_RUN_H

#include <stdbool.h>

#include "winddown/audio.h"
#include "winddown/pmr.h"

struct app;
struct audio_live;

/* The sounds a session of app plays: --speak/--no-speak and
 * --tones/--no-tones, else the settings; with file, speech is on unless
 * --no-speak. */
struct audio_opts audio_run_opts(const struct app *, bool file);

/* Open the default sound device and start the player thread, speaking
 * with the plan's voice, rate and pitch. NULL with *why (one line) when
 * there is no device, no sound server or no speech; never blocks long. */
struct audio_live *audio_live_open(const struct pmr_plan *,
    const struct audio_opts *, char **why);
/* The phase p is now in has just begun: play its sounds. Returns at once;
 * speech is made and played by the player thread. */
void audio_live_phase(struct audio_live *, const struct pmr *p);
/* Stop every sound now (on pause; the next phase speaks again). */
void audio_live_stop(struct audio_live *);
/* Speech or tones on or off from now on. Returns 0, or -1 with *why
 * when speech cannot start. */
int  audio_live_set(struct audio_live *, const struct audio_opts *,
    char **why);
const struct audio_opts *audio_live_opts(const struct audio_live *);
/* End the player. With finish, let what plays end first (at most
 * a few seconds); else stop at once. NULL is fine. */
void audio_live_close(struct audio_live *, bool finish);

/* `winddown pmr --audio FILE`: the whole session as a WAV file, saved
 * atomically. Returns 0 or an EX_* code after a one-line message. */
int  pmr_run_audio(struct app *);

#endif
