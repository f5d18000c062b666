/* The sink every export writer appends to: a buffer handed to the caller's writer in pieces. */
#include "export_internal.h"

int fi__sink_flush(fi__sink *s, size_t min)
{
	if (s->b.failed)
		return fi__error_oom();
	if (!s->write || s->b.len == 0 || s->b.len < min)
		return FI_OK;
	int stop = s->write(s->b.data, s->b.len, s->payload);
	fi__buf_clear(&s->b);
	if (stop)
		return fi__error(FI_EUSER, FI_ERRCAT_CALLBACK, "the export's writer stopped it (%d)", stop);
	return FI_OK;
}
