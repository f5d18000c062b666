/* Shared fixtures for the C tests: temporary folders, files, and dumps of a store's data. */
#ifndef FITINTEL_TEST_HELPERS_H
#define FITINTEL_TEST_HELPERS_H

#include <fitintel.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The header of a real MapMyRun export (miles). */
#define EXPORT_HEADER                                                                              \
	"Date Submitted,Workout Date,Activity Type,Calories Burned (kcal),Distance (mi),"          \
	"Workout Time (seconds),Avg Pace (min/mi),Max Pace (min/mi),Avg Speed (mi/h),"             \
	"Max Speed (mi/h),Avg Heart Rate,Steps,Notes,Source,Link"

/* A fresh temporary folder (removed by test_cleanup()). */
const char *test_tmpdir(void);
void test_cleanup(void);
/* test_tmpdir()/name; static storage rotates over 8 slots. */
const char *test_path(const char *name);
/* Write @content to test_tmpdir()/name and return the path. */
const char *test_write(const char *name, const char *content, size_t len);
#define test_write_str(name, s) test_write((name), (s), strlen(s))

/* A valid data row for workout @id on ISO-ish date text @date ("Oct. 7, 2025"). Static buffer. */
const char *test_row(long long id, const char *date, const char *distance, const char *notes);

/* Open a fresh store at test_tmpdir()/name. Aborts the test program on failure. */
fi_store *test_store(const char *name);

/* Every row of every data table (not the imports log), as text; caller frees with free(). */
char *test_dump_data(const char *db_path);

/* Everything a call could change in a store: the header pragmas, the schema, and every row of
 * every table with each cell's storage type and exact value (reals in hex, text and blobs as
 * the hex of their bytes, so the dump is one string); caller frees with free(). */
char *test_full_dump(const char *db_path);

/* Import @path with @policy; returns the status and sets *report (may be NULL). */
int test_ingest(fi_store *s, const char *path, int policy, fi_import_report **report);
/* A fresh store test_tmpdir()/name holding the workouts of the export @csv_path (a strict import).
 * Aborts the test program when the import fails. */
fi_store *test_store_with(const char *name, const char *csv_path);

/* Run @sql on the store file @db_path through a connection of its own (waiting up to 5 s for a
 * lock); a failure is printed as a TAP comment. */
void test_exec(const char *db_path, const char *sql);

/* "YYYY-MM-DD" of day number @day (days since 1970-01-01), computed here rather than by the
 * library, so that the tests do not check the library against itself. */
void test_iso_of_day(int32_t day, char out[11]);

/* Rows of workouts matching an SQL condition, counted directly with SQLite. */
long long test_count(const char *db_path, const char *where);
/* One text value from SQL (static buffer), "" when NULL, "(none)" when no row. */
const char *test_query_text(const char *db_path, const char *sql);

/* The next number of the xorshift sequence in *@state (nonzero): sweeps that are the same every run. */
uint64_t test_random(uint64_t *state);

#endif
