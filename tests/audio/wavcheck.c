/* Check a session's WAV file against its schedule, independently of the
 * program: the plan is loaded and the timeline computed here, the file
 * decoded, and for every spoken cue the first sound at or after its
 * time found (the 100 ms before it must be silent, so a late cue cannot
 * hide in the one before it).
 *
 *	wavcheck FILE PLANDIR ROUTINE TENSE RELEASE SETTLE SPEECH TONES
 *
 * TENSE, RELEASE, SETTLE: seconds, or -1 for the plan's; SPEECH, TONES:
 * 0 or 1. Prints "length_ms planned_ms worst_onset_ms cues" and exits 0,
 * or 1 with a message when the file is not a WAV or a cue is missing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winddown/audio.h"
#include "winddown/plan.h"
#include "winddown/pmr.h"
#include "winddown/wav.h"

#define SILENT   100 /* |sample| below this is silence */
#define QUIET_MS 100 /* before each cue */
#define LATE_MS  2000
#define CLOSING_MS 12000 /* the finish cue ends the file */

int
main(int argc, char **argv)
{
	struct plan         plan;
	struct pmr          p;
	struct audio_opts   o;
	struct audio_event *ev;
	struct wav          w;
	const struct pmr_routine *r;
	FILE               *f;
	unsigned char      *d = NULL;
	size_t              len = 0, cap = 0, at, k, q;
	long long           worst = 0, off;
	char               *cause = NULL;
	int                 n, i, cues = 0;

	if (argc != 9) {
		fprintf(stderr, "usage: wavcheck FILE PLANDIR ROUTINE TENSE "
		    "RELEASE SETTLE SPEECH TONES\n");
		return 2;
	}
	if ((f = fopen(argv[1], "rb")) == NULL) {
		perror(argv[1]);
		return 1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap > 0 ? cap * 2 : 1 << 20;
			if ((d = realloc(d, cap)) == NULL)
				return 1;
		}
		k = fread(d + len, 1, cap - len, f);
		if (k == 0)
			break;
		len += k;
	}
	fclose(f);
	if (wav_decode(d, len, &w, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", argv[1], cause);
		return 1;
	}
	free(d);
	if (plan_load(&plan, argv[2], NULL, &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		return 1;
	}
	if ((r = plan_routine(&plan, argv[3])) == NULL ||
	    pmr_init(&p, &plan.pmr, r, atoi(argv[4]), atoi(argv[5]),
	    atoi(argv[6])) != 0) {
		fprintf(stderr, "cannot run routine %s\n", argv[3]);
		return 1;
	}
	o.speech = atoi(argv[7]) != 0;
	o.tones = atoi(argv[8]) != 0;
	n = audio_timeline(&p, &o, &ev);
	for (i = 0; i < n; i++) {
		if (!audio_is_speech(ev[i].kind))
			continue;
		cues++;
		if (ev[i].at_ms >= pmr_total_ms(&p)) {
			/* The closing words end with the session: sound in
			 * its last CLOSING_MS. */
			at = audio_samples(pmr_total_ms(&p) - CLOSING_MS,
			    w.rate);
			for (k = at; k < w.nsamples &&
			    abs(w.samples[k]) < SILENT; k++)
				/* nothing */;
			if (k >= w.nsamples) {
				fprintf(stderr, "no closing words in the last "
				    "%d ms\n", CLOSING_MS);
				return 1;
			}
			continue;
		}
		at = audio_samples(ev[i].at_ms, w.rate);
		q = audio_samples(QUIET_MS, w.rate);
		for (k = at > q ? at - q : 0; k < at && k < w.nsamples; k++) {
			if (abs(w.samples[k]) >= SILENT) {
				fprintf(stderr, "sound %lld ms before the cue at "
				    "%lld ms (\"%s\")\n", audio_ms(at - k,
				    w.rate), ev[i].at_ms, ev[i].text);
				return 1;
			}
		}
		for (k = at; k < w.nsamples && abs(w.samples[k]) < SILENT; k++)
			/* nothing */;
		off = audio_ms(k - at, w.rate);
		if (k >= w.nsamples || off > LATE_MS) {
			fprintf(stderr, "no sound for the cue at %lld ms "
			    "(\"%s\")\n", ev[i].at_ms, ev[i].text);
			return 1;
		}
		if (off > worst)
			worst = off;
	}
	printf("%lld %lld %lld %d\n", audio_ms(w.nsamples, w.rate),
	    pmr_total_ms(&p), worst, cues);
	free(ev);
	wav_free(&w);
	plan_free(&plan);
	return 0;
}
