/* Gaussian mixtures with full covariances: EM as scikit-learn does it, densities, posteriors,
 * BIC (fitintel/mixture.h). Each component keeps the Cholesky factor L of its covariance
 * (Σ = L·Lᵀ, from GSL): a row's Mahalanobis distance is one forward substitution, and the factor of
 * the leading m × m block of Σ is the leading block of L, so rows missing their last feature are
 * scored in the marginal without another decomposition. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_machine.h>
#include <gsl/gsl_math.h>

#include "kernel.h"

struct fi_mixture {
	size_t k, d;
	double *weights;      /* k */
	double *means;        /* k × d */
	double *covariances;  /* k × d × d */
	double *chol;         /* k × d × d, lower triangle */
	double *log_weight;   /* k: ln w, and */
	double *log_diag;     /* k × d: Σ_{j ≤ i} ln L_jj — the log-density's constants for the
	                         leading i + 1 coordinates, computed once per factorisation */
	unsigned int iterations;
	bool converged;
	double lower_bound;
};

FI__DEFINE_PARAMS_INIT(fi_mixture_params_init, fi_mixture_params,
		       FI_MIXTURE_PARAMS_VERSION, FI_MIXTURE_PARAMS_INIT)

static fi_mixture *mixture_alloc(size_t k, size_t d)
{
	fi_mixture *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->k = k;
	m->d = d;
	m->weights = calloc(k, sizeof(double));
	m->means = calloc(k * d, sizeof(double));
	m->covariances = calloc(k * d * d, sizeof(double));
	m->chol = calloc(k * d * d, sizeof(double));
	m->log_weight = calloc(k, sizeof(double));
	m->log_diag = calloc(k * d, sizeof(double));
	m->lower_bound = (double)NAN;
	if (!m->weights || !m->means || !m->covariances || !m->chol || !m->log_weight || !m->log_diag) {
		fi_mixture_free(m);
		return NULL;
	}
	return m;
}

void fi_mixture_free(fi_mixture *m)
{
	if (!m)
		return;
	FI__FREE_ALL(m->weights, m->means, m->covariances, m->chol, m->log_weight, m->log_diag, m);
}

/* Factor every covariance; FI_EINVALID naming the first that is not positive definite. */
static int factor(fi_mixture *m)
{
	size_t d = m->d;
	fi__library_init();   /* GSL's default handler aborts on a matrix that is not positive definite */
	for (size_t c = 0; c < m->k; c++) {
		double *l = m->chol + c * d * d;
		memcpy(l, m->covariances + c * d * d, d * d * sizeof *l);
		gsl_matrix_view v = gsl_matrix_view_array(l, d, d);
		if (gsl_linalg_cholesky_decomp1(&v.matrix) != GSL_SUCCESS)
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
					 "the covariance of mixture component %zu is not positive definite", c);
		double ld = 0;
		for (size_t i = 0; i < d; i++) {
			ld += log(l[i * d + i]);
			m->log_diag[c * d + i] = ld;
		}
		m->log_weight[c] = log(m->weights[c]);
	}
	return FI_OK;
}

int fi_mixture_new(size_t k, size_t d, const double *weights, const double *means,
		   const double *covariances, fi_mixture **out)
{
	if (!out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "out is NULL");
	*out = NULL;
	if (k == 0 || d == 0 || !weights || !means || !covariances)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "a mixture needs k ≥ 1, d ≥ 1 and its parameters");
	int rc;
	if ((rc = fi__require_finite(weights, k, "weights")) ||
	    (rc = fi__require_finite(means, k * d, "means")) ||
	    (rc = fi__require_finite(covariances, k * d * d, "covariances")))
		return rc;
	double total = 0;
	for (size_t c = 0; c < k; c++) {
		if (!(weights[c] > 0))
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "mixture weight %zu is not positive", c);
		total += weights[c];
	}
	fi_mixture *m = mixture_alloc(k, d);
	if (!m)
		return fi__error_oom();
	for (size_t c = 0; c < k; c++)
		m->weights[c] = weights[c] / total;
	memcpy(m->means, means, k * d * sizeof(double));
	memcpy(m->covariances, covariances, k * d * d * sizeof(double));
	if ((rc = factor(m))) {
		fi_mixture_free(m);
		return rc;
	}
	*out = m;
	return FI_OK;
}

/* ‖L⁻¹(x − μ)‖² over the leading @dims coordinates. */
static double mahalanobis2(const double *l, const double *mu, const double *x, size_t d, size_t dims)
{
	double z[16], s = 0;   /* d ≤ 16: the classifier uses at most 4 features */
	for (size_t i = 0; i < dims; i++) {
		double v = x[i] - mu[i];
		for (size_t j = 0; j < i; j++)
			v -= l[i * d + j] * z[j];
		z[i] = v / l[i * d + i];
		s += z[i] * z[i];
	}
	return s;
}

double fi_mixture_mahalanobis2(const fi_mixture *m, size_t c, const double *row, size_t dims)
{
	if (!m || !row || c >= m->k || dims < 1 || dims > m->d)
		return (double)NAN;
	return mahalanobis2(m->chol + c * m->d * m->d, m->means + c * m->d, row, m->d, dims);
}

/* ln(wᶜ · N(x | μᶜ, Σᶜ)) of one row for every component into @lp (k values), and the squared
 * Mahalanobis distances into @q when it is not NULL; returns the largest of them. */
static double row_log_probs(const fi_mixture *m, const double *x, size_t dims, double *lp, double *q)
{
	const double log_2pi = log(2 * M_PI);
	double top = -(double)INFINITY;
	for (size_t c = 0; c < m->k; c++) {
		double qc = mahalanobis2(m->chol + c * m->d * m->d, m->means + c * m->d, x, m->d, dims);
		lp[c] = m->log_weight[c] - 0.5 * ((double)dims * log_2pi + qc) - m->log_diag[c * m->d + dims - 1];
		if (q)
			q[c] = qc;
		if (lp[c] > top)
			top = lp[c];
	}
	return top;
}

/* Σᶜ exp(lp[c] − top) with each term kept in @e: ln p(x) = top + ln(sum), and the posteriors are
 * e[c] / sum — one exp per component, and no log unless the density is asked for. */
static double relative_sum(const fi_mixture *m, const double *lp, double top, double *e)
{
	double s = 0;
	for (size_t c = 0; c < m->k; c++)
		s += e[c] = exp(lp[c] - top);
	return s;
}

/* ln p(x) of one row, its components' terms into @lp: the fit's E-step and the BIC. */
static double row_log_density(const fi_mixture *m, const double *x, double *lp)
{
	double e[16], top = row_log_probs(m, x, m->d, lp, NULL);
	return top + log(relative_sum(m, lp, top, e));
}

int fi_mixture_score(const fi_mixture *m, const double *x, size_t n, size_t stride, size_t dims,
		     double *log_density, double *posterior, double *mahalanobis2, int32_t *labels)
{
	if (!m || (!x && n) || dims < 1 || dims > m->d || stride < dims)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "bad mixture, rows, stride or dims");
	if (m->k > 16)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "at most 16 components can be scored");
	double lp[16], e[16];
	for (size_t i = 0; i < n; i++) {
		double top = row_log_probs(m, x + i * stride, dims, lp, mahalanobis2 ? mahalanobis2 + i * m->k : NULL);
		if (log_density || posterior) {
			double sum = relative_sum(m, lp, top, e);
			if (log_density)
				log_density[i] = top + log(sum);
			for (size_t c = 0; posterior && c < m->k; c++)
				posterior[i * m->k + c] = e[c] / sum;
		}
		if (labels) {
			int32_t best = 0;
			for (size_t c = 1; c < m->k; c++)
				if (lp[c] > lp[best])
					best = (int32_t)c;
			labels[i] = best;
		}
	}
	return FI_OK;
}

/* The M-step from responsibilities @resp (n × k): scikit-learn's _estimate_gaussian_parameters
 * with its 10·ε guard against an empty component, then the new factors. */
static int m_step(fi_mixture *m, const double *x, size_t n, const double *resp, double reg_covar)
{
	size_t k = m->k, d = m->d;
	for (size_t c = 0; c < k; c++) {
		double nk = 10 * GSL_DBL_EPSILON, *mu = m->means + c * d, *cov = m->covariances + c * d * d;
		memset(mu, 0, d * sizeof *mu);
		memset(cov, 0, d * d * sizeof *cov);
		for (size_t i = 0; i < n; i++) {
			double r = resp[i * k + c];
			nk += r;
			for (size_t j = 0; j < d; j++)
				mu[j] += r * x[i * d + j];
		}
		for (size_t j = 0; j < d; j++)
			mu[j] /= nk;
		for (size_t i = 0; i < n; i++) {
			double r = resp[i * k + c], diff[16];
			if (r == 0)
				continue;
			for (size_t j = 0; j < d; j++)
				diff[j] = x[i * d + j] - mu[j];
			for (size_t a = 0; a < d; a++)
				for (size_t b = 0; b <= a; b++)
					cov[a * d + b] += r * diff[a] * diff[b];
		}
		for (size_t a = 0; a < d; a++) {
			for (size_t b = 0; b <= a; b++) {
				cov[a * d + b] /= nk;
				cov[b * d + a] = cov[a * d + b];
			}
			cov[a * d + a] += reg_covar;
		}
		m->weights[c] = nk;
	}
	double total = 0;   /* Σ nk: n plus the guards, normalised as scikit-learn does */
	for (size_t c = 0; c < k; c++)
		total += m->weights[c];
	for (size_t c = 0; c < k; c++)
		m->weights[c] /= total;
	return factor(m);
}

/* E-step: responsibilities into @resp; returns the mean ln p(x). */
static double e_step(const fi_mixture *m, const double *x, size_t n, double *resp)
{
	double lp[16], sum = 0;
	for (size_t i = 0; i < n; i++) {
		double total = row_log_density(m, x + i * m->d, lp);
		sum += total;
		for (size_t c = 0; c < m->k; c++)
			resp[i * m->k + c] = exp(lp[c] - total);
	}
	return sum / (double)n;
}

static int check_data(const double *x, size_t n, size_t d, size_t k, const fi_mixture_params *p)
{
	if (!x || n == 0 || d == 0 || d > 16 || k == 0 || k > 16)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "a mixture needs rows, 1–16 features and 1–16 components");
	if (n < k)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "%zu rows cannot fill %zu components", n, k);
	if (p->version != FI_MIXTURE_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_mixture_params version %u", p->version);
	if (p->max_iter < 1 || !(p->tol >= 0) || !(p->reg_covar >= 0))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "max_iter must be ≥ 1, tol and reg_covar ≥ 0");
	return fi__require_finite(x, n * d, "x");
}

/* The EM loop of scikit-learn's fit_predict, from the parameters already in @m. */
static int em(fi_mixture *m, const double *x, size_t n, const fi_mixture_params *p, double *resp)
{
	double lower = -(double)INFINITY;
	m->converged = false;
	m->iterations = 0;
	for (unsigned int it = 1; it <= p->max_iter; it++) {
		double prev = lower;
		lower = e_step(m, x, n, resp);
		int rc = m_step(m, x, n, resp, p->reg_covar);
		if (rc)
			return rc;
		m->iterations = it;
		if (fabs(lower - prev) < p->tol) {
			m->converged = true;
			break;
		}
	}
	m->lower_bound = lower;
	return FI_OK;
}

int fi_mixture_fit(const double *x, size_t n, size_t d, const int32_t *labels, size_t k,
		   const fi_mixture_params *params, fi_mixture **out)
{
	const fi_mixture_params defaults = FI_MIXTURE_PARAMS_INIT;
	const fi_mixture_params *p = params ? params : &defaults;
	if (!out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "out is NULL");
	*out = NULL;
	int rc = check_data(x, n, d, k, p);
	if (rc)
		return rc;
	if (!labels)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "labels is NULL");
	fi_mixture *m = mixture_alloc(k, d);
	double *resp = calloc(n * k, sizeof *resp);
	size_t *count = calloc(k, sizeof *count);
	if (!m || !resp || !count) {
		rc = fi__error_oom();
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (labels[i] < 0 || (size_t)labels[i] >= k) {
			rc = fi__error(FI_EINVALID, FI_ERRCAT_ARG, "label %d of row %zu is outside [0, %zu)",
				       (int)labels[i], i, k);
			goto done;
		}
		resp[i * k + (size_t)labels[i]] = 1;
		count[labels[i]]++;
	}
	for (size_t c = 0; c < k; c++)
		if (!count[c]) {
			rc = fi__error(FI_EINVALID, FI_ERRCAT_ARG, "component %zu has no rows to start from", c);
			goto done;
		}
	if ((rc = m_step(m, x, n, resp, p->reg_covar)) == FI_OK)
		rc = em(m, x, n, p, resp);
done:
	free(resp);
	free(count);
	if (rc) {
		fi_mixture_free(m);
		return rc;
	}
	*out = m;
	return FI_OK;
}

int fi_mixture_fit_from(const double *x, size_t n, size_t d, const fi_mixture *start,
			const fi_mixture_params *params, fi_mixture **out)
{
	const fi_mixture_params defaults = FI_MIXTURE_PARAMS_INIT;
	const fi_mixture_params *p = params ? params : &defaults;
	if (!out || !start)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "start or out is NULL");
	*out = NULL;
	if (start->d != d)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the start has %zu features, the data %zu", start->d, d);
	int rc = check_data(x, n, d, start->k, p);
	if (rc)
		return rc;
	fi_mixture *m = NULL;
	double *resp = malloc(n * start->k * sizeof *resp);
	if (!resp)
		return fi__error_oom();
	rc = fi_mixture_new(start->k, d, start->weights, start->means, start->covariances, &m);
	if (rc == FI_OK)
		rc = em(m, x, n, p, resp);
	free(resp);
	if (rc) {
		fi_mixture_free(m);
		return rc;
	}
	*out = m;
	return FI_OK;
}

int fi_mixture_bic(const fi_mixture *m, const double *x, size_t n, double *out)
{
	if (!m || !x || !out || n == 0)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "mixture, rows or out missing");
	double lp[16], sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += row_log_density(m, x + i * m->d, lp);
	double k = (double)m->k, d = (double)m->d;
	double parameters = k * d + k * d * (d + 1) / 2 + k - 1;
	*out = -2 * sum + parameters * log((double)n);
	return FI_OK;
}

size_t fi_mixture_k(const fi_mixture *m) { return m ? m->k : 0; }
size_t fi_mixture_dims(const fi_mixture *m) { return m ? m->d : 0; }
const double *fi_mixture_weights(const fi_mixture *m) { return m ? m->weights : NULL; }
const double *fi_mixture_means(const fi_mixture *m) { return m ? m->means : NULL; }
const double *fi_mixture_covariances(const fi_mixture *m) { return m ? m->covariances : NULL; }
unsigned int fi_mixture_iterations(const fi_mixture *m) { return m ? m->iterations : 0; }
int fi_mixture_converged(const fi_mixture *m) { return m && m->converged; }
double fi_mixture_lower_bound(const fi_mixture *m) { return m ? m->lower_bound : (double)NAN; }
