/* The floor for command wall time: a bare C process that prints one
 * line and exits. Built by tests/bench/run.sh with the same compiler as
 * winddown; what exec, the C library's start-up and one write cost. */
#include <stdio.h>

int
main(void)
{
	puts("Day 1 of 7, no caffeine after 2 p.m.");
	return 0;
}
