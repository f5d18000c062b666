/* Presenting one import's outcome, shared by `ingest` and `watch`: the summary line, the rejects,
 * the JSON record (also for attempts the library kept no record of) and the reasons file text. */
#ifndef FITINTEL_CLI_IMPORT_PRINT_H
#define FITINTEL_CLI_IMPORT_PRINT_H

#include <stdio.h>

#include "fitintel.h"

/* The summary sentence of @r for @path, with the path in front when the library's message does
 * not already name it. Written to @f with a newline. */
void cli_import_print_summary(FILE *f, const char *path, const fi_import_report *r);

/* Each kept reject of @r as "PATH:LINE: FIELD: message" (FIELD left out when the whole row is at
 * fault), one per line, then "FILE: N more rejected rows not listed" when the report kept fewer
 * than were rejected. */
void cli_import_print_rejects(FILE *f, const char *path, const fi_import_report *r);

/* One reject as "LABEL:LINE: FIELD: message" with a newline; @source is the path the library
 * knew the file by (the location it put in front of the message is dropped). */
void cli_import_print_reject(FILE *f, const char *label, const char *source, const fi_reject *rej);

/* The JSON record of an attempt: the library's when @r is not NULL, else a small object
 * {"import_id":null, "file":..., "status":"failed", "message":..., "error":"FI_EIO"} built from @rc and
 * fi_error_last(). Caller frees with free(); NULL when out of memory. */
char *cli_import_print_json(const fi_import_report *r, int rc, const char *path);

/* The status name for the hook's environment: the report's, else "failed". */
const char *cli_import_print_status_name(const fi_import_report *r);

/* Print the library's error for a failed fi_ingest_file() of @path (no report, or a refusal with
 * no rejects to show) as "fitintel: ...". */
void cli_import_print_error(int rc, const char *path);

/* The message of an attempt: the report's, else the library's last error. Borrowed. */
const char *cli_import_print_message(const fi_import_report *r, int rc);

#endif
