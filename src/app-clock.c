/* The moment the commands act at: the clock, or the evening of --date,
 * at the clock's time of day or at --time. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "app.h"

#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "winddown/day.h"
#include "winddown/remind.h"

int
app_set_clock(struct app *app, const char *hhmm)
{
	struct tm tm;
	time_t    now = (time_t)app->now;
	int       minute, date, y, m, d;

	memset(&tm, 0, sizeof tm);
	if (localtime_r(&now, &tm) == NULL)
		memset(&tm, 0, sizeof tm);
	minute = tm.tm_hour * 60 + tm.tm_min;
	if (hhmm == NULL && app->date == 0) {
		app->local = remind_time(day_from_ymd(tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday), minute);
		return 0;
	}
	if (hhmm != NULL && (minute = hhmm_parse(hhmm)) < 0) {
		app_warn("'%s' is not a time (use HH:MM, 00:00-23:59)", hhmm);
		return EX_USAGE;
	}
	/* On the evening of today: before the rollover, the next morning. */
	date = app->today + (minute < app->st.settings.rollover * 60);
	app->local = remind_time(date, minute);
	if (hhmm == NULL)
		return 0;
	day_to_ymd(date, &y, &m, &d);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = minute / 60;
	tm.tm_min = minute % 60;
	tm.tm_isdst = -1;
	if ((now = mktime(&tm)) != (time_t)-1)
		app->now = (long long)now;
	return 0;
}
