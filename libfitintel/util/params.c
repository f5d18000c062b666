/* fi_*_params_init() of a params type that has grown: a caller built against an older release
 * passes a smaller struct, which is filled to its own size only. */
#include <string.h>

#include "internal.h"

int fi__params_init_versioned(void *p, unsigned int version, const void *defaults, const size_t *sizes,
			      unsigned int versions, const char *name)
{
	if (!p || version < 1 || version > versions)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "%s: NULL or version %u (this library's is 1 to %u)",
				 name, version, versions);
	memcpy(p, defaults, sizes[version - 1]);
	memcpy(p, &version, sizeof version);   /* every params struct starts with its version */
	return FI_OK;
}
