// The public headers compile as C++ (built with -std=c++11 -pedantic -Werror) and link from C++.
#include <fitintel.h>
#include <cstring>

int main()
{
	fi_ingest_options o;
	if (fi_ingest_options_init(&o, FI_INGEST_OPTIONS_VERSION) != FI_OK)
		return 1;
	return std::strcmp(fi_version_string(), FI_VERSION_STRING) == 0 ? 0 : 1;
}
