# bench/bayes-trunc.R TRIANGLE FROM TO D M PRIOR SAMPLES CORES OUT
#   — surveillance::nowcast(method = "bayes.trunc") (Höhle & an der Heiden
# 2014) at each monthly cut, as bench/nowcast.sh --real judges suivi's.
#
# TRIANGLE is a monthly reporting triangle (month of facts, delay in
# months, count: bench/triangles.R's triangle.csv).  For each cut month T
# from FROM to TO (YYYY-MM) it builds the line list as it stood at the end
# of T at monthly resolution — one month is one day, so that nowcast() works
# on consecutive "days" (aggregate.by = "1 day"): a case of month i and
# delay d is an event on day i and a report on day i + d — and runs
#
#   nowcast(now = T, when = T-D .. T, data, dEventCol = "dEvent",
#           dReportCol = "dReport", D = D, m = M, method = "bayes.trunc")
#
# keeping, per month nowcast, the median (upperbound(), which nowcast()
# fills with it) and the 95% equal-tailed prediction interval (predint(),
# slot pi).  The settings:
#  - D: the longest delay in the data (capped at 24 by the caller);
#    months older than D are complete by assumption and not nowcast;
#  - M: the moving window in months (m.interpretation
#    "hoehle_anderheiden2014": the delays are estimated from the cells of
#    months T-M .. T-d), or "all" for every month since the first;
#  - PRIOR: N(t, Inf) ~ Poisson-gamma with mean.lambda and var.lambda
#    either "MEAN,VAR" (?nowcast's husO104Hosp example has 50,500) or
#    "empirical": the mean of the D+1 .. D+12 months before T (complete
#    at T, as registered by T; at least 1), and variance mean + mean^2 (a
#    gamma of size 1: the level of the past year, loosely);
#  - N.tInf.max (the PMFs' support): 300, or twice the largest count
#    registered by T of the window's months, if more;
#  - SAMPLES: control$nSamples, the draws of the delay distribution
#    (default of nowcast() 1000; the PMF over the support is averaged
#    over them); a cut's seed is 1000 + its month index, so the output does
#    not depend on CORES;
#  - gd.prior.kappa 0.1 (the default).
# The window starts at T - max(M, D) (M given) or D months before the first
# month (M "all"), empty months padding it, so that every cut has T >= D.
# Cuts run in parallel over CORES processes (parallel::mclapply).
#
# Writes OUT: T, month, age, observed (facts registered by the end of T),
# median, lower, upper, final (every registration in TRIANGLE), support
# (the N.tInf.max used; NA, and no median, when nowcast() failed on both
# supports tried: see one_cut), retried (1: on the second support), edge
# (1 when the upper point is N.tInf.max: the support cut the tail).
# Prints what it did and the time taken; bench/nowcast-score.R scores it
# (coverage, MAE, interval width by age and period), alone or beside
# suivi's.
suppressMessages({ library(surveillance); library(parallel) })
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 9)
  stop("usage: Rscript bayes-trunc.R TRIANGLE FROM TO D M PRIOR SAMPLES CORES OUT")
tri <- read.csv(args[1], stringsAsFactors = FALSE)
mon <- function(s) as.integer(substr(s, 1, 4)) * 12L + as.integer(substr(s, 6, 7)) - 1L
ym <- function(m) sprintf("%04d-%02d", m %/% 12L, m %% 12L + 1L)
from <- mon(args[2])
to <- mon(args[3])
D <- as.integer(args[4])
M <- if (args[5] == "all") NULL else as.integer(args[5])
prior <- args[6]
samples <- as.integer(args[7])
cores <- as.integer(args[8])
out <- args[9]

tri$m <- mon(tri$month)
first <- min(tri$m)
final <- tapply(tri$count, tri$m, sum)
day <- function(m) as.Date(m, origin = "1970-01-01")    # month m is day m
cases <- data.frame(dEvent = day(rep(tri$m, tri$count)),
                    dReport = day(rep(tri$m + tri$delay, tri$count)))

# the count of each month of facts registered by the end of cut month t
by_then <- function(t, months)
  sapply(months, function(i) sum(tri$count[tri$m == i & tri$m + tri$delay <= t]))

one_cut <- function(t) {
  start <- if (is.null(M)) first - D else t - max(M, D)
  data <- cases[cases$dEvent >= day(start) & cases$dEvent <= day(t), ]
  if (!any(data$dReport <= day(t)))
    return(NULL)                       # nothing registered by then
  recent <- max(first, t - D):t        # never a month before the data's first
  observed <- by_then(t, recent)
  window <- by_then(t, max(first, start):t)
  support <- max(300L, 2L * max(window))
  if (prior == "empirical") {
    past <- by_then(t, (t - D - 12L):(t - D - 1L))
    mu <- max(mean(past), 1)
    pr <- structure("poisgamma", mean.lambda = mu, var.lambda = mu + mu^2)
  } else {
    mv <- as.numeric(strsplit(prior, ",")[[1]])
    pr <- structure("poisgamma", mean.lambda = mv[1], var.lambda = mv[2])
  }
  run <- function(support) {
    set.seed(1000L + t)
    invisible(capture.output(nc <- suppressWarnings(suppressMessages(
      nowcast(now = day(t), when = day(recent), data = data,
              dEventCol = "dEvent", dReportCol = "dReport",
              method = "bayes.trunc", aggregate.by = "1 day", D = D, m = M,
              control = list(dRange = c(day(start), day(t)), N.tInf.prior = pr,
                             N.tInf.max = support, nSamples = samples))))))
    nc
  }
  # nowcast() fails taking its quantiles when a PMF is NaN: a delay
  # distribution drawn with a share near 0 for an age whose month has facts
  # in makes every probability of the support underflow (few cases, early
  # in the HUS outbreak), or a support far too short.  Once more on a
  # support ten times as long, else no nowcast (NA: "failed")
  tries <- c(support, 10L * support)
  for (k in seq_along(tries)) {
    nc <- tryCatch(run(tries[k]), error = function(e) NULL)
    if (!is.null(nc)) break
  }
  # upperbound(): the median; predint(): [time, unit, 2.5% and 97.5%]
  got <- function(x) if (is.null(nc)) NA_real_ else x
  if (!is.null(nc)) {
    rows <- match(as.character(day(recent)), rownames(predint(nc)))
    pi <- predint(nc)[rows, 1, ]
  }
  data.frame(T = ym(t), month = ym(recent), age = t - recent, observed = observed,
             median = got(upperbound(nc)[rows, 1]), lower = got(pi[, 1]),
             upper = got(pi[, 2]), final = as.integer(final[as.character(recent)]),
             support = if (is.null(nc)) NA_integer_ else tries[k],
             retried = if (is.null(nc)) NA_integer_ else k - 1L,
             edge = got(as.integer(pi[, 2] >= tries[k])))
}

t0 <- proc.time()[["elapsed"]]
res <- mclapply(from:to, one_cut, mc.cores = cores, mc.preschedule = FALSE)
bad <- vapply(res, inherits, logical(1), "try-error")
if (any(bad))
  stop("bayes.trunc failed at ", paste(ym((from:to)[bad]), collapse = " "), ": ",
       as.character(res[[which(bad)[1]]]))
res <- do.call(rbind, res)
res$final[is.na(res$final)] <- 0L
failed <- sum(is.na(res$median))
write.csv(res, out, row.names = FALSE, quote = FALSE)
cat(sprintf("bayes.trunc: %d cuts %s..%s, %d months nowcast (%d on a longer support, %d failed, %d upper points at the support's end), D %d, m %s, prior %s, nSamples %d, %d cores: %.0f s\n",
            to - from + 1L, ym(from), ym(to), nrow(res), sum(res$retried, na.rm = TRUE),
            failed, sum(res$edge, na.rm = TRUE), D, args[5], prior, samples, cores,
            proc.time()[["elapsed"]] - t0))
