/**
 * @file fitintel/date.h
 * @brief Day numbers (days since 1970-01-01, the frame's FI_COLUMN_DAY and every analysis's
 *        `day`) to and from ISO dates, so callers need no calendar code of their own.
 */
#ifndef FITINTEL_DATE_H
#define FITINTEL_DATE_H

#include "fitintel/common.h"

FI_BEGIN_DECLS

/** Smallest and largest day numbers with an ISO date: 0001-01-01 and 9999-12-31. */
#define FI_DAY_MIN (-719162)
#define FI_DAY_MAX 2932896

/**
 * Write day number @p day as "YYYY-MM-DD" (10 characters and a NUL) into @p iso.
 * @return FI_OK; FI_EINVALID (recorded; @p iso set to "") when @p day is outside
 *         FI_DAY_MIN … FI_DAY_MAX or @p iso is NULL.
 * @since 0.2
 */
FI_API int fi_day_to_date(int32_t day, char iso[11]);

/**
 * The day number of the ISO date @p iso ("YYYY-MM-DD", a real calendar day).
 * @return FI_OK; FI_EINVALID (recorded, naming the text) when @p iso is not such a date or an
 *         argument is NULL; @p day is then left as it was.
 * @since 0.2
 */
FI_API int fi_date_to_day(const char *iso, int32_t *day);

FI_END_DECLS

#endif
