/* Helpers shared by the array kernels. */
#ifndef FITINTEL_KERNEL_H
#define FITINTEL_KERNEL_H

#include "../internal.h"

/* FI_EINVALID naming @what when any of x[0..n) is NaN or infinite. */
int fi__require_finite(const double *x, size_t n, const char *what);
/* A sorted copy of x (caller frees with free()); NULL and an error recorded on failure. */
double *fi__sorted_copy(const double *x, size_t n);

#endif
