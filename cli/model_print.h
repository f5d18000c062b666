/* The human rendering of a model, shared by `train` and `model show`. */
#ifndef FITINTEL_CLI_MODEL_PRINT_H
#define FITINTEL_CLI_MODEL_PRINT_H

#include "fitintel.h"

void print_model(const fi_model *m);

/* One line per label: "real_run  1,234  kmeans 1,200 · bounds 34". */
void print_classify_summary(const fi_classify_summary *s);

#endif
