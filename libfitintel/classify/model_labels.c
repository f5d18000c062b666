/* Which label each cluster of a model stands for (SPEC §2.3), with domain sense: a cluster centred
 * faster than the run bound is real_run, one slower than the walk bound pup_walk, and one in
 * between mixed — unless it is simply part of a run or walk group that the clustering split (the
 * brisk dog walks beside the slow ones, the easy runs beside the tempo runs): besides pace, it sits
 * within a fifth of the way from that group to the other. Then, if asked, corrections steer the
 * map. */
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
/* A centre within this share of the run–walk gap of a group, besides pace, belongs to it: mixed
 * outings sit well inside the gap (longer than walks, a cadence between). */
#define SAME_GROUP 0.2

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

static double centre_pace(const fi_model *m, size_t c)
{
	return m->centroids[c * m->d];   /* pace is always coordinate 0 */
}

/* The label of cluster @c by its centre's pace and the bounds alone. */
static int by_bounds(const fi_model *m, size_t c)
{
	double pace = centre_pace(m, c);
	return pace < m->params.run_bound ? FI_LABEL_REAL_RUN
	     : pace > m->params.walk_bound ? FI_LABEL_PUP_WALK : FI_LABEL_MIXED;
}

/* The cluster of @label nearest to cluster @c in pace, or −1. */
static int nearest(const fi_model *m, size_t c, int label)
{
	int best = -1;
	double best_gap = (double)INFINITY;
	for (size_t o = 0; o < m->k; o++) {
		double gap = fabs(log(centre_pace(m, o)) - log(centre_pace(m, c)));
		if (by_bounds(m, o) == label && gap < best_gap) {
			best = (int)o;
			best_gap = gap;
		}
	}
	return best;
}

/* Where cluster @c's centre lies between the run and walk groups in the features besides pace
 * (coordinates 1 … d − 1): 0 at the runs' centre, 1 at the walks', projected on the line through
 * both. A group's centre is the weighted mean of its clusters. NaN when the groups do not differ
 * there. */
static double gap_position(const fi_model *m, size_t c)
{
	size_t d = m->d;
	double run[FI__MAX_FEATURES] = { 0 }, walk[FI__MAX_FEATURES] = { 0 }, wr = 0, ww = 0;
	for (size_t o = 0; o < m->k; o++) {
		double w, cov[FI__MAX_FEATURES * FI__MAX_FEATURES];
		const double *mu;
		int band = by_bounds(m, o);
		if (band == FI_LABEL_MIXED)
			continue;
		component(m, o, &w, &mu, cov);
		double *g = band == FI_LABEL_REAL_RUN ? run : walk;
		*(band == FI_LABEL_REAL_RUN ? &wr : &ww) += w;
		for (size_t j = 1; j < d; j++)
			g[j] += w * mu[j];
	}
	if (!(wr > 0) || !(ww > 0))
		return (double)NAN;
	double along = 0, span = 0;
	const double *mu = m->centroids_scaled + c * d;
	for (size_t j = 1; j < d; j++) {
		double gap = walk[j] / ww - run[j] / wr;
		along += (mu[j] - run[j] / wr) * gap;
		span += gap * gap;
	}
	return span > 0 ? along / span : (double)NAN;
}

int fi__model_label_rule(const fi_model *m, size_t c, fi__buf *why)
{
	const fi_train_params *p = &m->params;
	double pace = centre_pace(m, c);
	int label = by_bounds(m, c);
	if (label != FI_LABEL_MIXED) {
		if (why)
			fi__buf_printf(why, "centre %.1f min/mi, %s than the %s bound (%g)", pace,
				       label == FI_LABEL_REAL_RUN ? "faster" : "slower",
				       label == FI_LABEL_REAL_RUN ? "run" : "walk",
				       label == FI_LABEL_REAL_RUN ? p->run_bound : p->walk_bound);
		return label;
	}
	/* With features besides pace, a cluster in the outer fifth of the way from the runs to the
	 * walks there is those runs at an easier pace (trail, recovery) or those walks at a brisker
	 * one; mixed outings lie further inside. With pace alone, two clusters whose density does
	 * not dip between them are one group. */
	bool with_run, with_walk;
	double at = m->d > 1 ? gap_position(m, c) : (double)NAN;
	if (!isnan(at)) {
		with_run = at < SAME_GROUP;
		with_walk = at > 1 - SAME_GROUP;
	} else {
		int run = nearest(m, c, FI_LABEL_REAL_RUN), walk = nearest(m, c, FI_LABEL_PUP_WALK);
		with_run = run >= 0 && !dip_between(m, c, (size_t)run);
		with_walk = walk >= 0 && !dip_between(m, c, (size_t)walk);
	}
	if (with_run != with_walk)
		label = with_run ? FI_LABEL_REAL_RUN : FI_LABEL_PUP_WALK;
	if (!why)
		return label;
	fi__buf_printf(why, "centre %.1f min/mi, between the bounds (%g–%g); ", pace, p->run_bound, p->walk_bound);
	const char *what = label == FI_LABEL_REAL_RUN ? "runs at an easier pace"
			 : label == FI_LABEL_PUP_WALK ? "walks at a brisker pace" : "mixed outings";
	if (!isnan(at))
		fi__buf_printf(why, "in the other features %.0f%% of the way from the runs (0%%) to the walks (100%%), "
			       "%s: %s", 100 * at, label == FI_LABEL_MIXED ? "well inside the gap"
			       : with_run ? "at the runs' end" : "at the walks' end", what);
	else
		fi__buf_printf(why, "pace alone: its density %s towards the runs and %s towards the walks: %s",
			       with_run ? "runs on" : "dips", with_walk ? "runs on" : "dips", what);
	return label;
}

void fi__model_map_labels(fi_model *m)
{
	for (size_t c = 0; c < m->k; c++)
		m->labels[c] = fi__model_label_rule(m, c, NULL);
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
