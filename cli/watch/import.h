/* Handling one file of the drop folder for `fitintel watch`. */
#ifndef FITINTEL_CLI_WATCH_IMPORT_H
#define FITINTEL_CLI_WATCH_IMPORT_H

#include "fitintel.h"

/* What the watcher hands over for each file. */
typedef struct watch_job {
	const char *dir;     /* the drop folder */
	fi_store *store;
	int policy;          /* an fi_ingest_policy */
	const char *notify;  /* the hook command, or NULL */
} watch_job;

enum watch_result {
	WATCH_DONE = 0,  /* handled (imported, filed away, or skipped because it vanished) */
	WATCH_ERROR = 1, /* reported on stderr; the watcher goes on but exits 1 at the end */
	WATCH_FATAL = 2  /* reported; the file stays in DIR and the watcher must stop */
};

/* Import DIR/@name; on success (or nothing new) move it to DIR/processed/, when refused or
 * unreadable to DIR/failed/ with DIR/failed/NAME.reasons.txt; print one line on stdout; run the
 * hook with the JSON record. A file that vanished is skipped silently; an import cancelled by
 * SIGINT/SIGTERM leaves the file in DIR. Failures of the store leave it there too and return
 * WATCH_FATAL, so that a supervisor restarts the watcher.
 * @return an enum watch_result. */
int watch_import_file(const watch_job *job, const char *name);

#endif
