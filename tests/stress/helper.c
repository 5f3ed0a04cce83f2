/* A small helper for tests/stress/run.sh, compiled into a temporary
 * directory by the script (never into the tree).
 *
 *   helper kill SEED MAXUS CMD [ARG]...
 *       Run CMD (stdin, stdout and stderr on /dev/null), wait a random
 *       0..MAXUS microseconds, then SIGKILL it unless it has already
 *       exited. Prints "killed DELAY" when the kill landed while it ran,
 *       or "exit RC DELAY" when it had finished (and reported RC) first.
 *   helper time CMD [ARG]...
 *       Run CMD and print "RC MICROSECONDS".
 *   helper pidkill SEED MAXUS PID
 *       Wait a random 0..MAXUS microseconds and SIGKILL PID. Prints
 *       "killed DELAY", or "gone" when PID was no longer there.
 *   helper json < FILE
 *       Exit 0 when stdin is one valid JSON value, else 1 with a message.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static unsigned long long rng;

static unsigned long long
next_random(void)
{
	/* splitmix64: good enough spread from a small seed. */
	unsigned long long z = (rng += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
sleep_us(long long us)
{
	struct timespec ts = { (time_t)(us / 1000000),
		(long)(us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static pid_t
spawn(char **argv, int quiet)
{
	pid_t pid = fork();

	if (pid == -1) {
		perror("helper: fork");
		exit(2);
	}
	if (pid == 0) {
		if (quiet) {
			int fd = open("/dev/null", O_RDWR);

			if (fd >= 0) {
				dup2(fd, 0);
				dup2(fd, 1);
				dup2(fd, 2);
				if (fd > 2)
					close(fd);
			}
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static int
cmd_kill(int argc, char **argv)
{
	long long maxus, delay;
	siginfo_t si;
	pid_t     pid;
	int       status;

	if (argc < 5)
		return 2;
	rng = strtoull(argv[2], NULL, 10);
	maxus = strtoll(argv[3], NULL, 10);
	delay = maxus > 0 ? (long long)(next_random() %
	    (unsigned long long)(maxus + 1)) : 0;
	pid = spawn(argv + 4, 1);
	if (delay > 0)
		sleep_us(delay);
	/* Has it exited already? Look without reaping. */
	memset(&si, 0, sizeof si);
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	    si.si_pid == pid) {
		/* Finished before the kill: it reported its result. */
	} else
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		printf("killed %lld\n", delay);
	else if (WIFEXITED(status))
		printf("exit %d %lld\n", WEXITSTATUS(status), delay);
	else
		printf("signal %d %lld\n", WTERMSIG(status), delay);
	return 0;
}

static int
cmd_time(int argc, char **argv)
{
	long long t0;
	pid_t     pid;
	int       status;

	if (argc < 3)
		return 2;
	t0 = now_us();
	pid = spawn(argv + 2, 1);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	printf("%d %lld\n", WIFEXITED(status) ? WEXITSTATUS(status) :
	    128 + WTERMSIG(status), now_us() - t0);
	return 0;
}

static int
cmd_pidkill(int argc, char **argv)
{
	long long maxus, delay;
	pid_t     pid;

	if (argc < 5)
		return 2;
	rng = strtoull(argv[2], NULL, 10);
	maxus = strtoll(argv[3], NULL, 10);
	pid = (pid_t)strtol(argv[4], NULL, 10);
	delay = maxus > 0 ? (long long)(next_random() %
	    (unsigned long long)(maxus + 1)) : 0;
	if (delay > 0)
		sleep_us(delay);
	if (pid > 1 && kill(pid, SIGKILL) == 0)
		printf("killed %lld\n", delay);
	else
		printf("gone\n");
	return 0;
}

/* A strict recursive-descent JSON checker. */
static const char *js, *jend;
static const char *jerr;

static void
ws(void)
{
	while (js < jend && (*js == ' ' || *js == '\t' || *js == '\n' ||
	    *js == '\r'))
		js++;
}

static int value(int depth);

static int
string(void)
{
	if (js >= jend || *js != '"')
		return jerr = "expected a string", -1;
	js++;
	while (js < jend && *js != '"') {
		unsigned char c = (unsigned char)*js;

		if (c < 0x20)
			return jerr = "control character in a string", -1;
		if (c == '\\') {
			js++;
			if (js >= jend)
				break;
			if (*js == 'u') {
				int i;

				for (i = 1; i <= 4; i++) {
					if (js + i >= jend || strchr(
					    "0123456789abcdefABCDEF", js[i]) ==
					    NULL || js[i] == '\0')
						return jerr = "bad \\u escape",
						    -1;
				}
				js += 4;
			} else if (strchr("\"\\/bfnrt", *js) == NULL ||
			    *js == '\0')
				return jerr = "bad escape", -1;
		}
		js++;
	}
	if (js >= jend)
		return jerr = "unterminated string", -1;
	js++;
	return 0;
}

static int
number(void)
{
	const char *s = js;

	if (js < jend && *js == '-')
		js++;
	if (js < jend && *js == '0')
		js++;
	else if (js < jend && *js >= '1' && *js <= '9') {
		while (js < jend && *js >= '0' && *js <= '9')
			js++;
	} else
		return jerr = "bad number", -1;
	if (js < jend && *js == '.') {
		js++;
		if (js >= jend || *js < '0' || *js > '9')
			return jerr = "bad fraction", -1;
		while (js < jend && *js >= '0' && *js <= '9')
			js++;
	}
	if (js < jend && (*js == 'e' || *js == 'E')) {
		js++;
		if (js < jend && (*js == '+' || *js == '-'))
			js++;
		if (js >= jend || *js < '0' || *js > '9')
			return jerr = "bad exponent", -1;
		while (js < jend && *js >= '0' && *js <= '9')
			js++;
	}
	return js > s ? 0 : -1;
}

static int
word(const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(jend - js) < n || memcmp(js, w, n) != 0)
		return jerr = "unexpected word", -1;
	js += n;
	return 0;
}

static int
value(int depth)
{
	if (depth > 200)
		return jerr = "nested too deeply", -1;
	ws();
	if (js >= jend)
		return jerr = "unexpected end", -1;
	switch (*js) {
	case '{':
		js++;
		ws();
		if (js < jend && *js == '}')
			return js++, 0;
		for (;;) {
			ws();
			if (string() < 0)
				return -1;
			ws();
			if (js >= jend || *js != ':')
				return jerr = "expected ':'", -1;
			js++;
			if (value(depth + 1) < 0)
				return -1;
			ws();
			if (js < jend && *js == ',') {
				js++;
				continue;
			}
			if (js < jend && *js == '}')
				return js++, 0;
			return jerr = "expected ',' or '}'", -1;
		}
	case '[':
		js++;
		ws();
		if (js < jend && *js == ']')
			return js++, 0;
		for (;;) {
			if (value(depth + 1) < 0)
				return -1;
			ws();
			if (js < jend && *js == ',') {
				js++;
				continue;
			}
			if (js < jend && *js == ']')
				return js++, 0;
			return jerr = "expected ',' or ']'", -1;
		}
	case '"':
		return string();
	case 't':
		return word("true");
	case 'f':
		return word("false");
	case 'n':
		return word("null");
	default:
		return number();
	}
}

static int
cmd_json(void)
{
	static char buf[16 * 1024 * 1024];
	const char *start = buf;
	size_t      n = fread(buf, 1, sizeof buf, stdin);

	js = buf;
	jend = buf + n;
	if (n == 0) {
		fprintf(stderr, "json: empty input\n");
		return 1;
	}
	if (value(0) == 0) {
		ws();
		if (js == jend)
			return 0;
		jerr = "trailing text";
	}
	fprintf(stderr, "json: %s at byte %ld\n", jerr != NULL ? jerr : "error",
	    (long)(js - start));
	return 1;
}

int
main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_DFL);
	if (argc >= 2 && strcmp(argv[1], "kill") == 0)
		return cmd_kill(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "time") == 0)
		return cmd_time(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "pidkill") == 0)
		return cmd_pidkill(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "json") == 0)
		return cmd_json();
	fprintf(stderr, "usage: helper kill|time|pidkill|json ...\n");
	return 2;
}
