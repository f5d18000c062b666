/* The public headers compile as strict C99 (-std=c99 -pedantic -Wall -Wextra -Werror), every
 * initializer macro is valid C99, and the program links and runs against the shared library. */
#include <fitintel.h>
#include <string.h>

int main(void)
{
	fi_store_params store = FI_STORE_PARAMS_INIT;
	fi_ingest_params ingest = FI_INGEST_PARAMS_INIT;
	fi_workout_filter filter = FI_WORKOUT_FILTER_INIT;
	fi_sample_params sample = FI_SAMPLE_PARAMS_INIT;
	fi_kmeans_params kmeans = FI_KMEANS_PARAMS_INIT;
	fi_consistency_params consistency = FI_CONSISTENCY_PARAMS_INIT;
	(void)store;
	(void)filter;
	(void)sample;
	(void)kmeans;
	(void)consistency;
	if (ingest.version != FI_INGEST_PARAMS_VERSION || fi_version() != FI_VERSION_NUMBER)
		return 1;
	return strcmp(fi_version_string(), FI_VERSION_STRING) == 0 ? 0 : 1;
}
