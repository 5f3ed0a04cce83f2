/* Helpers shared by the Check suites: whole files in and out, and
 * removing a temporary tree. */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "winddown/util.h"

/* The whole file at path, NUL-terminated; *lenp gets its length. */
char *
slurp(const char *path, size_t *lenp)
{
	FILE *fp = fopen(path, "rb");
	char *s;
	long  n;

	ck_assert_msg(fp != NULL, "%s: %s", path, strerror(errno));
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	ck_assert_int_ge(n, 0);
	rewind(fp);
	s = xmalloc((size_t)n + 1);
	ck_assert_int_eq(fread(s, 1, (size_t)n, fp), (size_t)n);
	s[n] = '\0';
	fclose(fp);
	if (lenp != NULL)
		*lenp = (size_t)n;
	return s;
}

/* Write len bytes to path, replacing it. */
void
spew(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	ck_assert_msg(fp != NULL, "%s: %s", path, strerror(errno));
	ck_assert_int_eq(fwrite(data, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
}

char *
test_tmpdir(const char *name)
{
	char *tmpl = xasprintf("/tmp/wd-check-%s-XXXXXX", name);

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	return tmpl;
}

void
test_tmpdir_remove(char **dir)
{
	if (*dir != NULL)
		rm_rf(*dir);
	free(*dir);
	*dir = NULL;
}

/* Remove path and everything below it, whatever its modes. */
void
rm_rf(const char *path)
{
	struct stat    sb;
	DIR           *d;
	struct dirent *de;

	if (lstat(path, &sb) == -1)
		return;
	if (S_ISDIR(sb.st_mode)) {
		chmod(path, 0700);
		if ((d = opendir(path)) != NULL) {
			while ((de = readdir(d)) != NULL) {
				char *sub;

				if (strcmp(de->d_name, ".") == 0 ||
				    strcmp(de->d_name, "..") == 0)
					continue;
				sub = xasprintf("%s/%s", path, de->d_name);
				rm_rf(sub);
				free(sub);
			}
			closedir(d);
		}
		rmdir(path);
	} else
		unlink(path);
}
