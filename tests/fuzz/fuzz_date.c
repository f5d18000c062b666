/* libFuzzer target: the date parser on any bytes. A date it accepts must be a real calendar day in
 * range and must parse again from its own ISO form to the same day. */
#include <stdlib.h>
#include <string.h>

#include <fitintel.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char iso[11], again[11];
	if (fi_date_parse((const char *)data, size, iso) != FI_OK)
		return 0;
	if (strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
		abort();
	if (fi_date_parse(iso, 10, again) != FI_OK || memcmp(iso, again, 11) != 0)
		abort();
	return 0;
}
