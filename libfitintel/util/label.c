/* Label and method names. */
#include <string.h>
#include <strings.h>

#include "internal.h"

static const char *const label_names[FI_LABEL_COUNT] = {
	"unknown", "real_run", "pup_walk", "mixed", "outlier", "other",
};

static const char *const method_names[FI_METHOD_COUNT] = {
	"none", "user", "bounds", "kmeans", "era", "rule", "type", "mixture",
};

const char *fi_label_name(int label)
{
	return label >= 0 && label < FI_LABEL_COUNT ? label_names[label] : NULL;
}

const char *fi_method_name(int method)
{
	return method >= 0 && method < FI_METHOD_COUNT ? method_names[method] : NULL;
}

int fi_label_parse(const char *name, int *out)
{
	if (!name || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "label or out is NULL");
	for (int l = 1; l < FI_LABEL_COUNT; l++) {
		if (strcasecmp(name, label_names[l]) == 0) {
			*out = l;
			return FI_OK;
		}
	}
	if (strcasecmp(name, "run") == 0) {
		*out = FI_LABEL_REAL_RUN;
		return FI_OK;
	}
	if (strcasecmp(name, "walk") == 0) {
		*out = FI_LABEL_PUP_WALK;
		return FI_OK;
	}
	return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
			 "unknown label '%s' (use real_run, pup_walk, mixed, outlier or other)", name);
}

/* The code of stored text @s among @names[1..count) (exact case), or 0 (unknown, none). */
static int code_of(const char *s, const char *const *names, int count)
{
	for (int c = 1; s && c < count; c++)
		if (strcmp(s, names[c]) == 0)
			return c;
	return 0;
}

/* The label stored as text in the classifications table, back to its code (unknown text → 0). */
int fi__label_from_text(const char *s)
{
	return code_of(s, label_names, FI_LABEL_COUNT);
}

int fi__method_from_text(const char *s)
{
	return code_of(s, method_names, FI_METHOD_COUNT);
}
