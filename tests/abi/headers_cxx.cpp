// The public headers compile as C++ (-std=c++11 -pedantic -Wall -Wextra -Werror), the initializer
// macros are valid aggregate initializers there too, and the C symbols link from C++.
#include <fitintel.h>
#include <cstring>

int main()
{
	fi_store_params store = FI_STORE_PARAMS_INIT;
	fi_workout_filter filter = FI_WORKOUT_FILTER_INIT;
	fi_sample_params sample = FI_SAMPLE_PARAMS_INIT;
	fi_kmeans_params kmeans = FI_KMEANS_PARAMS_INIT;
	fi_consistency_params consistency = FI_CONSISTENCY_PARAMS_INIT;
	(void)store;
	(void)filter;
	(void)sample;
	(void)kmeans;
	(void)consistency;
	fi_ingest_params o;
	if (fi_ingest_params_init(&o, FI_INGEST_PARAMS_VERSION) != FI_OK)
		return 1;
	return std::strcmp(fi_version_string(), FI_VERSION_STRING) == 0 ? 0 : 1;
}
