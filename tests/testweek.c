/* The week the review, report and export suites share: a seven-day plan
 * with every kind of journal field, four trigger rules and three red
 * flags, and a state whose week starts on Monday 2024-03-04. */
#include "testweek.h"

#include <locale.h>

#include "winddown/day.h"
#include "winddown/util.h"

static char *intensities[] = { "light", "moderate", "vigorous" };

static struct journal_field fields[] = {
	{ .name = "twitches", .type = FIELD_COUNT, .prompt = "Twitches",
	  .min = 0, .max = 100 },
	{ .name = "quality", .type = FIELD_SCALE, .prompt = "Quality",
	  .min = 1, .max = 5 },
	{ .name = "bedtime", .type = FIELD_TIME, .prompt = "Bedtime" },
	{ .name = "caffeine", .type = FIELD_TIME, .prompt = "Last caffeine",
	  .none = true },
	{ .name = "exercise", .type = FIELD_TIME, .prompt = "Exercise",
	  .none = true },
	{ .name = "intensity", .type = FIELD_CHOICE, .prompt = "Intensity",
	  .choices = intensities, .nchoices = 3 },
	{ .name = "stress", .type = FIELD_SCALE, .prompt = "Stress",
	  .min = 1, .max = 5 },
	{ .name = "lights_out", .type = FIELD_TIME, .prompt = "Lights out",
	  .diary = true },
	{ .name = "latency", .type = FIELD_COUNT, .prompt = "Minutes to sleep",
	  .min = 0, .max = 600, .diary = true },
	{ .name = "waso", .type = FIELD_COUNT, .prompt = "Minutes awake",
	  .min = 0, .max = 600, .diary = true },
	{ .name = "wake", .type = FIELD_TIME, .prompt = "Woke", .diary = true },
	{ .name = "out_of_bed", .type = FIELD_TIME, .prompt = "Got up",
	  .diary = true },
	{ .name = "note", .type = FIELD_TEXT, .prompt = "Note", .max = 200 },
};

struct trigger_rule rules[] = {
	{ .id = "late-caffeine", .label = "Caffeine after 14:00",
	  .field = "caffeine", .op = TRIG_AFTER, .value = 14 * 60 },
	{ .id = "late-workout", .label = "Vigorous exercise within three "
	  "hours of bedtime", .field = "exercise", .op = TRIG_WITHIN_BEFORE,
	  .value = 180, .ref = "bedtime", .if_field = "intensity",
	  .if_value = "vigorous" },
	{ .id = "irregular-bedtime", .label = "Bedtime an hour or more off "
	  "the usual", .field = "bedtime", .op = TRIG_OFF_MEDIAN,
	  .value = 60 },
	{ .id = "high-stress", .label = "Stress 4 or more",
	  .field = "stress", .op = TRIG_AT_LEAST, .value = 4 },
};

static struct plan_flag flags[] = {
	{ .id = "painful", .question = "Are the leg movements painful?" },
	{ .id = "urge", .question = "Do you feel an irresistible urge to "
	  "move your legs, easing only when you move them?" },
	{ .id = "rhythmic", .question = "Do the movements come rhythmically, "
	  "again and again through the night?" },
};

#define STEPS2 { "Step one", "Step two" }
static struct plan_day days[] = {
	{ .number = 1, .id = "caffeine", .title = "No caffeine after 2 pm",
	  .steps = STEPS2, .nsteps = 2 },
	{ .number = 2, .id = "alcohol", .title = "Keep alcohol away from bed",
	  .steps = { "One", "Two", "Three" }, .nsteps = 3 },
	{ .number = 3, .id = "exercise", .title = "Move earlier in the day",
	  .steps = STEPS2, .nsteps = 2 },
	{ .number = 4, .id = "magnesium", .title = "Magnesium-rich food",
	  .steps = STEPS2, .nsteps = 2 },
	{ .number = 5, .id = "pmr", .title = "Progressive muscle "
	  "relaxation for the legs, with a long title that will not fit",
	  .steps = STEPS2, .nsteps = 2 },
	{ .number = 6, .id = "routine", .title = "A regular bedtime",
	  .steps = STEPS2, .nsteps = 2 },
	{ .number = 7, .id = "review", .title = "Look back",
	  .steps = { "Review" }, .nsteps = 1 },
};

struct plan plan = {
	.id = "seven-day",
	.title = "Seven calmer nights",
	.source_title = "Why Do My Legs Twitch Before Falling Asleep And How "
	    "To Stop It",
	.source_author = "Olivia Scott",
	.disclaimer = "This plan is general information, not a diagnosis.",
	.days = days,
	.ndays = 7,
	.flags = flags,
	.nflags = 3,
	.doctor_advice = "Talk to a doctor: these can be signs of restless "
	    "legs syndrome or periodic limb movement disorder.",
	.doctor_tell = "Bring this diary.",
	.fields = fields,
	.nfields = (int)WD_NELEM(fields),
	.rules = rules,
	.nrules = (int)WD_NELEM(rules),
};

struct state st;
int          start; /* Monday 2024-03-04 */

void
setup(void)
{
	state_init(&st);
	start = day_from_ymd(2024, 3, 4);
	state_start_week(&st, start, "seven-day");
}

void
teardown(void)
{
	state_free(&st);
	setlocale(LC_ALL, "C");
}

struct kvlist *
night(int i)
{
	return &state_night_get(&st, start + i)->kv;
}
