/* The public headers compile as strict C99 (built with -std=c99 -pedantic -Werror). */
#include <fitintel.h>

int main(void)
{
	fi_ingest_options o = FI_INGEST_OPTIONS_INIT;
	fi_store_options s = FI_STORE_OPTIONS_INIT;
	fi_workout_filter f = FI_WORKOUT_FILTER_INIT;
	fi_sample_options p = FI_SAMPLE_OPTIONS_INIT;
	(void)s;
	(void)f;
	(void)p;
	return o.version == FI_INGEST_OPTIONS_VERSION && fi_version() == FI_VERSION_NUMBER ? 0 : 1;
}
