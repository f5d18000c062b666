/**
 * @file fitintel/sample.h
 * @brief A realistic synthetic MapMyRun export, for demos, tests and benchmarks.
 *
 * The story: years of training runs, then a dog arrives (the era date) and most workouts become dog
 * walks logged as "Run", with some real runs and mixed run/walks, a few garbage rows with absurd
 * values, AP-style dates, empty cells, and notes with quotes, commas, newlines and HTML-looking text.
 * Rows are written newest first, as MapMyRun does. The same options and seed give the same bytes.
 *
 * Profiles (fi_sample_params.profiles) add the mess of real exports that the clean story leaves
 * out: steps estimated from distance, a pedometer that double-counted for two years, brisk walks
 * and slow runs whose paces overlap, bike rides and gym sessions, metric units, a short history.
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

/**
 * Realism profiles: bits of fi_sample_params.profiles, combined with `|` (names with commas in
 * fi_sample_profiles_parse()). Numbered by hand; never renumbered. 0 is the clean generator.
 * @since 0.2
 */
typedef enum fi_sample_profile {
	FI_SAMPLE_PROFILE_CLEAN = 0,                 /**< "clean": the story as it is */
	FI_SAMPLE_PROFILE_NO_STEPS = 1u << 0,        /**< "no-steps": every Steps cell empty */
	FI_SAMPLE_PROFILE_ESTIMATED_STEPS = 1u << 1, /**< "estimated-steps": walk and mixed steps
	                                                  from distance (~3,300/mi ± 5%), so brisk
	                                                  walks show a runner's cadence */
	FI_SAMPLE_PROFILE_DEVICE_CHANGE = 1u << 2,   /**< "device-change": run steps ×1.6 in the 3rd
	                                                  calendar year of the span, ×1.25 in the 4th */
	FI_SAMPLE_PROFILE_BRISK_WALKS = 1u << 3,     /**< "brisk-walks": ~30% of dog walks at 15–19
	                                                  min/mi, mixed outings at 12.5–17.5 */
	FI_SAMPLE_PROFILE_SLOW_RUNS = 1u << 4,       /**< "slow-runs": ~15% of runs at 11–13 min/mi */
	FI_SAMPLE_PROFILE_KM = 1u << 5,              /**< "km": a metric account (units km) */
	FI_SAMPLE_PROFILE_SHORT = 1u << 6,           /**< "short": FI_SAMPLE_SHORT_ROWS workouts,
	                                                  whatever `rows` says */
	FI_SAMPLE_PROFILE_NO_DOG = 1u << 7,          /**< "no-dog": one era of runs (and the garbage
	                                                  rows): no walks, no mixed outings */
	FI_SAMPLE_PROFILE_MULTI_SPORT = 1u << 8,     /**< "multi-sport": ~8% bike rides, swims and
	                                                  gym sessions, truth kind `other` */
	FI_SAMPLE_PROFILE_REAL_LIKE = 1u << 9        /**< "real-like": estimated-steps, device-change,
	                                                  brisk-walks, slow-runs and multi-sport with
	                                                  shares fitted to a real 14-year export (run
	                                                  it with rows 2774, 2013-06-25 to 2025-10-07,
	                                                  era 2018-06-01); its shares win over those
	                                                  of the profiles it includes */
} fi_sample_profile;

/** Every profile bit. */
#define FI_SAMPLE_PROFILE_ALL ((1u << 10) - 1)
/** Workouts written under FI_SAMPLE_PROFILE_SHORT. */
#define FI_SAMPLE_SHORT_ROWS 60

/** Options for fi_sample_write(). Initialise with FI_SAMPLE_PARAMS_INIT or fi_sample_params_init(). */
typedef struct fi_sample_params {
	unsigned int version;    /**< FI_SAMPLE_PARAMS_VERSION */
	size_t rows;             /**< number of workouts; default 3000 */
	uint64_t seed;           /**< RNG seed; default 42 */
	const char *start_date;  /**< first workout date, ISO; default "2012-01-01" */
	const char *end_date;    /**< last workout date, ISO; default "2025-12-31" */
	const char *era_date;    /**< the dog arrives, ISO; default "2018-06-01" */
	int64_t first_id;        /**< smallest workout id; default 1000000000 */
	int units;               /**< an fi_units; default FI_UNITS_MILES */
	unsigned int profiles;   /**< fi_sample_profile bits; default 0 (clean). @since 0.2 (version 2) */
} fi_sample_params;

/** 2 since 0.2 (`profiles`); structs of version 1, which end before `profiles`, are still read. */
#define FI_SAMPLE_PARAMS_VERSION 2
#define FI_SAMPLE_PARAMS_INIT { FI_SAMPLE_PARAMS_VERSION, 3000, 42, "2012-01-01", "2025-12-31", "2018-06-01", 1000000000, FI_UNITS_MILES, FI_SAMPLE_PROFILE_CLEAN }

/** Fill @p opts with defaults. @p version is the caller's FI_SAMPLE_PARAMS_VERSION (1 or 2): a
 *  version-1 struct is shorter, and only its fields are written.
 *  @return FI_OK; FI_EINVALID for NULL or another version.
 *  @since 0.2 (fi_sample_options_init() in 0.1) */
FI_API int fi_sample_params_init(fi_sample_params *opts, unsigned int version);

/* The 0.1 names of the above (0.2 calls every parameter struct _params). Kept so that 0.1 code
 * builds and links unchanged; new code uses the names above. */
/** The 0.1 name of fi_sample_params. @note Deprecated since 0.2. */
typedef fi_sample_params fi_sample_options;
#define FI_SAMPLE_OPTIONS_VERSION FI_SAMPLE_PARAMS_VERSION
#define FI_SAMPLE_OPTIONS_INIT FI_SAMPLE_PARAMS_INIT
/**
 * The 0.1 name of fi_sample_params_init(), which it calls.
 * @note Deprecated since 0.2.
 * @since 0.1
 */
FI_API int fi_sample_options_init(fi_sample_options *opts, unsigned int version);

/**
 * Write a sample export to @p csv_path and, when @p truth_path is not NULL, a truth file beside it:
 * CSV `workout_id,kind` with the generator's intended label (real_run, pup_walk, mixed, outlier, and
 * `other` for the non-foot rows of FI_SAMPLE_PROFILE_MULTI_SPORT) of every row. @p opts NULL: defaults.
 * @return FI_OK; FI_EINVALID for bad options (0 rows, unparseable or reversed dates, unknown
 *         profile bits); FI_EIO.
 * @since 0.1
 */
FI_API int fi_sample_write(const char *csv_path, const char *truth_path, const fi_sample_params *opts);

/**
 * Parse profile names separated by commas ("estimated-steps,device-change"; case-insensitive,
 * blanks around names ignored; "clean" adds nothing) into fi_sample_profile bits in @p out.
 * @return FI_OK; FI_EINVALID for NULL, an empty name or an unknown one (the message lists the
 *         accepted names); @p out is untouched on error. @since 0.2
 */
FI_API int fi_sample_profiles_parse(const char *names, unsigned int *out);

/** Static name of one fi_sample_profile ("clean" for 0, "no-steps", ..., "real-like"); NULL when
 *  @p profile is not exactly one known bit. @since 0.2 */
FI_API const char *fi_sample_profile_name(unsigned int profile);

FI_END_DECLS

#endif
