/* Exports (SPEC §11): kinds and formats, and the three ways out — a writer callback, a file
 * replaced whole, a string. The writers per kind live in export_*.c and archive_write.c. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export_internal.h"

static const char *const kind_names[] = { NULL, "workouts", "corrections", "eras", "models",
					  "imports", "brief", "archive" };
static const char *const format_names[] = { NULL, "csv", "json" };

const char *fi_export_kind_name(int kind)
{
	return kind > 0 && (size_t)kind < FI__ARRAY_LEN(kind_names) ? kind_names[kind] : NULL;
}

int fi_export_kind_parse(const char *name, int *kind)
{
	for (size_t i = 1; name && kind && i < FI__ARRAY_LEN(kind_names); i++)
		if (strcmp(name, kind_names[i]) == 0) {
			*kind = (int)i;
			return FI_OK;
		}
	return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown export '%s' (use workouts, corrections, "
			 "eras, models, imports, brief or archive)", name ? name : "(null)");
}

const char *fi_export_format_name(int format)
{
	return format > 0 && (size_t)format < FI__ARRAY_LEN(format_names) ? format_names[format] : NULL;
}

int fi_export_format_parse(const char *name, int *format)
{
	for (size_t i = 1; name && format && i < FI__ARRAY_LEN(format_names); i++)
		if (strcmp(name, format_names[i]) == 0) {
			*format = (int)i;
			return FI_OK;
		}
	return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown export format '%s' (use csv or json)",
			 name ? name : "(null)");
}

FI__DEFINE_PARAMS_INIT(fi_export_params_init, fi_export_params,
		       FI_EXPORT_PARAMS_VERSION, FI_EXPORT_PARAMS_INIT)

static int check_params(const fi_export_params *in, fi_export_params *out)
{
	*out = (fi_export_params)FI_EXPORT_PARAMS_INIT;
	if (!in)
		return FI_OK;
	if (in->version != FI_EXPORT_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_export_params version %u",
				 in->version);
	if (!fi_export_kind_name(in->kind))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown export kind %d", in->kind);
	if (!fi_export_format_name(in->format))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown export format %d", in->format);
	if (in->kind == FI_EXPORT_ARCHIVE && in->format != FI_EXPORT_JSON)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the archive is written as JSON only");
	*out = *in;
	return FI_OK;
}

static int dispatch(fi_store *store, const fi_export_params *p, fi__sink *s)
{
	switch (p->kind) {
	case FI_EXPORT_WORKOUTS:
		return fi__export_workouts(store, p->filter, p->format, s);
	case FI_EXPORT_CORRECTIONS:
	case FI_EXPORT_ERAS:
		return fi__export_table(store, p->kind, p->format, s);
	case FI_EXPORT_MODELS:
		return fi__export_models(store, p->format, s);
	case FI_EXPORT_IMPORTS:
		return p->format == FI_EXPORT_JSON ? fi__export_imports_json(store, s)
						    : fi__export_table(store, p->kind, p->format, s);
	case FI_EXPORT_ARCHIVE:
		return fi__archive_write(store, s);
	default:
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown export kind %d", p->kind);
	}
}

static int run(fi_store *store, const fi_export_params *params, fi__sink *s)
{
	if (!store)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store is NULL");
	fi_export_params p;
	int rc = check_params(params, &p);
	if (rc)
		return rc;
	if (p.kind == FI_EXPORT_BRIEF)   /* the briefing reads its own frame in its own transaction */
		rc = fi__export_brief(store, p.brief, p.format, s);
	else {
		/* one read transaction: a consistent snapshot even while another process imports */
		bool own = sqlite3_get_autocommit(store->db);
		if (own && (rc = fi__exec(store->db, "BEGIN", "start the export")))
			return rc;
		rc = dispatch(store, &p, s);
		if (own)
			sqlite3_exec(store->db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	}
	return rc ? rc : fi__sink_flush(s, 0);
}

int fi_export_write(fi_store *store, const fi_export_params *params, fi_export_write_fn write,
		    void *payload)
{
	if (!write)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "write is NULL");
	fi__sink s = { FI__BUF_INIT, write, payload };
	int rc = run(store, params, &s);
	fi__buf_free(&s.b);
	return rc;
}

int fi_export_string(fi_store *store, const fi_export_params *params, char **out, size_t *len)
{
	if (len)
		*len = 0;
	if (!out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "out is NULL");
	*out = NULL;
	fi__sink s = { FI__BUF_INIT, NULL, NULL };
	int rc = run(store, params, &s);
	if (rc) {
		fi__buf_free(&s.b);
		return rc;
	}
	size_t n = s.b.len;
	*out = fi__buf_detach(&s.b);
	if (!*out)
		return fi__error_oom();
	if (len)
		*len = n;
	return FI_OK;
}

typedef struct file_out {
	int fd;
	int err;
} file_out;

static int write_fd(const char *data, size_t len, void *payload)
{
	file_out *f = payload;
	while (len > 0) {
		ssize_t n = write(f->fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			f->err = errno;
			return 1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int fi_export_file(fi_store *store, const fi_export_params *params, const char *path)
{
	if (!path || !*path)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "path is NULL or empty");
	fi__buf tmp = FI__BUF_INIT;
	fi__buf_printf(&tmp, "%s.tmp-XXXXXX", path);
	if (tmp.failed)
		return fi__error_oom();
	file_out f = { mkstemp(tmp.data), 0 };
	if (f.fd < 0) {
		int err = errno;
		fi__buf_free(&tmp);
		return fi__error(FI_EIO, FI_ERRCAT_OS, "cannot write %s: %s", path, strerror(err));
	}
	int rc = fi_export_write(store, params, write_fd, &f);
	if (rc == FI_EUSER && f.err)
		rc = fi__error(FI_EIO, FI_ERRCAT_OS, "cannot write %s: %s", path, strerror(f.err));
	if (rc == FI_OK && fsync(f.fd) != 0)
		rc = fi__error(FI_EIO, FI_ERRCAT_OS, "cannot write %s: %s", path, strerror(errno));
	if (close(f.fd) != 0 && rc == FI_OK)
		rc = fi__error(FI_EIO, FI_ERRCAT_OS, "cannot write %s: %s", path, strerror(errno));
	if (rc == FI_OK && rename(tmp.data, path) != 0)
		rc = fi__error(FI_EIO, FI_ERRCAT_OS, "cannot write %s: %s", path, strerror(errno));
	if (rc)
		unlink(tmp.data);
	fi__buf_free(&tmp);
	return rc;
}
