/*
 * farrington — the improved Farrington outbreak detection method exactly
 * as R's surveillance::farringtonFlexible (version 1.20.3) computes it,
 * for one monthly series; and EARS C1, C2, C3 as surveillance::earsC.
 *
 * Private to aggregate/.  Read against the package's R code
 * (farringtonFlexible, algo.farrington.data.glm, blocks,
 * algo.farrington.fitGLM.flexible, algo.farrington.glm,
 * algo.farrington.threshold.farrington / .noufaily, anscombe.residuals,
 * algo.farrington.assign.weights).  Its subtleties, kept here:
 *  - the baseline is the b years' windows of 2w+1 months around the same
 *    month, plus (noPeriods > 1) the rest of each year in noPeriods - 1
 *    seasonal blocks; the last pastWeeksNotIncluded months are left out;
 *  - the quasi-Poisson fit is redone without its trend when the trend
 *    does not converge, is not significant (t test at 0.05 with the
 *    estimated dispersion), b < 3, or the prediction exceeds every
 *    baseline count; past outbreaks are down-weighted by Anscombe
 *    residuals (|s| > 2.58) and the model refitted;
 *  - phi = max(dispersion, 1) feeds the threshold, but the prediction's
 *    standard error and the trend's t test use what summary.glm computes
 *    once fitGLM.flexible has replaced the model's working weights by the
 *    reweighting weights (R passes phi inside predict.glm's newdata, where
 *    it is ignored);
 *  - "delta": 2/3-power transform, one-sided normal quantile; "nbPlugin":
 *    negative binomial (size mu/(phi-1), prob 1/phi) quantile of the
 *    plug-in mean, its score taken against the link-scale prediction;
 *  - no alarm when the last 4 months hold fewer than 5 cases, and the
 *    upper bound and expected count are then not given.
 * Missing months (not delivered) are NaN: they leave the baseline, and a
 * month that is missing, or whose last 4 months are, gets no alarm.
 */
#ifndef SUIVI_FARRINGTON_H
#define SUIVI_FARRINGTON_H

enum farr_method { FARR_DELTA, FARR_NBPLUGIN };

typedef struct farr_control {
	int b, w, no_periods, past_excluded;
	double alpha;
	int reweight;
	double weights_threshold;
	int trend;
	double p_trend;
	int limit_cases, limit_months;
	double powertrans;              /* exponent: 2/3, 1/2 or 1 */
	enum farr_method method;
} farr_control;

/* suivi's defaults for monthly series (README: Alarms). */
extern const farr_control farr_monthly;

typedef struct farr_result {
	int computed;           /* 0: no model (no convergence, no data) */
	double expected, upper, pvalue, score;  /* NaN when not given */
	int alarm;
	int trend;              /* the trend was kept */
	double phi;
} farr_result;

/* First index at which the method can run: b years and w months back. */
int farrington_first(const farr_control *ctl);

/* Evaluate month k (0-based index into y[0..n-1]). */
void farrington_at(const double *y, int n, int k, const farr_control *ctl,
    farr_result *out);

/* R's algo.farrington.threshold.farrington and .noufaily. */
void farrington_threshold(double pred_fit, double pred_se, double phi,
    double exponent, double alpha, double y, enum farr_method method,
    double *upper, double *prob, double *score);

/* EARS's alpha, as earsC's defaults: C1 and C2, and C3. */
#define EARS_ALPHA_C12 0.001
#define EARS_ALPHA_C3 0.025

/* EARS C1, C2 or C3 (method 1..3) at k with a baseline of 7 months and
 * alpha EARS_ALPHA_C12 (C1, C2) or EARS_ALPHA_C3 (C3).  Returns 0, or
 * -1 when the series is too short or a month it needs is missing. */
int ears_at(const double *y, int n, int k, int method, double *upper,
    int *alarm);

#endif
