/* Train a classifier on a store, show what each cluster means, explain one workout, and print
 * the briefing of the last N days as Markdown.
 *
 *   classify_and_brief [--db PATH] [--days N] [WORKOUT_ID]
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

int main(int argc, char **argv)
{
	const char *db = NULL;
	fi_brief_params bp = FI_BRIEF_PARAMS_INIT;
	long long explain_id = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strcmp(argv[i], "--days") == 0 && i + 1 < argc)
			bp.days = atoi(argv[++i]);
		else if (argv[i][0] != '-')
			explain_id = atoll(argv[i]);
		else
			return fprintf(stderr, "usage: %s [--db PATH] [--days N] [WORKOUT_ID]\n", argv[0]), 2;
	}
	fi_store *store = NULL;
	check(fi_store_open(db, NULL, &store), "open store");

	fi_model *model = NULL;   /* NULL parameters: the store's configuration */
	check(fi_model_train(store, NULL, &model), "train");
	printf("model %lld: silhouette %.2f (%s)\n", (long long)fi_model_id(model),
	       fi_model_silhouette(model), fi_model_quality(model));
	for (size_t c = 0; c < fi_model_k(model); c++)
		printf("  %-9s %6zu workouts around %.1f min/mi\n", fi_label_name(fi_model_cluster_label(model, c)),
		       fi_model_cluster_size(model, c), fi_model_centroid(model, c)[0]);
	fi_model_free(model);

	if (explain_id) {
		fi_explanation *e = NULL;
		check(fi_explain(store, explain_id, &e), "explain");
		printf("%s\n", fi_explanation_text(e));
		fi_explanation_free(e);
	}

	fi_brief *brief = NULL;
	char *markdown = NULL;
	check(fi_brief_make(store, &bp, &brief), "brief");
	check(fi_brief_render(brief, FI_BRIEF_MARKDOWN, &markdown), "render");
	printf("\n%s", markdown);
	fi_free(markdown);
	fi_brief_free(brief);
	fi_store_close(store);
	return 0;
}
