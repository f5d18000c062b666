/* Drop-folder file handling (see files.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "files.h"

#define MAX_COUNTER 100000

bool watch_is_candidate(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 4 && strcasecmp(name + n - 4, ".csv") == 0;
}

char *watch_path(const char *a, const char *b, const char *c)
{
	char *p = NULL;
	int n;

	if (c)
		n = asprintf(&p, "%s/%s/%s", a, b, c);
	else
		n = asprintf(&p, "%s/%s", a, b);
	return n < 0 ? NULL : p;
}

static int make_dir(const char *dir, const char *sub)
{
	char *path = watch_path(dir, sub, NULL);
	struct stat st;
	int rc = 0;

	if (!path) {
		cli_error("out of memory");
		return -1;
	}
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		cli_error("cannot create %s: %s", path, strerror(errno));
		rc = -1;
	} else if (stat(path, &st) != 0) {
		cli_error("cannot use %s: %s", path, strerror(errno));
		rc = -1;
	} else if (!S_ISDIR(st.st_mode)) {
		cli_error("%s exists and is not a folder", path);
		rc = -1;
	}
	free(path);
	return rc;
}

int watch_prepare_dirs(const char *dir)
{
	if (make_dir(dir, WATCH_PROCESSED) != 0 || make_dir(dir, WATCH_FAILED) != 0)
		return -1;
	return 0;
}

/* The k-th candidate name for @name (k = 0: as is; 1: with the import id; then counters). */
static char *candidate_name(const char *name, int64_t import_id, int k)
{
	size_t n = strlen(name);
	const char *ext = n > 4 ? name + n - 4 : name + n; /* ".csv", checked by the caller */
	int stem = (int)(ext - name);
	char *out = NULL;
	int len;

	if (k == 0)
		return strdup(name);
	if (import_id > 0 && k == 1)
		len = asprintf(&out, "%.*s.%lld%s", stem, name, (long long)import_id, ext);
	else if (import_id > 0)
		len = asprintf(&out, "%.*s.%lld.%d%s", stem, name, (long long)import_id, k, ext);
	else
		len = asprintf(&out, "%.*s.%d%s", stem, name, k, ext);
	return len < 0 ? NULL : out;
}

/* rename() that fails with EEXIST instead of replacing the target. */
static int rename_noreplace(const char *from, const char *to)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	/* A file system without RENAME_NOREPLACE: link + unlink never replaces either. */
	if (link(from, to) != 0)
		return -1;
	if (unlink(from) != 0) {
		int saved = errno;

		unlink(to);
		errno = saved;
		return -1;
	}
	return 0;
}

int watch_move(const char *dir, const char *name, const char *subdir, int64_t import_id,
	       char **final_name)
{
	char *from = watch_path(dir, name, NULL);
	int rc = -1;

	*final_name = NULL;
	if (!from) {
		errno = ENOMEM;
		return -1;
	}
	for (int k = 0; k < MAX_COUNTER; k++) {
		char *cand = candidate_name(name, import_id, k);
		char *to = cand ? watch_path(dir, subdir, cand) : NULL;

		if (!to) {
			free(cand);
			errno = ENOMEM;
			break;
		}
		if (rename_noreplace(from, to) == 0) {
			free(to);
			*final_name = cand;
			rc = 0;
			break;
		}
		free(to);
		free(cand);
		if (errno != EEXIST)
			break;
	}
	free(from);
	return rc;
}

static bool write_all(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, s, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		s += n;
		len -= (size_t)n;
	}
	return true;
}

int watch_write_reasons(const char *dir, const char *csv_name, const char *text)
{
	char *tmp = NULL, *final = NULL;
	int fd = -1, rc = -1, saved;

	if (asprintf(&tmp, "%s/%s/.%s.reasons.txt.tmp", dir, WATCH_FAILED, csv_name) < 0) {
		tmp = NULL;
		errno = ENOMEM;
		goto out;
	}
	if (asprintf(&final, "%s/%s/%s.reasons.txt", dir, WATCH_FAILED, csv_name) < 0) {
		final = NULL;
		errno = ENOMEM;
		goto out;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		goto out;
	if (!write_all(fd, text, strlen(text)) || fsync(fd) != 0)
		goto out;
	if (close(fd) != 0) {
		fd = -1;
		goto out;
	}
	fd = -1;
	if (rename(tmp, final) != 0)
		goto out;
	rc = 0;
out:
	saved = errno;
	if (fd >= 0)
		close(fd);
	if (rc != 0 && tmp)
		unlink(tmp);
	free(tmp);
	free(final);
	errno = saved;
	return rc;
}
