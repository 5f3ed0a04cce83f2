/* Files as every writer keeps them: whole reads with a size limit,
 * atomic durable replacement, mkdir -p, the temp files a killed writer
 * left, and the flock on a separate lock file. */
#define _XOPEN_SOURCE 700
#include "winddown/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "winddown/util.h"

/* Reading ------------------------------------------------------------- */

int
fileio_read(const char *path, size_t max, char **text, size_t *len,
    char **cause)
{
	struct stat sb;
	int         fd;
	char       *p;
	size_t      got = 0;
	ssize_t     n;

	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd == -1) {
		return wd_fail(cause, errno == ENOENT ? EX_NOINPUT :
		    (errno == ELOOP || errno == EISDIR) ? EX_DATAERR :
		    EX_NOINPUT, "%s: %s", path, strerror(errno));
	}
	if (fstat(fd, &sb) == -1) {
		close(fd);
		return wd_fail(cause, EX_IOERR, "%s: %s", path,
		    strerror(errno));
	}
	if (S_ISDIR(sb.st_mode)) {
		close(fd);
		return wd_fail(cause, EX_DATAERR, "%s: %s", path,
		    strerror(EISDIR));
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return wd_fail(cause, EX_DATAERR, "%s: not a regular file",
		    path);
	}
	if ((unsigned long long)sb.st_size > max) {
		close(fd);
		return wd_fail(cause, EX_DATAERR,
		    "%s: file is too large (%lld bytes; at most %zu)", path,
		    (long long)sb.st_size, max);
	}
	p = xmalloc((size_t)sb.st_size + 1);
	for (;;) {
		if (got == (size_t)sb.st_size + 1)
			break; /* grew while reading: caught below */
		n = read(fd, p + got, (size_t)sb.st_size + 1 - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			int e = errno;

			free(p);
			close(fd);
			return wd_fail(cause, EX_IOERR, "%s: %s", path,
			    strerror(e));
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got > (size_t)sb.st_size) {
		free(p);
		return wd_fail(cause, EX_DATAERR,
		    "%s: file changed while being read", path);
	}
	p[got] = '\0';
	*text = p;
	*len = got;
	return 0;
}

int
fileio_read_optional(const char *file, size_t max, char **text,
    size_t *len, char **cause)
{
	errno = 0;
	if (access(file, F_OK) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
		*text = NULL;
		*len = 0;
		return 0;
	}
	return fileio_read(file, max, text, len, cause);
}

/* Writing ------------------------------------------------------------- */

/* fsync the directory dir; EX_IOERR with a message. */
static int
sync_dir(const char *dir, char **cause)
{
	int fd, e;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) == -1 || fsync(fd) != 0) {
		e = errno;
		if (fd != -1)
			close(fd);
		return wd_fail(cause, EX_IOERR, "%s: cannot sync directory: "
		    "%s", dir, strerror(e));
	}
	close(fd);
	return 0;
}

int
fileio_mkdirs(const char *path, char **cause)
{
	struct stat sb;
	char       *p = xstrdup(path), *s;
	int         rc = 0;

	for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0700) == 0) {
			/* The new name must last too: sync its parent. */
			char *slash = strrchr(p, '/');

			if (slash == p)
				rc = sync_dir("/", cause);
			else if (slash != NULL) {
				*slash = '\0';
				rc = sync_dir(p, cause);
				*slash = '/';
			} else
				rc = sync_dir(".", cause);
			if (rc != 0) {
				free(p);
				return rc;
			}
		} else if (errno != EEXIST) {
			int e = errno;

			wd_fail(cause, EX_CANTCREAT, "%s: %s", p, strerror(e));
			free(p);
			return EX_CANTCREAT;
		}
		if (stat(p, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
			wd_fail(cause, EX_CANTCREAT, "%s: exists and is not a "
			    "directory", p);
			free(p);
			return EX_CANTCREAT;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

#define FILEIO_MAX_LINKS 40

/* The directory part of path ("." when none). */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

int
fileio_resolve(const char *path, char **out, char **cause)
{
	struct stat sb;
	char       *cur = xstrdup(path), *dir, *next, target[PATH_MAX];
	ssize_t     n;
	int         hops;

	for (hops = 0; lstat(cur, &sb) == 0 && S_ISLNK(sb.st_mode); hops++) {
		if (hops == FILEIO_MAX_LINKS) {
			wd_fail(cause, EX_CANTCREAT, "%s: %s", path,
			    strerror(ELOOP));
			free(cur);
			return EX_CANTCREAT;
		}
		/* A link's text is shorter than PATH_MAX (symlink(2)). */
		n = readlink(cur, target, sizeof target - 1);
		if (n < 0) {
			wd_fail(cause, EX_CANTCREAT, "%s: cannot read the "
			    "link: %s", cur, strerror(errno));
			free(cur);
			return EX_CANTCREAT;
		}
		target[n] = '\0';
		if (target[0] == '/' || strchr(cur, '/') == NULL)
			next = xstrdup(target);
		else {
			dir = dir_of(cur);
			next = xasprintf("%s/%s", dir, target);
			free(dir);
		}
		free(cur);
		cur = next;
	}
	*out = cur;
	return 0;
}

/* Replace the file path leads to (a link is kept) with data; make the
 * directories above it first when asked. */
static int
fileio_put(const char *path, const void *data, size_t len, mode_t mode,
    bool make_dirs, char **cause)
{
	const char *text = data;
	char       *tmp, *dir, *file;
	size_t      off = 0;
	ssize_t     n;
	int         fd, rc = 0, e;
	mode_t      old;

	/* A link is kept: the file it leads to is replaced. */
	if ((rc = fileio_resolve(path, &file, cause)) != 0)
		return rc;
	if (make_dirs && (rc = fileio_mkdirs(file, cause)) != 0) {
		free(file);
		return rc;
	}
	tmp = xasprintf("%s.tmp.XXXXXX", file);
	old = umask(077);
	fd = mkstemp(tmp);
	e = errno;
	umask(old);
	/* mkstemp makes it 0600; another mode is set as given. */
	if (fd != -1 && mode != 0600 && fchmod(fd, mode) != 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		fd = -1;
	}
	if (fd == -1) {
		dir = dir_of(file);
		rc = wd_fail(cause, EX_CANTCREAT, "%s: cannot create a file in "
		    "%s: %s", file, dir, strerror(e));
		free(dir);
		free(tmp);
		free(file);
		return rc;
	}
	while (off < len) {
		n = write(fd, text + off, len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	if (off < len || fsync(fd) != 0) {
		e = errno != 0 ? errno : EIO;
		close(fd);
		goto fail;
	}
	if (close(fd) != 0 || rename(tmp, file) != 0) {
		e = errno;
		goto fail;
	}
	free(tmp);
	dir = dir_of(file);
	rc = sync_dir(dir, cause);
	free(dir);
	free(file);
	return rc;

fail:
	/* Nothing is left: the target is as it was. */
	unlink(tmp);
	rc = wd_fail(cause, EX_IOERR, "%s: cannot save: %s", path,
	    strerror(e));
	free(tmp);
	free(file);
	return rc;
}

int
fileio_write_atomic(const char *path, const void *data, size_t len,
    mode_t mode, char **cause)
{
	return fileio_put(path, data, len, mode, true, cause);
}

int
fileio_replace(const char *path, const void *data, size_t len,
    mode_t mode, char **cause)
{
	return fileio_put(path, data, len, mode, false, cause);
}

int
fileio_remove(const char *path, char **cause)
{
	char *file;
	int   rc, e;

	if ((rc = fileio_resolve(path, &file, cause)) != 0)
		return rc;
	if (unlink(file) != 0 && errno != ENOENT) {
		e = errno;
		rc = wd_fail(cause, EX_IOERR, "%s: %s", file, strerror(e));
	}
	free(file);
	return rc;
}

/* Remove the temp files a killed writer left in dir (names that start
 * with prefix and end in six more characters). */
static void
remove_temps_in(const char *dir, const char *prefix)
{
	DIR           *d;
	struct dirent *de;
	size_t         n = strlen(prefix), len;
	char          *full;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 11 || strncmp(de->d_name, prefix, n) != 0 ||
		    strncmp(de->d_name + len - 11, ".tmp.", 5) != 0)
			continue;
		full = xasprintf("%s/%s", dir, de->d_name);
		unlink(full);
		free(full);
	}
	closedir(d);
}

void
fileio_remove_temps(const char *path)
{
	char       *file, *dir, *prefix;
	const char *base;

	/* The temp files of a link's target are beside the target. */
	if (fileio_resolve(path, &file, NULL) != 0)
		return;
	dir = dir_of(file);
	base = strrchr(file, '/');
	base = base != NULL ? base + 1 : file;
	prefix = xasprintf("%s.tmp.", base);
	remove_temps_in(dir, prefix);
	free(prefix);
	free(dir);
	free(file);
}

void
fileio_remove_temps_in(const char *dir)
{
	remove_temps_in(dir, "");
}

/* Locking ------------------------------------------------------------- */

int
fileio_lock(const char *path, int timeout_ms, int *fdp, char **cause)
{
	struct timespec nap = { 0, 10 * 1000 * 1000 };
	char           *lock, *file;
	int             fd, waited = 0, e;

	if ((e = fileio_mkdirs(path, cause)) != 0)
		return e;
	/* Beside the file a link leads to, where the saves go; the lock
	 * file itself is never a link that is followed. */
	if (fileio_resolve(path, &file, cause) != 0)
		return EX_CANTCREAT;
	lock = xasprintf("%s.lock", file);
	free(file);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW,
	    0600);
	if (fd == -1) {
		e = errno;
		if (e == ELOOP)
			wd_fail(cause, EX_CANTCREAT, "%s: is a symbolic link; "
			    "winddown does not follow links for its lock file "
			    "(remove it)", lock);
		else
			wd_fail(cause, EX_CANTCREAT, "%s: %s", lock,
			    strerror(e));
		free(lock);
		return EX_CANTCREAT;
	}
	/* Wait in slices of 10 ms; counting slices keeps the clock out. */
	while (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK || waited >= timeout_ms) {
			e = errno;
			close(fd);
			if (e == EWOULDBLOCK) {
				wd_fail(cause, EX_TEMPFAIL,
				    "%s: another winddown is saving; gave up "
				    "after %d.%d s", path, timeout_ms / 1000,
				    timeout_ms % 1000 / 100);
			} else
				wd_fail(cause, EX_IOERR, "%s: %s", lock,
				    strerror(e));
			free(lock);
			return e == EWOULDBLOCK ? EX_TEMPFAIL : EX_IOERR;
		}
		nanosleep(&nap, NULL);
		waited += 10;
	}
	free(lock);
	*fdp = fd;
	return 0;
}

void
fileio_unlock(int fd)
{
	if (fd >= 0) {
		flock(fd, LOCK_UN);
		close(fd);
	}
}
