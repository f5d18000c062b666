/**
 * @file fitintel/error.h
 * @brief Per-thread detail of the last failure.
 *
 * Every function that returns a negative status first records what went wrong for the calling
 * thread. The record stays until the next failure on that thread or fi_error_clear(); a success
 * does not clear it, so read it right after the failing call.
 */
#ifndef FITINTEL_ERROR_H
#define FITINTEL_ERROR_H

#include "fitintel/common.h"

FI_BEGIN_DECLS

/** Which part of the library reported the error. */
typedef enum fi_error_category {
	FI_ERRCAT_NONE = 0,   /**< no error recorded (code FI_OK) */
	FI_ERRCAT_OS = 1,     /**< the operating system (files, memory) */
	FI_ERRCAT_STORE = 2,  /**< SQLite or the store schema */
	FI_ERRCAT_INGEST = 3, /**< reading an export */
	FI_ERRCAT_ARG = 4,    /**< the caller's arguments */
	FI_ERRCAT_KERNEL = 5, /**< numerical code */
	FI_ERRCAT_CALLBACK = 6 /**< a callback of the caller stopped the call (FI_EUSER) */
} fi_error_category;

/**
 * Detail of the last failure on this thread. Strings are never NULL (empty when unknown) and are
 * owned by the library, valid until the next failure on this thread.
 */
typedef struct fi_error {
	int code;            /**< the fi_status returned */
	int category;        /**< an fi_error_category */
	const char *message; /**< human-readable, complete sentence(s) */
	const char *file;    /**< input file, for FI_EPARSE and FI_EIO ("" otherwise) */
	long line;           /**< 1-based line of the input, 0 when not applicable */
	int column;          /**< 1-based column (field index), 0 when not applicable */
	const char *field;   /**< column name from the header ("" when not applicable) */
} fi_error;

/**
 * The last error recorded on the calling thread. Never NULL: with no error recorded, code is FI_OK
 * and message is "no error". Borrowed; valid until the next failure on this thread.
 * @since 0.1
 */
FI_API const fi_error *fi_error_last(void);

/** Forget the calling thread's last error. @since 0.1 */
FI_API void fi_error_clear(void);

/** Static name of a status code ("FI_EPARSE"), "FI_UNKNOWN" for codes not listed. @since 0.1 */
FI_API const char *fi_strerror(int code);

FI_END_DECLS

#endif
