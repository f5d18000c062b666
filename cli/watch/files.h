/* The drop folder's file handling for `fitintel watch`: which names are candidates, the
 * processed/ and failed/ folders, moving a file there under a free name, the reasons file. */
#ifndef FITINTEL_CLI_WATCH_FILES_H
#define FITINTEL_CLI_WATCH_FILES_H

#include <stdbool.h>
#include <stdint.h>

#define WATCH_PROCESSED "processed"
#define WATCH_FAILED "failed"

/* True for a name the watcher imports: ends with ".csv" (any case), does not start with '.'. */
bool watch_is_candidate(const char *name);

/* Create @dir/processed and @dir/failed (mode 0755) when missing.
 * @return 0, or -1 with the error printed. */
int watch_prepare_dirs(const char *dir);

/* Move @dir/@name into @dir/@subdir under a name not taken there: @name itself, else with
 * ".<import_id>" before the extension (when @import_id > 0), else with a counter. Never
 * overwrites (RENAME_NOREPLACE).
 * @param[out] final_name  the name it now has in @subdir; caller frees with free().
 * @return 0, or -1 with errno set (ENOENT: the file vanished). */
int watch_move(const char *dir, const char *name, const char *subdir, int64_t import_id,
	       char **final_name);

/* Write @text to @dir/failed/@csv_name.reasons.txt (through a temporary file and a rename, so
 * the file is whole or absent). @return 0, or -1 with errno set. */
int watch_write_reasons(const char *dir, const char *csv_name, const char *text);

/* "@a/@b" (and "/@c" when @c is not NULL) in a new string; NULL when out of memory. */
char *watch_path(const char *a, const char *b, const char *c);

#endif
