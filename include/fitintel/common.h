/**
 * @file fitintel/common.h
 * @brief Export macro, status codes and the rules every libfitintel function follows.
 *
 * Conventions (they hold for every header):
 * - Fallible functions return an `int` status: FI_OK (0) or a negative FI_E* code. Detail for the
 *   calling thread is in fi_error_last() (fitintel/error.h).
 * - Out-parameters come last. An object returned through `fi_x **out` is owned by the caller and
 *   released with that type's `_free`/`_close`, which accept NULL. Strings and arrays the library
 *   allocates for the caller are released with fi_free().
 * - A pointer returned by a getter is borrowed: valid until its parent is freed or modified.
 * - Params structs carry a version (`FI_*_INIT` or `fi_*_params_init()`). NULL params mean the
 *   same everywhere: for a call on a store, the store's configuration (`fi_config_set()`), whose
 *   unset keys, and whatever it has no key for, are the built-in defaults; for a call without a
 *   store (the kernels), the built-in defaults.
 * - Callbacks are `(fn, payload)` pairs; a non-zero return from a callback stops the call, which
 *   then returns FI_EUSER.
 * - A handle is used by one thread at a time; different handles may be used concurrently.
 * - The library never prints, exits or aborts. It turns GSL's abort-on-error handler off for the
 *   process (gsl_set_error_handler_off) the first time a store is opened or a kernel runs.
 */
#ifndef FITINTEL_COMMON_H
#define FITINTEL_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(FI_BUILDING_LIBRARY)
#    define FI_API __declspec(dllexport)
#  else
#    define FI_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define FI_API __attribute__((visibility("default")))
#else
#  define FI_API
#endif

#ifdef __cplusplus
#  define FI_BEGIN_DECLS extern "C" {
#  define FI_END_DECLS }
#else
#  define FI_BEGIN_DECLS
#  define FI_END_DECLS
#endif

FI_BEGIN_DECLS

/**
 * Status codes. Numbered by hand and never renumbered; gaps are deliberate.
 */
typedef enum fi_status {
	FI_OK = 0,          /**< success */
	FI_ERROR = -1,      /**< unexpected failure; see fi_error_last() */
	FI_ENOTFOUND = -3,  /**< the requested object does not exist */
	FI_EEXISTS = -4,    /**< the object already exists */
	FI_EINVALID = -5,   /**< an argument is invalid (NULL where not allowed, out of range, ...) */
	FI_EPARSE = -10,    /**< bad input; fi_error_last() names file, line and column */
	FI_EIO = -11,       /**< reading or writing a file failed */
	FI_ENOMEM = -12,    /**< out of memory */
	FI_ESTORE = -20,    /**< the store (SQLite) failed or is not a libfitintel store */
	FI_EBUSY = -21,     /**< the store is locked by another writer beyond the busy timeout */
	FI_EVERSION = -22,  /**< the store's schema is newer than this library understands */
	FI_EREADONLY = -23, /**< a write was attempted on a read-only store */
	FI_ELIMIT = -30,    /**< a configured limit (size, rows, time) was hit */
	FI_EUSER = -40      /**< a callback returned non-zero */
} fi_status;

/**
 * Release memory the library allocated for the caller (strings, arrays). Accepts NULL.
 * @since 0.1
 */
FI_API void fi_free(void *ptr);

FI_END_DECLS

#endif
