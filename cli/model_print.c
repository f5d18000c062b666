/* print_model(), print_classify_summary(). */
#include <math.h>
#include <stdio.h>

#include "model_print.h"
#include "output.h"

static const char *unit_of(int feature)
{
	switch (feature) {
	case FI_FEATURE_PACE: return "min/mi";
	case FI_FEATURE_LOG_DISTANCE: return "mi";
	case FI_FEATURE_LOG_DURATION: return "min";
	case FI_FEATURE_CADENCE: return "steps/min";
	}
	return "";
}

/* Why each feature besides pace is in the model or not, one line each. */
static void print_feature_reasons(const fi_model *m)
{
	for (size_t i = 0; i < fi_model_feature_choices(m); i++)
		printf("  %s\n", fi_model_feature_choice(m, i, NULL, NULL));
}

void print_model(const fi_model *m)
{
	size_t k = fi_model_k(m), d = fi_model_dims(m);
	char rows[32];
	out_format_count(rows, sizeof rows, (int64_t)fi_model_train_rows(m));
	printf("model %lld (%s), created %s\n", (long long)fi_model_id(m),
	       fi_model_status(m) == FI_MODEL_ACTIVE ? "active" : "archived", fi_model_created_at(m));
	const fi_train_params *p = fi_model_params(m);
	printf("trained on %s clean workouts from %s to %s; k = %zu%s, seed %llu\n", rows,
	       fi_model_train_from(m), fi_model_train_to(m), k, p->k == 0 ? " (chosen by BIC)" : "",
	       (unsigned long long)p->seed);
	printf("method: %s (%s)\n", fi_classify_method_name(p->method),
	       p->method == FI_CLASSIFY_MIXTURE ? "Gaussian mixture started from k-means in the pace bands; confidence is the posterior"
						: "nearest centroid");
	printf("features:");
	for (size_t j = 0; j < d; j++) {
		double w = 0;
		fi_model_scaler(m, j, NULL, NULL, &w);
		printf(" %s (weight %g)", fi_feature_name(fi_model_feature(m, j)), w);
	}
	printf("\n");
	print_feature_reasons(m);
	printf("silhouette %.3f (%s), inertia %.1f after %u iterations\n\n", fi_model_silhouette(m),
	       fi_model_quality(m), fi_model_inertia(m), fi_model_iterations(m));
	printf("%-8s %-9s %9s", "CLUSTER", "LABEL", "WORKOUTS");
	for (size_t j = 0; j < d; j++) {
		int f = fi_model_feature(m, j);
		char head[32];
		snprintf(head, sizeof head, "%s", f == FI_FEATURE_PACE ? "PACE" : f == FI_FEATURE_LOG_DISTANCE ? "DISTANCE"
					      : f == FI_FEATURE_LOG_DURATION ? "DURATION" : "CADENCE");
		printf(" %10s", head);
	}
	printf("\n");
	for (size_t c = 0; c < k; c++) {
		char size[32];
		out_format_count(size, sizeof size, (int64_t)fi_model_cluster_size(m, c));
		printf("%-8zu %-9s %9s", c, fi_label_name(fi_model_cluster_label(m, c)), size);
		const double *centroid = fi_model_centroid(m, c);
		for (size_t j = 0; j < d; j++)
			printf(" %10.1f", centroid[j]);
		printf("\n");
	}
	printf("(centroids in original units:");
	for (size_t j = 0; j < d; j++)
		printf("%s %s", j ? "," : "", unit_of(fi_model_feature(m, j)));
	printf(")\n");
	for (size_t c = 0; c < k; c++) {
		char meaning[1024];
		fi_model_cluster_meaning(m, c, meaning, sizeof meaning);
		printf("  %s\n", meaning);
	}
}

void print_classify_summary(const fi_classify_summary *s)
{
	char n[32];
	out_format_count(n, sizeof n, (int64_t)s->workouts);
	printf("classified %s workouts", n);
	if (s->model_id)
		printf(" with model %lld", (long long)s->model_id);
	printf("\n");
	for (int l = 1; l < FI_LABEL_COUNT; l++) {
		out_format_count(n, sizeof n, (int64_t)s->by_label[l]);
		printf("  %-9s %9s\n", fi_label_name(l), n);
	}
	printf("by method:");
	for (int m = 1; m < FI_METHOD_COUNT; m++)
		if (s->by_method[m]) {
			out_format_count(n, sizeof n, (int64_t)s->by_method[m]);
			printf(" %s %s", fi_method_name(m), n);
		}
	printf("\n");
}
