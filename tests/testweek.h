/* The week the review, report and export suites share (testweek.c). */
#ifndef WINDDOWN_TESTWEEK_H
#define WINDDOWN_TESTWEEK_H

#include "winddown/journal.h"
#include "winddown/plan.h"
#include "winddown/state.h"

/* The indexes of the plan's trigger rules. */
enum { R_CAFFEINE, R_WORKOUT, R_BEDTIME, R_STRESS };

extern struct trigger_rule rules[];
extern struct plan         plan;
extern struct state        st;
extern int                 start; /* Monday 2024-03-04 */

/* The fixture: a fresh state with the week started; and its end, which
 * also puts the C locale back. */
void setup(void);
void teardown(void);
/* The journal of night i of the week (0-based), created. */
struct kvlist *night(int i);

#endif
