/* Params types that have grown: a caller built against an older release passes a smaller struct,
 * which is filled (fi_*_params_init()) and read (by the function it is given to) to its own size
 * only. */
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

bool fi__params_upgrade(const void *in, void *out, const void *defaults, const size_t *sizes,
			unsigned int versions)
{
	unsigned int version;
	memcpy(&version, in, sizeof version);
	memcpy(out, defaults, sizes[versions - 1]);
	if (version < 1 || version > versions) {
		memcpy(out, &version, sizeof version);   /* for the caller to refuse, naming it */
		return false;
	}
	memcpy(out, in, sizes[version - 1]);
	memcpy(out, &versions, sizeof versions);    /* the current version's number */
	return true;
}
