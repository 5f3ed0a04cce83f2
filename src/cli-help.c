/* --help and --version. */
#include "app.h"

#include <stdio.h>

static const char usage_text[] =
"Usage: winddown [OPTION]... [COMMAND [ARG]...]\n"
"A coach for a seven-day plan to calm the leg twitches that jolt you\n"
"awake as you fall asleep. With no command, opens the coach.\n"
"\n"
"Commands:\n"
"  status                  print today's task and checklist\n"
"  done [N]...             tick today's steps N (all when none given)\n"
"  undo N...               untick today's steps N\n"
"  restart [--yes]         archive this week and start a new one today\n"
"  set                     print the settings, NAME=VALUE a line\n"
"  set bedtime HH:MM       set the target bedtime (default 22:30)\n"
"  set rollover H          hour a day ends next morning (default 4)\n"
"  set bell on|off         ring at relaxation phase changes\n"
"  set speech on|off       speak relaxation cues (default off)\n"
"  set tones on|off        soft tones at relaxation phase changes\n"
"  set notify-command CMD  send reminders through CMD (\"\" for desktop)\n"
"  pmr                     guided progressive muscle relaxation\n"
"  journal                 open the coach on the journal form\n"
"  log FIELD=VALUE...      record last night's journal entry\n"
"  flags [ID=yes|no]...    answer the red-flag questions\n"
"  review                  print the week's review\n"
"  weeks                   list every week, the first as 1\n"
"  export                  print every journal night (CSV or JSON)\n"
"  next                    print the next thing ahead tonight\n"
"  remind install|remove   reminders at tonight's times (systemd timer)\n"
"  remind status|fire      what is installed; send the reminder due\n"
"  log --fields            list the journal's fields and their values\n"
"  plan check [DIR|FILE]...  check plan files and report errors\n"
"\n"
"Options:\n"
"  --plan-dir DIR          read the plan from DIR\n"
"  --state FILE            keep progress in FILE\n"
"  --date YYYY-MM-DD|today|yesterday\n"
"                          act as if today were that date (not ahead,\n"
"                          for a command that changes anything)\n"
"  --time HH:MM            act as if the clock read HH:MM this evening\n"
"  --routine lower|full    relaxation routine (default: lower)\n"
"  --tense SEC             seconds to tense each muscle group\n"
"  --release SEC           seconds to release each muscle group\n"
"  --settle SEC            seconds of settling breath first (0-3600)\n"
"  --speak, --no-speak     relaxation: speak the cues (espeak-ng)\n"
"  --tones, --no-tones     relaxation: soft tones at phase changes\n"
"  --audio FILE            relaxation: write the session as a WAV file\n"
"  --week N                review: week N of the history (see weeks)\n"
"  --yes                   restart: archive a young week with entries\n"
"  --plain                 relaxation cues as plain lines, no screen\n"
"  --quiet                 no bell at relaxation phase changes\n"
"  --format FMT            review: text, markdown, html or json;\n"
"                          export: csv or json; next: %t %l %m %%\n"
"  -h, --help              show this help and exit\n"
"  -V, --version           show the version and exit\n"
"\n"
"The advice is not medical advice. See winddown(1) and winddown-plan(5).\n";

int
cli_help(void)
{
	fputs(usage_text, stdout);
	return fflush(stdout) != 0 || ferror(stdout) ? -1 : 0;
}

int
cli_version(void)
{
	printf("winddown %s\n", WD_VERSION);
	printf("Plan content adapted from \"Why Do My Legs Twitch Before "
	    "Falling Asleep And How To Stop It\" by Olivia Scott.\n"
	    "Not medical advice.\n");
	return fflush(stdout) != 0 || ferror(stdout) ? -1 : 0;
}
