/* The benchmark's measuring harness: runs a program and reports figures,
 * one line per run, for tests/bench/run.sh to summarise.
 *
 *   harness ttff RUNS MARKER -- CMD...
 *	Time to first frame: start CMD on a fresh pseudo-terminal of 80x24
 *	(its own session, the slave as controlling terminal) and read the
 *	master until MARKER appears. Prints the milliseconds from just
 *	before fork() to the read that completed MARKER, one line a run.
 *
 *   harness run RUNS [-a A -b B] -- CMD...
 *	Wall time and peak RSS: run CMD RUNS times, stdin and stdout on
 *	/dev/null, and print "MS MAXRSS_KIB" a run (wait4's ru_maxrss).
 *	With -a and -b, an argument that is exactly "%" becomes A on even
 *	runs and B on odd ones (tick / untick). A failing run is fatal.
 *
 *   harness idle SECONDS MARKER [-s STRACE_OUT] -- CMD...
 *	Idle cost: start CMD on an 80x24 pseudo-terminal, wait for MARKER,
 *	let it settle, then watch it for SECONDS: CPU time from
 *	/proc/PID/schedstat (else /proc/PID/stat), and voluntary and
 *	involuntary context switches from /proc/PID/status (a voluntary
 *	switch is the process going to sleep: one per wake-up). With -s,
 *	strace -ttt -T is attached for the window and writes STRACE_OUT.
 *	Prints "slice K s S cpu_ms X vcs N nvcs N" every 10 s of the
 *	window, then "cpu_ms X vcs N nvcs N rt_start T rt_end T window_s S"
 *	for the whole window.
 *	Then ends CMD with SIGTERM (SIGKILL after 5 s).
 *
 *   harness tick COUNT
 *	The timer reference: print a line at start and then one at each
 *	whole second after it, COUNT in all after the first, sleeping with
 *	clock_nanosleep(TIMER_ABSTIME) on CLOCK_MONOTONIC; what a timer can
 *	do on this machine, measured like winddown's cues.
 *
 *   harness atomic FILE
 *	The save reference: write FILE's bytes to a temporary file beside
 *	it, fsync, rename over FILE, fsync the directory; the least a
 *	durable atomic save costs.
 *
 *   harness lines MAXSECONDS -- CMD...
 *	Timestamps: run CMD with stdin on /dev/null and stdout on a pipe;
 *	print "MS<TAB>LINE" for every line, MS the CLOCK_MONOTONIC time of
 *	the read that brought the line's end, from the start.
 *
 * Exit status 0, or 1 on any failure (with a message on stderr). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define BUF_MAX (1 << 20)
#define IDLE_SLICE_S 10 /* idle: a figure every this many seconds */

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double
real_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
die(const char *what)
{
	fprintf(stderr, "harness: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void
usage(void)
{
	fprintf(stderr, "usage: harness ttff|run|idle|lines|tick|atomic ...\n");
	exit(1);
}

/* The argument after "--". */
static char **
after_dashes(int argc, char **argv, int from)
{
	int i;

	for (i = from; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			if (i + 1 >= argc)
				usage();
			return argv + i + 1;
		}
	}
	usage();
	return NULL;
}

/* Fork cmd on a new pseudo-terminal of 80x24; *master receives the
 * master side. Returns the child's pid. */
static pid_t
spawn_pty(char **cmd, int *master)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	const char    *name;
	pid_t          pid;
	int            m, s;

	if ((m = posix_openpt(O_RDWR | O_NOCTTY)) < 0)
		die("posix_openpt");
	if (grantpt(m) != 0 || unlockpt(m) != 0)
		die("grantpt/unlockpt");
	if ((name = ptsname(m)) == NULL)
		die("ptsname");
	fcntl(m, F_SETFD, FD_CLOEXEC);
	if ((pid = fork()) < 0)
		die("fork");
	if (pid == 0) {
		setsid();
		if ((s = open(name, O_RDWR)) < 0)
			_exit(126);
		ioctl(s, TIOCSCTTY, 0);
		ioctl(s, TIOCSWINSZ, &ws);
		dup2(s, 0);
		dup2(s, 1);
		dup2(s, 2);
		if (s > 2)
			close(s);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	*master = m;
	return pid;
}

/* Read the master until marker shows (or the child ends, or timeout_ms
 * passes); returns the monotonic time of the read that completed it, or
 * a negative value. */
static double
wait_marker(int m, const char *marker, double timeout_ms)
{
	static char   buf[BUF_MAX + 1];
	size_t        len = 0, mlen = strlen(marker);
	double        start = now_ms(), t;
	struct pollfd pfd = { .fd = m, .events = POLLIN };
	ssize_t       r;

	for (;;) {
		t = now_ms();
		if (t - start > timeout_ms)
			return -1;
		if (poll(&pfd, 1, (int)(timeout_ms - (t - start)) + 1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (pfd.revents == 0)
			continue;
		r = read(m, buf + len, BUF_MAX - len);
		if (r <= 0)
			return -2; /* EIO: the child closed the terminal */
		t = now_ms();
		/* Search the new bytes, with the marker's length of overlap. */
		{
			size_t from = len >= mlen ? len - mlen + 1 : 0;

			len += (size_t)r;
			buf[len] = '\0';
			if (memmem(buf + from, len - from, marker, mlen) != NULL)
				return t;
		}
		if (len == BUF_MAX) {
			/* Keep the tail only. */
			memmove(buf, buf + len - mlen, mlen);
			len = mlen;
		}
	}
}

/* Read whatever the master has, waiting up to wait_ms for each read;
 * -1 when the child has closed the terminal. */
static int
drain(int m, int wait_ms)
{
	char          buf[8192];
	struct pollfd pfd = { .fd = m, .events = POLLIN };

	while (poll(&pfd, 1, wait_ms) > 0) {
		if (!(pfd.revents & POLLIN) || read(m, buf, sizeof buf) <= 0)
			return -1;
	}
	return 0;
}

/* End the child: signal, wait up to ms, then SIGKILL. */
static void
end_child(pid_t pid, int sig, int m, int ms)
{
	double start = now_ms();
	int    st;

	kill(pid, sig);
	while (now_ms() - start < ms) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return;
		if (m < 0 || drain(m, 10) != 0)
			usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

static int
cmd_ttff(int argc, char **argv)
{
	char  **cmd;
	int     runs, i, m;
	double  t0, t1;
	pid_t   pid;

	if (argc < 5)
		usage();
	runs = atoi(argv[2]);
	cmd = after_dashes(argc, argv, 4);
	for (i = 0; i < runs; i++) {
		t0 = now_ms();
		pid = spawn_pty(cmd, &m);
		t1 = wait_marker(m, argv[3], 10000);
		if (t1 < 0) {
			fprintf(stderr, "harness: '%s' did not show \"%s\" "
			    "(%s)\n", cmd[0], argv[3], t1 == -1 ? "timeout" :
			    "it closed the terminal");
			end_child(pid, SIGKILL, m, 1000);
			return 1;
		}
		printf("%.3f\n", t1 - t0);
		fflush(stdout);
		end_child(pid, SIGKILL, m, 2000);
		close(m);
	}
	return 0;
}

static int
cmd_run(int argc, char **argv)
{
	char         **cmd, **use;
	const char    *a = NULL, *b = NULL;
	int            runs, i, j, n, st, null;
	struct rusage  ru;
	double         t0, t1;
	pid_t          pid;

	if (argc < 4)
		usage();
	runs = atoi(argv[2]);
	for (i = 3; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "-a") == 0 && i + 1 < argc)
			a = argv[++i];
		else if (strcmp(argv[i], "-b") == 0 && i + 1 < argc)
			b = argv[++i];
		else
			usage();
	}
	cmd = after_dashes(argc, argv, 3);
	for (n = 0; cmd[n] != NULL; n++)
		;
	if ((use = calloc((size_t)n + 1, sizeof *use)) == NULL)
		die("calloc");
	if ((null = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0)
		die("/dev/null");
	for (i = 0; i < runs; i++) {
		for (j = 0; j < n; j++)
			use[j] = (a != NULL && strcmp(cmd[j], "%") == 0) ?
			    (char *)(i % 2 == 0 ? a : b) : cmd[j];
		t0 = now_ms();
		if ((pid = fork()) < 0)
			die("fork");
		if (pid == 0) {
			dup2(null, 0);
			dup2(null, 1);
			execvp(use[0], use);
			_exit(127);
		}
		if (wait4(pid, &st, 0, &ru) != pid)
			die("wait4");
		t1 = now_ms();
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "harness: run %d of '%s' failed "
			    "(status %d)\n", i + 1, use[0], st);
			return 1;
		}
		printf("%.3f %ld\n", t1 - t0, ru.ru_maxrss);
		fflush(stdout);
	}
	return 0;
}

/* CPU nanoseconds of pid: schedstat's run time, else utime+stime. */
static double
cpu_ms(pid_t pid)
{
	char               path[64], buf[1024], *p;
	FILE              *f;
	unsigned long long ns;
	unsigned long      ut, st;
	int                i;

	snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
	if ((f = fopen(path, "r")) != NULL) {
		if (fscanf(f, "%llu", &ns) == 1) {
			fclose(f);
			return ns / 1e6;
		}
		fclose(f);
	}
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		die(path);
	if (fgets(buf, sizeof buf, f) == NULL)
		die(path);
	fclose(f);
	/* Fields after the command's closing parenthesis; utime is 14th. */
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	p++;
	for (i = 3; i < 14 && p != NULL; i++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p, "%lu %lu", &ut, &st) != 2)
		return -1;
	return (ut + st) * 1e3 / (double)sysconf(_SC_CLK_TCK);
}

static void
ctxt(pid_t pid, long *vol, long *invol)
{
	char  path[64], line[256];
	FILE *f;

	*vol = *invol = -1;
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		die(path);
	while (fgets(line, sizeof line, f) != NULL) {
		sscanf(line, "voluntary_ctxt_switches: %ld", vol);
		sscanf(line, "nonvoluntary_ctxt_switches: %ld", invol);
	}
	fclose(f);
}

static int
cmd_idle(int argc, char **argv)
{
	char      **cmd, pidarg[32];
	const char *trace = NULL;
	int         secs, m, i;
	pid_t       pid, spid = -1;
	double      t, c0, c1, r0, r1, w0, w1, cs;
	long        v0, v1, n0, n1, vs, ns;
	int         k;

	if (argc < 5)
		usage();
	secs = atoi(argv[2]);
	for (i = 4; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
			trace = argv[++i];
		else
			usage();
	}
	cmd = after_dashes(argc, argv, 4);
	pid = spawn_pty(cmd, &m);
	if (wait_marker(m, argv[3], 10000) < 0) {
		fprintf(stderr, "harness: '%s' did not show \"%s\"\n", cmd[0],
		    argv[3]);
		end_child(pid, SIGKILL, m, 1000);
		return 1;
	}
	if (trace != NULL) {
		snprintf(pidarg, sizeof pidarg, "%d", (int)pid);
		if ((spid = fork()) < 0)
			die("fork");
		if (spid == 0) {
			int null = open("/dev/null", O_RDWR);

			dup2(null, 0);
			execlp("strace", "strace", "-qq", "-ttt", "-T", "-e",
			    "trace=poll,ppoll,select,pselect6,epoll_wait,"
			    "epoll_pwait", "-o", trace, "-p", pidarg,
			    (char *)NULL);
			_exit(127);
		}
	}
	/* Let start-up finish (and strace attach) before the window. */
	drain(m, 0);
	t = now_ms();
	while (now_ms() - t < 1000) {
		if (drain(m, 50) != 0) {
			fprintf(stderr, "harness: '%s' ended\n", cmd[0]);
			return 1;
		}
	}
	c0 = cpu_ms(pid);
	ctxt(pid, &v0, &n0);
	r0 = real_s();
	w0 = now_ms();
	cs = c0;
	vs = v0;
	ns = n0;
	for (k = 1;; k++) {
		double end = (k * IDLE_SLICE_S < secs ? k * IDLE_SLICE_S :
		    secs) * 1e3, c;
		long   v, nv;

		while ((t = now_ms()) - w0 < end) {
			struct pollfd pfd = { .fd = m, .events = POLLIN };

			/* Take the child's output as it comes; this
			 * harness's own wake-ups do not count against the
			 * child. */
			if (poll(&pfd, 1, (int)(end - (t - w0)) + 1) > 0 &&
			    drain(m, 0) != 0) {
				fprintf(stderr, "harness: '%s' ended during "
				    "the window\n", cmd[0]);
				return 1;
			}
		}
		c = cpu_ms(pid);
		ctxt(pid, &v, &nv);
		printf("slice %d s %.3f cpu_ms %.3f vcs %ld nvcs %ld\n", k,
		    (t - w0) / 1e3 - (k - 1) * IDLE_SLICE_S, c - cs, v - vs,
		    nv - ns);
		cs = c;
		vs = v;
		ns = nv;
		if (end >= secs * 1e3)
			break;
	}
	c1 = cpu_ms(pid);
	ctxt(pid, &v1, &n1);
	r1 = real_s();
	w1 = now_ms();
	if (spid > 0) {
		int st;

		kill(spid, SIGINT);
		waitpid(spid, &st, 0);
	}
	printf("cpu_ms %.3f vcs %ld nvcs %ld rt_start %.6f rt_end %.6f "
	    "window_s %.3f\n", c1 - c0, v1 - v0, n1 - n0, r0, r1,
	    (w1 - w0) / 1e3);
	fflush(stdout);
	end_child(pid, SIGTERM, m, 5000);
	close(m);
	return 0;
}

static int
cmd_lines(int argc, char **argv)
{
	static char buf[BUF_MAX];
	char      **cmd;
	int         p[2], null, st;
	size_t      len = 0, i, from;
	double      t0, t, limit;
	ssize_t     r;
	pid_t       pid;

	if (argc < 4)
		usage();
	limit = atof(argv[2]) * 1e3;
	cmd = after_dashes(argc, argv, 3);
	if (pipe(p) != 0)
		die("pipe");
	if ((null = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0)
		die("/dev/null");
	t0 = now_ms();
	if ((pid = fork()) < 0)
		die("fork");
	if (pid == 0) {
		dup2(null, 0);
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	close(p[1]);
	for (;;) {
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };
		double        left = limit - (now_ms() - t0);

		if (left <= 0) {
			fprintf(stderr, "harness: '%s' ran past %.0f s\n",
			    cmd[0], limit / 1e3);
			end_child(pid, SIGKILL, -1, 1000);
			return 1;
		}
		if (poll(&pfd, 1, (int)left + 1) <= 0)
			continue;
		r = read(p[0], buf + len, sizeof buf - len);
		t = now_ms();
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		from = 0;
		for (i = len; i < len + (size_t)r; i++) {
			if (buf[i] == '\n') {
				printf("%.3f\t%.*s\n", t - t0, (int)(i - from),
				    buf + from);
				from = i + 1;
			}
		}
		/* Keep a partial line for the next read. */
		len += (size_t)r;
		memmove(buf, buf + from, len - from);
		len -= from;
		if (len == sizeof buf)
			len = 0;
		fflush(stdout);
	}
	if (waitpid(pid, &st, 0) != pid)
		die("waitpid");
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "harness: '%s' failed (status %d)\n", cmd[0],
		    st);
		return 1;
	}
	return 0;
}

static int
cmd_tick(int argc, char **argv)
{
	struct timespec t;
	int             i, n;

	if (argc != 3)
		usage();
	n = atoi(argv[2]);
	clock_gettime(CLOCK_MONOTONIC, &t);
	for (i = 0; i <= n; i++) {
		if (i > 0) {
			t.tv_sec++;
			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
			    &t, NULL) == EINTR)
				;
		}
		printf("tick %d\n", i);
		if (fflush(stdout) != 0)
			return 1;
	}
	return 0;
}

static int
cmd_atomic(int argc, char **argv)
{
	static char buf[64 << 20];
	char        tmp[4096], dir[4096], *slash;
	ssize_t     n;
	size_t      len = 0;
	int         fd, out, dfd;

	if (argc != 3)
		usage();
	if ((fd = open(argv[2], O_RDONLY)) < 0)
		die(argv[2]);
	while ((n = read(fd, buf + len, sizeof buf - len)) > 0)
		len += (size_t)n;
	close(fd);
	snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", argv[2]);
	if ((out = mkstemp(tmp)) < 0)
		die("mkstemp");
	if (write(out, buf, len) != (ssize_t)len || fsync(out) != 0 ||
	    close(out) != 0)
		die(tmp);
	if (rename(tmp, argv[2]) != 0)
		die("rename");
	snprintf(dir, sizeof dir, "%s", argv[2]);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY)) < 0 || fsync(dfd) != 0)
		die(dir);
	close(dfd);
	return 0;
}

int
main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2)
		usage();
	if (strcmp(argv[1], "ttff") == 0)
		return cmd_ttff(argc, argv);
	if (strcmp(argv[1], "run") == 0)
		return cmd_run(argc, argv);
	if (strcmp(argv[1], "idle") == 0)
		return cmd_idle(argc, argv);
	if (strcmp(argv[1], "lines") == 0)
		return cmd_lines(argc, argv);
	if (strcmp(argv[1], "tick") == 0)
		return cmd_tick(argc, argv);
	if (strcmp(argv[1], "atomic") == 0)
		return cmd_atomic(argc, argv);
	usage();
	return 1;
}
