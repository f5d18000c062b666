/* The briefing as an export: its own JSON, or one CSV row per insight and recommendation. */
#include <string.h>

#include "util/cell_write.h"
#include "export_internal.h"

static void csv_str(fi__buf *b, const char *s, bool last)
{
	if (s)
		fi__csv_text(b, s, strlen(s));
	fi__buf_puts(b, last ? "\r\n" : ",");
}

static void csv_insight(fi__buf *b, const char *section, const fi_insight *in)
{
	csv_str(b, section, false);
	csv_str(b, in->kind, false);
	csv_str(b, fi_severity_name(in->severity), false);
	csv_str(b, in->title, false);
	csv_str(b, in->text, false);
	csv_str(b, in->method, false);
	csv_str(b, in->evidence, true);
}

int fi__export_brief(fi_store *store, const fi_brief_params *params, int format, fi__sink *s)
{
	fi_brief *brief = NULL;
	int rc = fi_brief_make(store, params, &brief);
	if (rc)
		return rc;
	if (format == FI_EXPORT_JSON) {
		char *json = NULL;
		if ((rc = fi_brief_render(brief, FI_BRIEF_JSON, &json)) == FI_OK) {
			fi__buf_puts(&s->b, json);
			fi__buf_putc(&s->b, '\n');
			fi_free(json);
		}
	} else {
		fi__buf_puts(&s->b, "section,kind,severity,title,text,method,evidence\r\n");
		for (size_t i = 0; i < fi_brief_insight_count(brief); i++)
			csv_insight(&s->b, "insight", fi_brief_insight_at(brief, i));
		for (size_t i = 0; i < fi_brief_recommendation_count(brief); i++)
			csv_insight(&s->b, "recommendation", fi_brief_recommendation_at(brief, i));
	}
	fi_brief_free(brief);
	return rc;
}
