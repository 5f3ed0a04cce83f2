/* Calendar arithmetic: day numbers, the evening a moment belongs to, and
 * the status of each plan day. */
#include "winddown/day.h"

#include <string.h>

/* Days since 1970-01-01 from a civil date (Howard Hinnant's algorithm). */
int
day_from_ymd(int y, int m, int d)
{
	int      era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The civil date of a day number. */
void
day_to_ymd(int date, int *y, int *m, int *d)
{
	int z = date + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int
days_in_month(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

int
day_parse(const char *s, int *out)
{
	int y = 0, m, d, i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++) {
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	}
	for (i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*out = day_from_ymd(y, m, d);
	return 0;
}

void
day_format(int date, char *out)
{
	int y, m, d;

	day_to_ymd(date, &y, &m, &d);
	if (y > 9999) {
		y = 9999; /* 10000-01-01 is not "0000-01-01" */
		m = 12;
		d = 31;
	} else if (y < 0) {
		y = 0;
		m = d = 1;
	}
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

int
day_weekday(int date)
{
	/* 1970-01-01 was a Thursday. */
	int w = (date + 4) % 7;

	return w < 0 ? w + 7 : w;
}

int
day_evening(time_t now, int rollover_hour)
{
	struct tm tm;
	int       date;

	if (localtime_r(&now, &tm) == NULL)
		return 0;
	date = day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	if (tm.tm_hour < rollover_hour)
		date--;
	return date;
}

int
day_journal_night(time_t now, int rollover_hour)
{
	struct tm tm;
	int       evening = day_evening(now, rollover_hour);

	if (localtime_r(&now, &tm) == NULL)
		return evening;
	if (tm.tm_hour >= rollover_hour && tm.tm_hour < DAY_EVENING_START)
		return evening - 1;
	return evening;
}

int
day_number(int start, int today)
{
	return today - start + 1;
}

enum day_status
day_status(int number, int today_number, int ticked, int total)
{
	if (number > today_number)
		return DAY_TO_COME;
	if (total > 0 && ticked >= total)
		return DAY_DONE;
	if (number == today_number)
		return DAY_TODAY;
	return ticked > 0 ? DAY_PARTLY : DAY_MISSED;
}
