/* The per-thread last error (fitintel/error.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct error_slot {
	fi_error public_view;
	char message[sizeof((fi__error_snapshot *)0)->message];
	char file[sizeof((fi__error_snapshot *)0)->file];
	char field[sizeof((fi__error_snapshot *)0)->field];
} error_slot;

static _Thread_local error_slot tls_error = {
	{ FI_OK, FI_ERRCAT_NONE, "no error", "", 0, 0, "" }, "", "", ""
};

static void copy_text(char *dst, size_t cap, const char *src)
{
	if (!src)
		src = "";
	snprintf(dst, cap, "%s", src);
}

static void set_error(int code, int category, const char *file, long line, int column,
		      const char *field, const char *fmt, va_list ap) FI__PRINTF(7, 0);

static void set_error(int code, int category, const char *file, long line, int column,
		      const char *field, const char *fmt, va_list ap)
{
	error_slot *e = &tls_error;
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	copy_text(e->file, sizeof e->file, file);
	copy_text(e->field, sizeof e->field, field);
	e->public_view.code = code;
	e->public_view.category = category;
	e->public_view.message = e->message;
	e->public_view.file = e->file;
	e->public_view.line = line;
	e->public_view.column = column;
	e->public_view.field = e->field;
}

int fi__error(int code, int category, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_error(code, category, NULL, 0, 0, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int fi__error_at(int code, const char *file, long line, int column, const char *field,
		 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_error(code, FI_ERRCAT_INGEST, file, line, column, field, fmt, ap);
	va_end(ap);
	return code;
}

int fi__error_oom(void)
{
	return fi__error(FI_ENOMEM, FI_ERRCAT_OS, "out of memory");
}

void fi__error_save(fi__error_snapshot *out)
{
	const error_slot *e = &tls_error;
	out->code = e->public_view.code;
	out->category = e->public_view.category;
	out->line = e->public_view.line;
	out->column = e->public_view.column;
	memcpy(out->message, e->message, sizeof out->message);
	memcpy(out->file, e->file, sizeof out->file);
	memcpy(out->field, e->field, sizeof out->field);
}

void fi__error_restore(const fi__error_snapshot *saved)
{
	error_slot *e = &tls_error;
	memcpy(e->message, saved->message, sizeof e->message);
	memcpy(e->file, saved->file, sizeof e->file);
	memcpy(e->field, saved->field, sizeof e->field);
	e->public_view = (fi_error){ saved->code, saved->category,
		saved->code == FI_OK ? "no error" : e->message, e->file, saved->line, saved->column,
		e->field };
}

const fi_error *fi_error_last(void)
{
	return &tls_error.public_view;
}

void fi_error_clear(void)
{
	error_slot *e = &tls_error;
	e->message[0] = e->file[0] = e->field[0] = '\0';
	e->public_view = (fi_error){ FI_OK, FI_ERRCAT_NONE, "no error", e->file, 0, 0, e->field };
}

const char *fi_strerror(int code)
{
	switch (code) {
	case FI_OK: return "FI_OK";
	case FI_ERROR: return "FI_ERROR";
	case FI_ENOTFOUND: return "FI_ENOTFOUND";
	case FI_EEXISTS: return "FI_EEXISTS";
	case FI_EINVALID: return "FI_EINVALID";
	case FI_EPARSE: return "FI_EPARSE";
	case FI_EIO: return "FI_EIO";
	case FI_ENOMEM: return "FI_ENOMEM";
	case FI_ESTORE: return "FI_ESTORE";
	case FI_EBUSY: return "FI_EBUSY";
	case FI_EVERSION: return "FI_EVERSION";
	case FI_EREADONLY: return "FI_EREADONLY";
	case FI_ELIMIT: return "FI_ELIMIT";
	case FI_EUSER: return "FI_EUSER";
	default: return "FI_UNKNOWN";
	}
}

void fi_free(void *ptr)
{
	free(ptr);
}
