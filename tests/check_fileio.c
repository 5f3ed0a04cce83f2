/* Files as every writer keeps them: the fileio API directly (write and
 * read back, directories made 0700, no temp file left, temp files swept,
 * a lock held by another process), then through the state's writers:
 * the lock, the directories made, and saves that fail (RLIMIT_FSIZE, a
 * read-only directory, a parent that cannot be created) leaving the
 * previous files byte-identical with no temp file. */
#include "statetest.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "winddown/day.h"
#include "winddown/fileio.h"
#include "winddown/state.h"
#include "winddown/util.h"

typedef int (*lock_fn)(const char *, int, int *, char **);

/* Fork a child that takes the lock on path with lock (fileio_lock or
 * state_lock), tells us, and releases it with unlock when we close
 * *release (or after hold_ms when that is >= 0). */
static pid_t
hold_lock(lock_fn lock, void (*unlock)(int), const char *path, int hold_ms,
    int *release)
{
	int   ready[2], go[2];
	pid_t pid;
	char  c;

	ck_assert_int_eq(pipe(ready), 0);
	ck_assert_int_eq(pipe(go), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		int fd;

		close(ready[0]);
		close(go[1]);
		if (lock(path, 0, &fd, NULL) != 0)
			_exit(2); /* the parent's read then fails */
		(void)!write(ready[1], "x", 1);
		if (hold_ms >= 0) {
			struct timespec ts = { hold_ms / 1000,
				(long)(hold_ms % 1000) * 1000000L };

			nanosleep(&ts, NULL);
		} else
			(void)!read(go[0], &c, 1);
		unlock(fd);
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	close(ready[0]);
	*release = go[1];
	return pid;
}

/* Wait for a child. Its exit status is not looked at: under valgrind a
 * forked child that exits may report the parent's heap and exit 1. What
 * a child found is sent through a pipe instead. */
static void
reap(pid_t pid)
{
	int status;

	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(!WIFSIGNALED(status), "child killed by signal %d",
	    WTERMSIG(status));
}

/* The fileio API ----------------------------------------------------- */

/* Entries in d other than . and .. */
static int
count_entries(const char *d)
{
	DIR           *dp = opendir(d);
	struct dirent *de;
	int            n = 0;

	ck_assert_msg(dp != NULL, "%s: %s", d, strerror(errno));
	while ((de = readdir(dp)) != NULL)
		n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
	closedir(dp);
	return n;
}

/* The lowest free file descriptor. */
static int
lowest_fd(void)
{
	int fd = dup(0);

	ck_assert_int_ge(fd, 0);
	close(fd);
	return fd;
}

/* No file descriptor is left open by a write, a failed write, a link
 * followed, a directory made, the lock, or a whole state update. */
START_TEST(test_no_fd_left)
{
	struct change c = { .day = 1, .step = 1 };
	char         *f = xasprintf("%s/new/out.cfg", dir), *cause = NULL;
	char         *l = xasprintf("%s/link.cfg", dir);
	int           before = lowest_fd(), fd = -1;

	ck_assert_int_eq(fileio_write_atomic(f, "one\n", 4, 0600, &cause), 0);
	ck_assert_int_eq(symlink(f, l), 0);
	ck_assert_int_eq(fileio_write_atomic(l, "two\n", 4, 0640, &cause), 0);
	ck_assert_int_eq(fileio_write_atomic(dir, "x", 1, 0600, &cause),
	    EX_IOERR);
	ck_assert_int_eq(fileio_lock(f, 100, &fd, &cause), 0);
	fileio_unlock(fd);
	ck_assert_int_eq(state_update(spath, 1000, tick_change, &c, NULL,
	    &cause), 0);
	ck_assert_int_eq(lowest_fd(), before);
	free(cause);
	free(f);
	free(l);
}
END_TEST

/* What is written reads back the same, NUL bytes and all; a shorter
 * replacement leaves nothing of the longer one; the mode is as given;
 * a read over the limit or of a missing file fails, unless optional. */
START_TEST(test_write_read_back)
{
	static const char data[] = "version = 2;\n\0binary \xff\x01 tail";
	char       *f = xasprintf("%s/out.bin", dir), *cause = NULL, *text;
	char       *none = xasprintf("%s/none", dir);
	char       *under = xasprintf("%s/out.bin/under", dir);
	size_t      len;
	struct stat sb;

	ck_assert_int_eq(fileio_write_atomic(f, data, sizeof data, 0600,
	    &cause), 0);
	ck_assert_ptr_null(cause);
	ck_assert_int_eq(fileio_read(f, sizeof data, &text, &len, &cause), 0);
	ck_assert_uint_eq(len, sizeof data);
	ck_assert_mem_eq(text, data, sizeof data);
	ck_assert_int_eq(text[len], '\0');
	free(text);
	ck_assert_int_eq(stat(f, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	/* Replaced by something shorter, with another mode. */
	ck_assert_int_eq(fileio_write_atomic(f, "short", 5, 0644, &cause), 0);
	ck_assert_int_eq(fileio_read_optional(f, 5, &text, &len, &cause), 0);
	ck_assert_uint_eq(len, 5);
	ck_assert_str_eq(text, "short");
	free(text);
	ck_assert_int_eq(stat(f, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0644);
	/* Over the limit. */
	ck_assert_int_eq(fileio_read(f, 4, &text, &len, &cause), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(cause, "file is too large"));
	/* Nothing at all is an empty file. */
	ck_assert_int_eq(fileio_write_atomic(f, "", 0, 0600, &cause), 0);
	ck_assert_int_eq(fileio_read(f, 0, &text, &len, &cause), 0);
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(text, "");
	free(text);
	/* Missing: an error, or nothing when optional. */
	ck_assert_int_eq(fileio_read(none, 10, &text, &len, &cause),
	    EX_NOINPUT);
	ck_assert_ptr_nonnull(strstr(cause, "No such file or directory"));
	text = f;
	len = 1;
	ck_assert_int_eq(fileio_read_optional(none, 10, &text, &len, &cause),
	    0);
	ck_assert_ptr_null(text);
	ck_assert_uint_eq(len, 0);
	text = f;
	ck_assert_int_eq(fileio_read_optional(under, 10, &text, &len, &cause),
	    0);
	ck_assert_ptr_null(text);
	free(cause);
	free(f);
	free(none);
	free(under);
}
END_TEST

/* The directories above a path are made 0700, the path itself is not;
 * what is there is kept; a file in the way is an error. */
START_TEST(test_mkdirs)
{
	const char *subs[] = { "a", "a/b", "a/b/c", "d", "d/e", "w", "w/x" };
	char       *deep = xasprintf("%s/a/b/c/file", dir), *cause = NULL;
	char       *slash = xasprintf("%s/d/e/", dir);
	char       *plain = xasprintf("%s/plain", dir);
	char       *blocked = xasprintf("%s/plain/x/y", dir);
	char       *written = xasprintf("%s/w/x/out.cfg", dir), *p, *want;
	struct stat sb;
	size_t      i;

	ck_assert_int_eq(fileio_mkdirs(deep, &cause), 0);
	ck_assert(!exists(deep));
	ck_assert_int_eq(fileio_mkdirs(deep, &cause), 0); /* again */
	ck_assert_int_eq(fileio_mkdirs(slash, &cause), 0);
	ck_assert_int_eq(fileio_write_atomic(written, "x", 1, 0600, &cause),
	    0);
	ck_assert_ptr_null(cause);
	for (i = 0; i < WD_NELEM(subs); i++) {
		p = xasprintf("%s/%s", dir, subs[i]);
		ck_assert_msg(stat(p, &sb) == 0, "%s: %s", p, strerror(errno));
		ck_assert(S_ISDIR(sb.st_mode));
		ck_assert_int_eq(sb.st_mode & 0777, 0700);
		free(p);
	}
	spew_text(plain, "not a directory\n");
	ck_assert_int_eq(fileio_mkdirs(blocked, &cause), EX_CANTCREAT);
	want = xasprintf("%s: exists and is not a directory", plain);
	ck_assert_str_eq(cause, want);
	ck_assert_int_eq(fileio_write_atomic(blocked, "x", 1, 0600, &cause),
	    EX_CANTCREAT);
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);
	free(deep);
	free(slash);
	free(plain);
	free(blocked);
	free(written);
}
END_TEST

/* A write leaves the target and nothing beside it; so does a rename
 * that fails (a directory in the way), which changes nothing. */
START_TEST(test_no_temp_left)
{
	char       *f = xasprintf("%s/out.cfg", dir), *cause = NULL, *text;
	char       *d = xasprintf("%s/in-the-way", dir);
	struct stat sb;

	ck_assert_int_eq(fileio_write_atomic(f, "one\n", 4, 0600, &cause), 0);
	ck_assert_int_eq(fileio_write_atomic(f, "two\n", 4, 0600, &cause), 0);
	ck_assert_int_eq(count_temps(dir), 0);
	ck_assert_int_eq(count_entries(dir), 1);
	text = slurp(f, NULL);
	ck_assert_str_eq(text, "two\n");
	free(text);
	ck_assert_int_eq(mkdir(d, 0700), 0);
	ck_assert_int_eq(fileio_write_atomic(d, "x", 1, 0600, &cause),
	    EX_IOERR);
	printf("fileio: rename over a directory: %s\n", cause);
	ck_assert_ptr_nonnull(strstr(cause, "cannot save"));
	ck_assert_int_eq(count_temps(dir), 0);
	ck_assert_int_eq(count_entries(dir), 2);
	ck_assert_int_eq(stat(d, &sb), 0);
	ck_assert(S_ISDIR(sb.st_mode));
	ck_assert_int_eq(count_entries(d), 0);
	free(cause);
	free(f);
	free(d);
}
END_TEST

/* Temp files of path are swept beside it, every temp file from a dir;
 * names that are not a temp file of ours are kept. */
START_TEST(test_remove_temps)
{
	char *stale = xasprintf("%s.tmp.Ab3dE9", spath);
	char *notours = xasprintf("%s.tmp.short", spath);
	char *other = xasprintf("%s/other.cfg.tmp.Zz9yX8", dir);
	char *missing = xasprintf("%s/missing", dir);

	spew_text(spath, "version = 2;\n");
	spew_text(stale, "x");
	spew_text(notours, "y");
	spew_text(other, "z");
	fileio_remove_temps(spath);
	ck_assert(!exists(stale));
	ck_assert(exists(notours));
	ck_assert(exists(other));
	ck_assert(exists(spath));
	fileio_remove_temps_in(dir);
	ck_assert(!exists(other));
	ck_assert(exists(notours));
	ck_assert(exists(spath));
	fileio_remove_temps_in(missing);
	fileio_remove_temps(missing);
	free(stale);
	free(notours);
	free(other);
	free(missing);
}
END_TEST

/* A lock another process holds: fileio_lock gives up with EX_TEMPFAIL
 * after the timeout and takes it once released. The child made the
 * missing directory and a lock file 0600. */
START_TEST(test_lock_other_process)
{
	char       *f = xasprintf("%s/new/out.wav", dir), *cause = NULL, *want;
	char       *lock = xasprintf("%s/new/out.wav.lock", dir);
	int         release, fd = -1;
	pid_t       pid;
	struct stat sb;

	pid = hold_lock(fileio_lock, fileio_unlock, f, -1, &release);
	ck_assert_int_eq(stat(lock, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_eq(fileio_lock(f, 100, &fd, &cause), EX_TEMPFAIL);
	ck_assert_int_eq(fd, -1);
	want = xasprintf("%s: another winddown is saving; gave up after 0.1 s",
	    f);
	ck_assert_str_eq(cause, want);
	close(release);
	reap(pid);
	ck_assert_int_eq(fileio_lock(f, 1000, &fd, &cause), 0);
	ck_assert_int_ge(fd, 0);
	fileio_unlock(fd);
	fileio_unlock(-1);
	free(want);
	free(cause);
	free(f);
	free(lock);
}
END_TEST
/* Through the state ------------------------------------------------- */

START_TEST(test_creates_dirs)
{
	struct state a, b;
	char        *deep = xasprintf("%s/a/b/c/state.cfg", dir);
	char        *sub = xasprintf("%s/a/b", dir);
	struct stat  sb;

	fill(&a);
	save_ok(&a, deep);
	ck_assert_int_eq(stat(sub, &sb), 0);
	ck_assert(S_ISDIR(sb.st_mode));
	ck_assert_int_eq(sb.st_mode & 0777, 0700);
	load_ok(&b, deep);
	same_state(&a, &b);
	state_free(&a);
	state_free(&b);
	free(deep);
	free(sub);
}
END_TEST

/* Temp files a killed writer left are swept under the lock; other files
 * are not touched. */
START_TEST(test_update_sweeps_temps)
{
	struct change c = { .day = 2, .step = 1 };
	char         *stale = xasprintf("%s/state.cfg.tmp.Ab3dE9", dir);
	char         *keep1 = xasprintf("%s/state.cfg.tmp.notours", dir);
	char         *keep2 = xasprintf("%s/other.cfg.tmp.Ab3dE9", dir);
	char         *cause = NULL;

	spew_text(stale, "version = 1;\n");
	spew_text(keep1, "x");
	spew_text(keep2, "y");
	ck_assert_int_eq(state_update(spath, 1000, tick_change, &c, NULL,
	    &cause), 0);
	ck_assert(!exists(stale));
	ck_assert(exists(keep1));
	ck_assert(exists(keep2));
	ck_assert(exists(spath));
	free(stale);
	free(keep1);
	free(keep2);
	free(cause);
}
END_TEST

START_TEST(test_lock_conflict)
{
	char       *cause = NULL, *lock = xasprintf("%s.lock", spath);
	int         fd1 = -1, fd2 = -1, rc;
	struct stat sb;

	ck_assert_int_eq(state_lock(spath, 0, &fd1, &cause), 0);
	ck_assert_int_ge(fd1, 0);
	ck_assert_int_eq(stat(lock, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	/* A second open file description conflicts, even in one process. */
	rc = state_lock(spath, 200, &fd2, &cause);
	printf("state: second lock: %d %s\n", rc, cause);
	ck_assert_int_eq(rc, EX_TEMPFAIL);
	ck_assert_int_eq(fd2, -1);
	ck_assert_ptr_nonnull(strstr(cause, spath));
	ck_assert_ptr_nonnull(strstr(cause, "another winddown is saving"));
	/* state_update gives up the same way, calling nothing. */
	{
		struct change c = { .day = 1, .step = 1 };

		rc = state_update(spath, 200, tick_change, &c, NULL, &cause);
		ck_assert_int_eq(rc, EX_TEMPFAIL);
		ck_assert_int_eq(c.calls, 0);
		ck_assert(!exists(spath));
	}
	state_unlock(fd1);
	ck_assert_int_eq(state_lock(spath, 0, &fd2, &cause), 0);
	state_unlock(fd2);
	free(cause);
	free(lock);
}
END_TEST

/* A writer waits for a lock that is released in time. */
START_TEST(test_lock_waits)
{
	struct change c = { .day = 3, .step = 1 };
	struct state  st;
	char         *cause = NULL;
	int           release, rc;
	pid_t         pid;

	pid = hold_lock(state_lock, state_unlock, spath, 100, &release);
	rc = state_update(spath, 5000, tick_change, &c, NULL, &cause);
	ck_assert_msg(rc == 0, "%d %s", rc, cause);
	ck_assert_int_eq(c.calls, 1);
	close(release);
	reap(pid);
	load_ok(&st, spath);
	ck_assert(state_ticked(&st, 3, 1));
	state_free(&st);
	free(cause);
}
END_TEST

/* A writer that cannot get the lock in time exits 75 and writes nothing,
 * while another process holds it. */
START_TEST(test_lock_timeout_other_process)
{
	struct change c = { .day = 3, .step = 1 };
	struct state  st;
	char         *cause = NULL, *after;
	int           release, rc;
	pid_t         pid;

	fill(&st);
	save_ok(&st, spath);
	state_free(&st);
	snapshot = slurp(spath, NULL);
	pid = hold_lock(state_lock, state_unlock, spath, -1, &release);
	rc = state_update(spath, 200, tick_change, &c, NULL, &cause);
	printf("state: locked by another process: %d %s\n", rc, cause);
	ck_assert_int_eq(rc, EX_TEMPFAIL);
	ck_assert_int_eq(c.calls, 0);
	close(release);
	reap(pid);
	after = slurp(spath, NULL);
	ck_assert_str_eq(snapshot, after);
	/* Once released, the same update goes through. */
	ck_assert_int_eq(state_update(spath, 200, tick_change, &c, NULL,
	    &cause), 0);
	free(snapshot);
	snapshot = NULL;
	free(after);
	free(cause);
}
END_TEST

/* Failed saves -------------------------------------------------------- */

/* In a child with a 2 KiB file size limit, save a state that does not
 * fit (state_save, then state_update); each must fail with EX_IOERR.
 * The child reports codes and messages through a pipe. */
START_TEST(test_save_rlimit)
{
	struct state st;
	char        *after, *side, msg[1024];
	size_t       n1;
	int          pfd[2], status;
	ssize_t      n;
	pid_t        pid;

	fill(&st);
	save_ok(&st, spath);
	state_free(&st);
	snapshot = slurp_tree(spath, &n1);
	ck_assert_int_eq(pipe(pfd), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		struct rlimit  rl = { 2048, 2048 };
		struct state   big;
		char          *cause = NULL, *line;
		int            i, rc1, rc2;

		close(pfd[0]);
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) != 0) {
			(void)!write(pfd[1], "setrlimit failed\n", 17);
			_exit(0);
		}
		fill(&big);
		for (i = 0; i < 100; i++)
			fill_night(state_night_get(&big, D(2025, 1, 1) + i),
			    i);
		rc1 = state_save(&big, spath, &cause);
		line = xasprintf("%d %s\n", rc1, cause != NULL ? cause : "");
		(void)!write(pfd[1], line, strlen(line));
		free(line);
		/* The update re-reads the files, adds the nights, and must
		 * fail the same way. */
		rc2 = state_update(spath, 1000, nights_change, NULL, NULL,
		    &cause);
		line = xasprintf("%d %s\n", rc2, cause != NULL ? cause : "");
		(void)!write(pfd[1], line, strlen(line));
		free(line);
		_exit(0);
	}
	close(pfd[1]);
	n = 0;
	for (;;) {
		ssize_t r = read(pfd[0], msg + n, sizeof msg - 1 - (size_t)n);

		if (r <= 0)
			break;
		n += r;
	}
	msg[n] = '\0';
	close(pfd[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(!WIFSIGNALED(status), "child killed by signal %d",
	    WTERMSIG(status));
	printf("state: under RLIMIT_FSIZE:\n%s", msg);
	/* Both the plain save and the update failed the same way. */
	{
		char *want = xasprintf("%d %s.d/2025-01.cfg: cannot save: File "
		    "too large\n%d %s.d/2025-01.cfg: cannot save: File too "
		    "large\n", EX_IOERR, spath, EX_IOERR, spath);

		ck_assert_str_eq(msg, want);
		free(want);
	}
	after = slurp_tree(spath, &n1);
	ck_assert_str_eq(snapshot, after);
	ck_assert_int_eq(count_temps(dir), 0);
	side = xasprintf("%s.d", spath);
	ck_assert_int_eq(count_temps(side), 0);
	free(side);
	free(snapshot);
	snapshot = NULL;
	free(after);
}
END_TEST

/* A read-only directory. Root writes anyway, so as root (CI) the test
 * runs in a child that has become nobody, in a directory of its own. */
START_TEST(test_save_readonly_dir)
{
	struct state st;
	struct change c = { .day = 1, .step = 1 };
	char        *cause = NULL, *before, *after;
	char         own[] = "/tmp/wd-check-ro-XXXXXX";
	const char  *nofork = getenv("CK_FORK");
	pid_t        pid = 1;
	int          rc, status;

	if (geteuid() == 0) {
		if (nofork != NULL && strcmp(nofork, "no") == 0) {
			/* (make valgrind): the fork runs of make check and
			 * make sanitize test it as nobody. */
			printf("SKIP - state: read-only directory: as root it "
			    "needs CK_FORK to become nobody\n");
			return;
		}
		ck_assert_int_ne(pid = check_fork(), -1);
		if (pid > 0) {
			ck_assert_int_eq(waitpid(pid, &status, 0), pid);
			ck_assert_msg(WIFEXITED(status) &&
			    WEXITSTATUS(status) == 0, "the test as nobody "
			    "failed (status %d)", status);
			return;
		}
		ck_assert_int_eq(setgid(65534), 0);
		ck_assert_int_eq(setuid(65534), 0);
		ck_assert_int_ne(geteuid(), 0);
		ck_assert_ptr_nonnull(mkdtemp(own));
		free(dir);
		free(spath);
		dir = xstrdup(own);
		spath = xasprintf("%s/state.cfg", own);
		printf("state: read-only directory: as uid %d in %s\n",
		    (int)geteuid(), own);
	}
	fill(&st);
	save_ok(&st, spath);
	before = slurp(spath, NULL);
	ck_assert_int_eq(chmod(dir, 0500), 0);
	rc = state_save(&st, spath, &cause);
	printf("state: read-only directory: %d %s\n", rc, cause);
	ck_assert_int_eq(rc, EX_CANTCREAT);
	ck_assert_ptr_nonnull(strstr(cause, "Permission denied"));
	/* Through state_update: the lock file cannot be created either. */
	rc = state_update(spath, 200, tick_change, &c, NULL, &cause);
	ck_assert_int_eq(rc, EX_CANTCREAT);
	ck_assert_int_eq(c.calls, 0);
	ck_assert_int_eq(chmod(dir, 0700), 0);
	after = slurp(spath, NULL);
	ck_assert_str_eq(before, after);
	ck_assert_int_eq(count_temps(dir), 0);
	free(before);
	free(after);
	free(cause);
	state_free(&st);
	if (pid == 0) {
		/* The child of root: its own directory goes, then it ends. */
		rm_rf(own);
		free(dir);
		free(spath);
		dir = spath = NULL;
		check_waitpid_and_exit(0);
	}
}
END_TEST

/* A regular file where a parent directory should be. */
START_TEST(test_save_cantcreate)
{
	struct state  st;
	struct change c = { .day = 1, .step = 1 };
	char         *file = xasprintf("%s/plain", dir);
	char         *deep = xasprintf("%s/plain/sub/state.cfg", dir);
	char         *beside = xasprintf("%s/plain/state.cfg", dir);
	char         *cause = NULL, *want;
	int           rc, fd = -1;

	spew_text(file, "not a directory\n");
	fill(&st);
	rc = state_save(&st, deep, &cause);
	printf("state: parent in the way: %d %s\n", rc, cause);
	ck_assert_int_eq(rc, EX_CANTCREAT);
	want = xasprintf("%s/plain: exists and is not a directory", dir);
	ck_assert_str_eq(cause, want);
	free(want);
	rc = state_save(&st, beside, &cause);
	ck_assert_int_eq(rc, EX_CANTCREAT);
	ck_assert_ptr_nonnull(strstr(cause, "not a directory"));
	rc = state_lock(deep, 100, &fd, &cause);
	ck_assert_int_eq(rc, EX_CANTCREAT);
	ck_assert_int_eq(fd, -1);
	rc = state_update(deep, 100, tick_change, &c, NULL, &cause);
	ck_assert_int_eq(rc, EX_CANTCREAT);
	ck_assert_int_eq(c.calls, 0);
	want = slurp(file, NULL);
	ck_assert_str_eq(want, "not a directory\n");
	free(want);
	free(cause);
	free(file);
	free(deep);
	free(beside);
	state_free(&st);
}
END_TEST

/* A save past the size state_load reads is refused with a message and
 * writes nothing: the program never writes a file it would not read. */
START_TEST(test_save_too_large)
{
	struct state st, big;
	char        *cause = NULL, *after, *want;
	size_t       n1;
	int          i, rc;

	fill(&st);
	save_ok(&st, spath);
	state_free(&st);
	snapshot = slurp_tree(spath, &n1);
	fill(&big);
	for (i = 0; i < 100; i++)
		fill_night(state_night_get(&big, D(2025, 1, 1) + i), i);
	state_max_file = 2048;
	rc = state_save(&big, spath, &cause);
	state_max_file = STATE_MAX_FILE;
	printf("state: over the size limit: %d %s\n", rc, cause);
	ck_assert_int_eq(rc, EX_DATAERR);
	want = xasprintf("%s.d/2025-01.cfg: cannot save: it would be ", spath);
	ck_assert_msg(strncmp(cause, want, strlen(want)) == 0, "%s", cause);
	ck_assert_ptr_nonnull(strstr(cause, "more than the 2048 bytes "
	    "winddown reads; the file was not changed"));
	after = slurp_tree(spath, &n1);
	ck_assert_str_eq(snapshot, after);
	ck_assert_int_eq(count_temps(dir), 0);
	free(snapshot);
	snapshot = NULL;
	free(want);
	free(after);
	free(cause);
	state_free(&big);
}
END_TEST

/* The limit is the loader's: a file of exactly state_max_file bytes is
 * written, and reads back; one byte less and the save is refused. */
START_TEST(test_save_at_limit)
{
	struct state st, back;
	char        *cause = NULL, *month, *text;
	size_t       n, len;
	int          i, rc;

	state_init(&st);
	for (i = 0; i < 31; i++)
		fill_night(state_night_get(&st, D(2025, 1, 1) + i), i);
	state_max_file = 2048;
	rc = state_save(&st, spath, &cause);
	ck_assert_int_eq(rc, EX_DATAERR);
	month = xasprintf("%s.d/2025-01.cfg: cannot save: it would be ", spath);
	ck_assert_msg(strncmp(cause, month, strlen(month)) == 0, "%s", cause);
	ck_assert_int_eq(sscanf(cause + strlen(month), "%zu", &n), 1);
	free(month);
	state_max_file = n - 1;
	ck_assert_int_eq(state_save(&st, spath, &cause), EX_DATAERR);
	state_max_file = n;
	rc = state_save(&st, spath, &cause);
	ck_assert_msg(rc == 0, "%d %s", rc, cause);
	month = xasprintf("%s.d/2025-01.cfg", spath);
	text = slurp(month, &len);
	ck_assert_uint_eq(len, n);
	rc = state_load(&back, spath, &cause);
	state_max_file = STATE_MAX_FILE;
	ck_assert_msg(rc == 0, "%d %s", rc, cause);
	ck_assert_int_eq(back.nnights, 31);
	state_free(&back);
	free(text);
	free(month);
	free(cause);
	state_free(&st);
}
END_TEST

/* Out of memory while the tree of a big state is built (libconfig does
 * not check its allocations): a clean exit 71 with a message, never a
 * signal, and no file. In a child under RLIMIT_AS; not under a
 * sanitizer or valgrind, which reserve address space of their own. */
START_TEST(test_save_out_of_memory)
{
	const char *pre = getenv("LD_PRELOAD");
	int         status, pfd[2];
	char        msg[256];
	ssize_t     n;
	pid_t       pid;

#if defined(__SANITIZE_ADDRESS__)
	pre = "asan";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	pre = "asan";
#endif
#endif
	if (pre != NULL && (strstr(pre, "vgpreload") != NULL ||
	    strcmp(pre, "asan") == 0)) {
		printf("SKIP state: out of memory while saving: not under a "
		    "sanitizer or valgrind\n");
		return;
	}
	ck_assert_int_eq(pipe(pfd), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		struct pmr_session s = { .routine = "lower", .done = 3,
			.total = 7, .seconds = 300 };
		struct state  st;
		struct rlimit rl;
		unsigned long pages = 0;
		FILE         *fp;
		int           i;

		close(pfd[0]);
		dup2(pfd[1], STDERR_FILENO);
		state_init(&st);
		for (i = 0; i < 20000; i++) {
			s.night = D(2025, 1, 1) + i % 28;
			s.at = T0 + i;
			state_add_session(&st, &s);
		}
		/* What the process has now, and 4 MiB more. */
		fp = fopen("/proc/self/statm", "r");
		if (fp == NULL || fscanf(fp, "%lu", &pages) != 1)
			_exit(3);
		fclose(fp);
		rl.rlim_cur = rl.rlim_max = (rlim_t)pages *
		    (rlim_t)sysconf(_SC_PAGESIZE) + 4 * 1024 * 1024;
		if (setrlimit(RLIMIT_AS, &rl) != 0)
			_exit(4);
		(void)state_save(&st, spath, NULL);
		_exit(0);
	}
	close(pfd[1]);
	n = read(pfd[0], msg, sizeof msg - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(pfd[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(!WIFSIGNALED(status), "child killed by signal %d",
	    WTERMSIG(status));
	ck_assert_int_eq(WEXITSTATUS(status), 71);
	ck_assert_str_eq(msg, "winddown: out of memory\n");
	ck_assert(!exists(spath));
	ck_assert_int_eq(count_temps(dir), 0);
}
END_TEST

/* Links ---------------------------------------------------------------- */

/* A symbolic link named state.cfg.lock is never followed: the lock and
 * every update are refused with a message, and its target is not
 * made. */
START_TEST(test_lock_symlink)
{
	struct change c = { .day = 1, .step = 1 };
	char         *lock = xasprintf("%s.lock", spath);
	char         *victim = xasprintf("%s/victim", dir), *cause = NULL;
	char         *want;
	int           fd = -1, rc;

	ck_assert_int_eq(symlink(victim, lock), 0);
	rc = state_lock(spath, 100, &fd, &cause);
	printf("state: lock file a link: %d %s\n", rc, cause);
	ck_assert_int_eq(rc, EX_CANTCREAT);
	ck_assert_int_eq(fd, -1);
	want = xasprintf("%s: is a symbolic link; winddown does not follow "
	    "links for its lock file (remove it)", lock);
	ck_assert_str_eq(cause, want);
	rc = state_update(spath, 100, tick_change, &c, NULL, &cause);
	ck_assert_int_eq(rc, EX_CANTCREAT);
	ck_assert_str_eq(cause, want);
	ck_assert_int_eq(c.calls, 0);
	ck_assert(!exists(victim));
	ck_assert(!exists(spath));
	free(want);
	free(lock);
	free(victim);
	free(cause);
}
END_TEST

static bool
is_link(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode);
}

/* A state.cfg that is a symbolic link (a dotfile manager's), relative
 * and not yet leading anywhere: saves go to the file it leads to, the
 * link stays, the lock and the temp files are beside the target. A
 * month file that is a link is kept the same way. */
START_TEST(test_save_through_link)
{
	struct state  st, back;
	struct change c = { .day = 3, .step = 2 };
	char         *dots = xasprintf("%s/dots", dir);
	char         *target = xasprintf("%s/dots/winddown.cfg", dir);
	char         *month = xasprintf("%s.d/2026-03.cfg", spath);
	char         *mtarget = xasprintf("%s/dots/march.cfg", dir);
	char         *cause = NULL, *text;
	int           rc;

	ck_assert_int_eq(mkdir(dots, 0700), 0);
	ck_assert_int_eq(symlink("dots/winddown.cfg", spath), 0);
	fill(&st);
	save_ok(&st, spath);
	ck_assert(is_link(spath));
	ck_assert(exists(target));
	load_ok(&back, spath);
	same_state(&st, &back);
	state_free(&back);
	/* Through state_update: the lock beside the target. */
	rc = state_update(spath, 1000, tick_change, &c, NULL, &cause);
	ck_assert_msg(rc == 0, "%d %s", rc, cause);
	ck_assert(is_link(spath));
	ck_assert(exists(target) && !is_link(target));
	text = xasprintf("%s.lock", target);
	ck_assert(exists(text));
	free(text);
	load_ok(&back, target);
	ck_assert(state_ticked(&back, 3, 2));
	state_free(&back);
	/* A month file moved away and linked back. */
	ck_assert_int_eq(rename(month, mtarget), 0);
	ck_assert_int_eq(symlink(mtarget, month), 0);
	state_night_get(&st, D(2026, 3, 9));
	kv_set_int(&state_night_get(&st, D(2026, 3, 9))->kv, "twitches", 6);
	save_ok(&st, spath);
	ck_assert(is_link(month));
	text = slurp(mtarget, NULL);
	ck_assert_ptr_nonnull(strstr(text, "2026-03-09"));
	free(text);
	ck_assert_int_eq(count_temps(dir), 0);
	ck_assert_int_eq(count_temps(dots), 0);
	/* A month emptied: the file the link leads to goes, the link
	 * stays, and reads as no file. */
	state_free(&st);
	load_ok(&st, spath);
	state_night_delete(&st, D(2026, 3, 2));
	state_night_delete(&st, D(2026, 3, 4));
	state_night_delete(&st, D(2026, 3, 9));
	while (st.nsessions > 0)
		free(st.sessions[--st.nsessions].routine);
	save_ok(&st, spath);
	ck_assert(is_link(month));
	ck_assert(!exists(mtarget));
	load_ok(&back, spath);
	ck_assert_int_eq(back.nnights, 1);
	state_free(&back);
	state_free(&st);
	free(dots);
	free(target);
	free(month);
	free(mtarget);
	free(cause);
}
END_TEST

Suite *
fileio_suite(void)
{
	Suite *s = suite_create("fileio");
	TCase *tc;

	tc = tcase_create("api");
	tcase_add_unchecked_fixture(tc, setup_base, teardown_base);
	tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
	tcase_add_test(tc, test_write_read_back);
	tcase_add_test(tc, test_mkdirs);
	tcase_add_test(tc, test_no_temp_left);
	tcase_add_test(tc, test_no_fd_left);
	tcase_add_test(tc, test_remove_temps);
	tcase_add_test(tc, test_lock_other_process);
	suite_add_tcase(s, tc);

	tc = tcase_create("state");
	tcase_add_unchecked_fixture(tc, setup_base, teardown_base);
	tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
	tcase_add_test(tc, test_creates_dirs);
	tcase_add_test(tc, test_update_sweeps_temps);
	tcase_add_test(tc, test_lock_conflict);
	tcase_add_test(tc, test_lock_waits);
	tcase_add_test(tc, test_lock_timeout_other_process);
	tcase_add_test(tc, test_save_rlimit);
	tcase_add_test(tc, test_save_readonly_dir);
	tcase_add_test(tc, test_save_cantcreate);
	tcase_add_test(tc, test_save_too_large);
	tcase_add_test(tc, test_save_at_limit);
	tcase_add_test(tc, test_save_out_of_memory);
	tcase_add_test(tc, test_lock_symlink);
	tcase_add_test(tc, test_save_through_link);
	suite_add_tcase(s, tc);
	return s;
}
