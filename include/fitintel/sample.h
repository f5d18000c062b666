/**
 * @file fitintel/sample.h
 * @brief A realistic synthetic MapMyRun export, for demos, tests and benchmarks.
 *
 * The story: years of training runs, then a dog arrives (the era date) and most workouts become dog
 * walks logged as "Run", with some real runs and mixed run/walks, a few garbage rows with absurd
 * values, AP-style dates, empty cells, and notes with quotes, commas, newlines and HTML-looking text.
 * Rows are written newest first, as MapMyRun does. The same options and seed give the same bytes.
 */
#ifndef FITINTEL_SAMPLE_H
#define FITINTEL_SAMPLE_H

#include "fitintel/common.h"

FI_BEGIN_DECLS

/** Units of the generated export's header. */
typedef enum fi_units {
	FI_UNITS_MILES = 0, /**< Distance (mi), Avg Pace (min/mi), ... */
	FI_UNITS_KM = 1     /**< Distance (km), Avg Pace (min/km), ... (metric accounts) */
} fi_units;

/** Options for fi_sample_write(). Initialise with FI_SAMPLE_OPTIONS_INIT or fi_sample_options_init(). */
typedef struct fi_sample_options {
	unsigned int version;    /**< FI_SAMPLE_OPTIONS_VERSION */
	size_t rows;             /**< number of workouts; default 3000 */
	uint64_t seed;           /**< RNG seed; default 42 */
	const char *start_date;  /**< first workout date, ISO; default "2012-01-01" */
	const char *end_date;    /**< last workout date, ISO; default "2025-12-31" */
	const char *era_date;    /**< the dog arrives, ISO; default "2018-06-01" */
	int64_t first_id;        /**< smallest workout id; default 1000000000 */
	int units;               /**< an fi_units; default FI_UNITS_MILES */
} fi_sample_options;

#define FI_SAMPLE_OPTIONS_VERSION 1
#define FI_SAMPLE_OPTIONS_INIT { FI_SAMPLE_OPTIONS_VERSION, 3000, 42, "2012-01-01", "2025-12-31", "2018-06-01", 1000000000, FI_UNITS_MILES }

/** Fill @p opts with defaults. @since 0.1 */
FI_API int fi_sample_options_init(fi_sample_options *opts, unsigned int version);

/**
 * Write a sample export to @p csv_path and, when @p truth_path is not NULL, a truth file beside it:
 * CSV `workout_id,kind` with the generator's intended label (real_run, pup_walk, mixed, outlier) of
 * every row.
 * @return FI_OK; FI_EINVALID for bad options (0 rows, unparseable or reversed dates); FI_EIO.
 * @since 0.1
 */
FI_API int fi_sample_write(const char *csv_path, const char *truth_path, const fi_sample_options *opts);

FI_END_DECLS

#endif
