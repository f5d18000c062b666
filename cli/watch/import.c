/* One file of the drop folder: import it, move it to processed/ or failed/ (writing the reasons
 * file), print one line, run the notification hook (see import.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "import_print.h"
#include "interrupt.h"
#include "notify.h"
#include "output.h"
#include "progress.h"
#include "files.h"
#include "import.h"

/* A failure that is the file's (it goes to failed/) rather than the store's or ours (it stays
 * in DIR and the watcher stops, so that a supervisor restarts it). */
static bool file_at_fault(int rc)
{
	const fi_error *e = fi_error_last();

	switch (rc) {
	case FI_EPARSE:
	case FI_ELIMIT:
	case FI_EINVALID:
		return true;
	case FI_EIO:
		return e->code != FI_EIO || e->category != FI_ERRCAT_STORE;
	default:
		return false;
	}
}

static char *reasons_text(const char *name, int rc, const fi_import_report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	fprintf(f, "%s\n", cli_import_print_message(r, rc));
	if (r)
		cli_import_print_rejects(f, name, r);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* "imported x.csv: 120 added, 0 duplicates → processed/" and its kin. */
static void print_outcome(const char *name, int rc, const fi_import_report *r,
			  const char *subdir, const char *final_name)
{
	char added[32], dups[32], rejected[32];

	/* Names come from whoever writes to the drop folder: out_text() keeps them printable. */
	if (rc == FI_OK && r) {
		out_format_count(added, sizeof added, fi_import_report_rows_added(r));
		out_format_count(dups, sizeof dups, fi_import_report_rows_duplicate(r));
		out_format_count(rejected, sizeof rejected, fi_import_report_rows_rejected(r));
		fputs("imported ", stdout);
		out_text(stdout, name);
		if (fi_import_report_same_as(r) > 0)
			printf(": nothing new (same bytes as import #%lld)",
			       (long long)fi_import_report_same_as(r));
		else
			printf(": %s added, %s duplicate%s", added, dups,
			       fi_import_report_rows_duplicate(r) == 1 ? "" : "s");
		if (fi_import_report_rows_rejected(r) > 0)
			printf(", %s rejected", rejected);
	} else if (r && fi_import_report_rows_rejected(r) > 0) {
		out_format_count(rejected, sizeof rejected, fi_import_report_rows_rejected(r));
		fputs("rejected ", stdout);
		out_text(stdout, name);
		printf(": %s row%s rejected, nothing imported", rejected,
		       fi_import_report_rows_rejected(r) == 1 ? "" : "s");
	} else {
		fputs(rc == FI_EPARSE ? "rejected " : "failed ", stdout);
		out_text(stdout, name);
		fputs(": ", stdout);
		out_text(stdout, cli_import_print_message(r, rc));
	}
	printf(" \xE2\x86\x92 %s/", subdir);
	if (strcmp(final_name, name) != 0)
		out_text(stdout, final_name);
	fputc('\n', stdout);
	fflush(stdout);
}

int watch_import_file(const watch_job *job, const char *name)
{
	fi_ingest_params opts = FI_INGEST_PARAMS_INIT;
	fi_import_report *r = NULL;
	cli_progress progress;
	const char *subdir;
	char *path, *final_name = NULL, *json = NULL, *moved = NULL;
	struct stat st;
	int rc, result = WATCH_DONE;

	path = watch_path(job->dir, name, NULL);
	if (!path) {
		cli_error("out of memory");
		return WATCH_FATAL;
	}
	cli_progress_begin(&progress, false, name);
	opts.policy = job->policy;
	opts.progress_cb = cli_progress_cb; /* cancels the import on SIGINT/SIGTERM */
	opts.progress_payload = &progress;
	rc = fi_ingest_file(job->store, path, &opts, &r);

	if (rc == FI_EUSER && cli_interrupted()) {
		/* Nothing of it was written; it stays in DIR for the next start. */
		cli_error("stopped while importing %s; it stays in %s", name, job->dir);
		goto out;
	}
	if (rc != FI_OK && !r && stat(path, &st) != 0 && errno == ENOENT)
		goto out; /* vanished before we could read it: nothing to do */
	if (rc != FI_OK && !file_at_fault(rc)) {
		cli_import_print_error(rc, path);
		cli_error("%s stays in %s; stopping", name, job->dir);
		result = WATCH_FATAL;
		goto out;
	}

	subdir = rc == FI_OK ? WATCH_PROCESSED : WATCH_FAILED;
	if (watch_move(job->dir, name, subdir, r ? fi_import_report_id(r) : 0, &final_name) != 0) {
		if (errno == ENOENT)
			goto out; /* removed by someone else meanwhile */
		cli_error("cannot move %s to %s/: %s", path, subdir, strerror(errno));
		result = WATCH_ERROR;
		goto out;
	}
	if (rc != FI_OK) {
		char *text = reasons_text(name, rc, r);

		if (!text || watch_write_reasons(job->dir, final_name, text) != 0) {
			cli_error("cannot write %s/%s/%s.reasons.txt: %s", job->dir, WATCH_FAILED,
				  final_name, text ? strerror(errno) : "out of memory");
			result = WATCH_ERROR;
		}
		free(text);
	}
	print_outcome(name, rc, r, subdir, final_name);

	if (job->notify) {
		json = cli_import_print_json(r, rc, path);
		moved = watch_path(job->dir, subdir, final_name);
		if (!json || !moved) {
			cli_error("%s: out of memory while running the notify hook", name);
			result = WATCH_ERROR;
		} else {
			cli_notify_run(job->notify, json, cli_import_print_status_name(r), moved);
		}
	}
out:
	free(json);
	free(moved);
	free(final_name);
	fi_import_report_free(r);
	free(path);
	return result;
}
