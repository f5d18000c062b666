#include "internal.h"

int fi_version(void)
{
	return FI_VERSION_NUMBER;
}

const char *fi_version_string(void)
{
	return FI_VERSION_STRING;
}
