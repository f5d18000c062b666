/* Which label each cluster of a model stands for (SPEC §2.3), with domain sense: a cluster centred
 * faster than the run bound is real_run, one slower than the walk bound pup_walk, and one in
 * between mixed — unless it is simply half of a run or walk group that the clustering split (the
 * brisk dog walks beside the slow ones, the easy runs beside the tempo runs). Then, if asked,
 * corrections steer the map. */
#include <math.h>
#include <string.h>

#include "model_internal.h"

/* Corrections needed in a cluster before they relabel it: one stray correction must not relabel
 * hundreds of workouts (the correction itself always wins for its own workout). */
#define MIN_VOTES 3
/* Grid of the dip test between two cluster centres. */
#define DIP_GRID 64
/* A density this much lower between two centres than at the lower of them is a dip: two groups. */
#define DIP_DEPTH 0.9
/* A centre within this squared Mahalanobis distance of a group besides pace looks like it (one
 * standard deviation per feature, summed). */
#define SAME_GROUP 1.0

/* Weight, mean and covariance (d × d) of cluster @c; a k-means cluster is read as a Gaussian with
 * its per-coordinate spread. */
static void component(const fi_model *m, size_t c, double *w, const double **mu, double *cov)
{
	size_t d = m->d, total = 0;
	for (size_t i = 0; i < m->k; i++)
		total += m->sizes[i];
	if (m->mixture) {
		*w = fi_mixture_weights(m->mixture)[c];
		memcpy(cov, fi_mixture_covariances(m->mixture) + c * d * d, d * d * sizeof *cov);
	} else {
		*w = total ? (double)m->sizes[c] / (double)total : 1.0 / (double)m->k;
		memset(cov, 0, d * d * sizeof *cov);
		for (size_t j = 0; j < d; j++)
			cov[j * d + j] = m->spread[c * d + j];
	}
	if (!(*w > 0))
		*w = 1e-12;
	*mu = m->centroids_scaled + c * d;
}

/* Whether the density of clusters @a and @b together dips on the segment between their centres
 * (in the model's whole space): if not, they are one group seen as two. */
static bool dip_between(const fi_model *m, size_t a, size_t b)
{
	size_t d = m->d;
	double w[2], cov[2 * FI__MAX_FEATURES * FI__MAX_FEATURES], means[2 * FI__MAX_FEATURES];
	const double *mu[2];
	component(m, a, &w[0], &mu[0], cov);
	component(m, b, &w[1], &mu[1], cov + d * d);
	memcpy(means, mu[0], d * sizeof *means);
	memcpy(means + d, mu[1], d * sizeof *means);
	fi_mixture *pair = NULL;
	fi__error_snapshot saved;
	fi__error_save(&saved);
	int rc = fi_mixture_new(2, d, w, means, cov, &pair);
	fi__error_restore(&saved);
	if (rc)
		return true;   /* cannot tell: keep them apart */
	double x[(DIP_GRID + 1) * FI__MAX_FEATURES], ld[DIP_GRID + 1];
	for (int i = 0; i <= DIP_GRID; i++)
		for (size_t j = 0; j < d; j++)
			x[(size_t)i * d + j] = mu[0][j] + (mu[1][j] - mu[0][j]) * i / DIP_GRID;
	fi_mixture_score(pair, x, DIP_GRID + 1, d, d, ld, NULL, NULL, NULL);
	fi_mixture_free(pair);
	double lowest = fmin(ld[0], ld[DIP_GRID]);
	for (int i = 1; i < DIP_GRID; i++)
		if (ld[i] < lowest + log(DIP_DEPTH))
			return true;
	return false;
}

/* Squared Mahalanobis distance of cluster @b's centre from cluster @g in the features besides
 * pace (coordinates 1 … d − 1), under @g's spread there. */
static double away_besides_pace(const fi_model *m, size_t b, size_t g)
{
	size_t d = m->d, e = d - 1;
	double w, cov[FI__MAX_FEATURES * FI__MAX_FEATURES], sub[FI__MAX_FEATURES * FI__MAX_FEATURES];
	const double *mu;
	component(m, g, &w, &mu, cov);
	for (size_t i = 0; i < e; i++)
		for (size_t j = 0; j < e; j++)
			sub[i * e + j] = cov[(i + 1) * d + j + 1];
	const double one = 1;
	fi_mixture *group = NULL;
	fi__error_snapshot saved;
	fi__error_save(&saved);
	int rc = fi_mixture_new(1, e, &one, mu + 1, sub, &group);
	fi__error_restore(&saved);
	double q = rc ? (double)INFINITY : fi_mixture_mahalanobis2(group, 0, m->centroids_scaled + b * d + 1, e);
	fi_mixture_free(group);
	return q;
}

static double centre_pace(const fi_model *m, size_t c)
{
	return m->centroids[c * m->d];   /* pace is always coordinate 0 */
}

void fi__model_map_labels(fi_model *m)
{
	const fi_train_params *p = &m->params;
	int by_bounds[16];
	for (size_t c = 0; c < m->k; c++) {
		double pace = centre_pace(m, c);
		by_bounds[c] = pace < p->run_bound ? FI_LABEL_REAL_RUN
			     : pace > p->walk_bound ? FI_LABEL_PUP_WALK : FI_LABEL_MIXED;
		m->labels[c] = by_bounds[c];
	}
	for (size_t c = 0; c < m->k; c++) {
		if (by_bounds[c] != FI_LABEL_MIXED)
			continue;
		/* the nearest run cluster (faster) and walk cluster (slower) by the bounds alone */
		int run = -1, walk = -1;
		for (size_t o = 0; o < m->k; o++) {
			double gap = fabs(log(centre_pace(m, o)) - log(centre_pace(m, c)));
			if (by_bounds[o] == FI_LABEL_REAL_RUN &&
			    (run < 0 || gap < fabs(log(centre_pace(m, (size_t)run)) - log(centre_pace(m, c)))))
				run = (int)o;
			if (by_bounds[o] == FI_LABEL_PUP_WALK &&
			    (walk < 0 || gap < fabs(log(centre_pace(m, (size_t)walk)) - log(centre_pace(m, c)))))
				walk = (int)o;
		}
		/* With features besides pace, a cluster that looks like the walks (or the runs) in
		 * all of them — within one spread — is those walks at a brisker (or easier) pace;
		 * mixed outings differ from both (longer than walks, a cadence between). With pace
		 * alone, two clusters whose density does not dip between them are one group. */
		bool with_run, with_walk;
		if (m->d > 1) {
			with_run = run >= 0 && away_besides_pace(m, c, (size_t)run) <= SAME_GROUP;
			with_walk = walk >= 0 && away_besides_pace(m, c, (size_t)walk) <= SAME_GROUP;
		} else {
			with_run = run >= 0 && !dip_between(m, c, (size_t)run);
			with_walk = walk >= 0 && !dip_between(m, c, (size_t)walk);
		}
		if (with_run != with_walk)
			m->labels[c] = with_run ? FI_LABEL_REAL_RUN : FI_LABEL_PUP_WALK;
	}
}

void fi__model_apply_corrections(fi_model *m, const int8_t *corrected, const size_t *rows,
				 const int32_t *cluster, size_t n)
{
	size_t votes[16][FI_LABEL_COUNT] = { { 0 } }, total[16] = { 0 };
	for (size_t r = 0; r < n; r++) {
		int l = corrected[rows[r]];
		if (l == FI_LABEL_REAL_RUN || l == FI_LABEL_PUP_WALK || l == FI_LABEL_MIXED) {
			votes[cluster[r]][l]++;
			total[cluster[r]]++;
		}
	}
	for (size_t c = 0; c < m->k; c++)
		for (int l = 1; l < FI_LABEL_COUNT; l++)
			if (votes[c][l] >= MIN_VOTES && 2 * votes[c][l] > total[c])
				m->labels[c] = l;
}
