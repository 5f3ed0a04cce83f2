/* Files as every writer keeps them: read whole with a size limit;
 * replaced atomically and durably (a temp file beside the target from
 * mkstemp, every byte written, fsync, rename, fsync the directory);
 * missing directories made 0700; writers kept apart by an flock on a
 * separate lock file. Functions return 0 or an EX_* code from
 * <sysexits.h> and set *cause ("FILE: reason"). */
#ifndef WINDDOWN_FILEIO_H
#define WINDDOWN_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/* Read a whole regular file of at most max bytes. Returns 0, EX_NOINPUT
 * (cannot open: "FILE: No such file or directory"), EX_DATAERR (not a
 * regular file, too large) or EX_IOERR. *text is NUL-terminated. */
int  fileio_read(const char *path, size_t max, char **text, size_t *len,
    char **cause);
/* The same, but a file that does not exist (nor a directory above it)
 * is no error: 0 with *text NULL and *len 0. */
int  fileio_read_optional(const char *path, size_t max, char **text,
    size_t *len, char **cause);

/* mkdir -p, mode 0700, for the directories above path (a path ending
 * in '/' makes itself too); the parent of each directory made is
 * fsynced, so the new name lasts. EX_CANTCREAT when one cannot be made
 * or is there but not a directory, EX_IOERR when the sync fails. */
int  fileio_mkdirs(const char *path, char **cause);

/* The file path leads to: path itself, or when it is a symbolic link
 * (of links) the target, relative to the link's directory, whether it
 * exists or not. EX_CANTCREAT for a loop (over 40 links) or a link
 * that cannot be read. */
int  fileio_resolve(const char *path, char **out, char **cause);

/* Replace path with the len bytes at data, atomically and durably:
 * make the directories above it (fileio_mkdirs), write a temp file
 * PATH.tmp.XXXXXX from mkstemp with permissions mode (exactly: the
 * umask does not apply), fsync it, rename it over path, fsync the
 * directory. When path is a symbolic link, the link stays and the file
 * it leads to is replaced (fileio_resolve): the temp file is beside
 * that. On failure path is as it was and
 * no temp file is left: EX_CANTCREAT (directory, temp file) or
 * EX_IOERR (write, sync, rename). */
int  fileio_write_atomic(const char *path, const void *data, size_t len,
    mode_t mode, char **cause);
/* The same in a directory that must already be there (a file the user
 * named: a missing directory is an error, EX_CANTCREAT, not made). */
int  fileio_replace(const char *path, const void *data, size_t len,
    mode_t mode, char **cause);

/* Remove the file path leads to (the link stays); no error when it is
 * not there. EX_IOERR. */
int  fileio_remove(const char *path, char **cause);

/* Remove the temp files fileio_write_atomic left for path when killed
 * (PATH.tmp.XXXXXX beside it); and every such temp file in dir. Call
 * only under the lock, when no other writer can own one. */
void fileio_remove_temps(const char *path);
void fileio_remove_temps_in(const char *dir);

/* Take the flock on path's lock file PATH.lock (made 0600, with the
 * directories above it; beside the target when path is a link),
 * waiting up to timeout_ms: EX_TEMPFAIL when it stays held,
 * EX_CANTCREAT (also when PATH.lock is a symbolic link: it is never
 * followed) or EX_IOERR. *fd receives the lock; give it
 * back with fileio_unlock (which takes -1 too). */
int  fileio_lock(const char *path, int timeout_ms, int *fd, char **cause);
void fileio_unlock(int fd);

#endif
