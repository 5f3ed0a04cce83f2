/* Calendar arithmetic for the week plan. Every function is given the time;
 * nothing here reads the clock. A date is a day number: days since
 * 1970-01-01 in the proleptic Gregorian calendar, independent of time
 * zones. */
#ifndef WINDDOWN_DAY_H
#define WINDDOWN_DAY_H

#include <time.h>

#define DAY_ROLLOVER_DEFAULT 4 /* a day lasts until 04:00 next morning */
#define DAY_ROLLOVER_MAX     12

enum day_status {
	DAY_DONE,    /* every step ticked */
	DAY_PARTLY,  /* some steps ticked */
	DAY_MISSED,  /* in the past, nothing ticked */
	DAY_TODAY,   /* today, not complete yet */
	DAY_TO_COME, /* in the future */
};

int  day_from_ymd(int y, int m, int d);
void day_to_ymd(int date, int *y, int *m, int *d);
/* Parse a strict "YYYY-MM-DD" (years 1970..9999); 0, or -1 if bad. */
int  day_parse(const char *s, int *out);
/* The last date a command may act on (--date): a week of up to 31 days
 * and the reminders' look ahead then end within 9999, the last year a
 * date is written with. */
#define DAY_LAST_Y 9999
#define DAY_LAST_M 11
#define DAY_LAST_D 30
#define DAY_LAST_TEXT "9999-11-30"
/* Write "YYYY-MM-DD" into out (at least 11 bytes). A date past
 * 9999-12-31 is written as 9999-12-31 and one before 0000-01-01 as
 * 0000-01-01, never wrapped to another date. */
void day_format(int date, char *out);
/* 0 = Sunday .. 6 = Saturday. */
int  day_weekday(int date);
/* The evening that local time `now` belongs to: the local calendar date,
 * or the day before when the local hour is before rollover_hour. */
int  day_evening(time_t now, int rollover_hour);
/* The night `winddown log` records by default: before DAY_EVENING_START
 * (after the rollover hour) that is last night, the day before; from
 * then on, and until the rollover hour, the evening in progress. */
#define DAY_EVENING_START 18
int  day_journal_night(time_t now, int rollover_hour);
/* The plan day number of `today` in a week that began on `start` (1 on
 * the start day). Less than 1 when the clock reads before the start. */
int  day_number(int start, int today);
/* The status of plan day `number` when today is plan day `today_number`,
 * with `ticked` of `total` steps done. */
enum day_status day_status(int number, int today_number, int ticked,
    int total);

#endif
