# crosscheck.R DIR — recompute suivi's trends and comparisons in R and
# compare every figure.  DIR holds suivi's exports: cube.csv (fact basis),
# coverage.csv, trends.csv, indicators.csv.  Prints one line per mismatch
# and a summary; exits 1 on any mismatch or if too little was compared.
#
# Independent of suivi's code: the series are rebuilt here from the cube,
# the models fitted by R's own glm() and poisson.test(), and the seasonal
# Mann-Kendall test written here from its definition.
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
tol <- 1e-6
rd <- function(f) {
  x <- read.csv(file.path(dir, f), stringsAsFactors = FALSE, na.strings = "",
                encoding = "UTF-8")
  # the exports give the region as zone 0 (and no commune as 0): NA here
  for (k in intersect(c("zone", "commune"), names(x))) x[[k]][x[[k]] %in% 0] <- NA
  x
}
cube <- rd("cube.csv")
coverage <- rd("coverage.csv")
trends <- rd("trends.csv")
indicators <- rd("indicators.csv")

mon <- function(s) as.integer(substr(s, 1, 4)) * 12 + as.integer(substr(s, 6, 7)) - 1
cube$m <- mon(cube$month)
coverage$m <- mon(coverage$month)

bad <- 0
compared <- 0
same <- function(what, got, want) {
  compared <<- compared + 1
  ok <- (is.na(got) && is.na(want)) ||
        (!is.na(got) && !is.na(want) &&
         (abs(got - want) <= tol * abs(want) || abs(got - want) < 1e-12))
  if (!ok) {
    bad <<- bad + 1
    cat(sprintf("MISMATCH %s: suivi %.12g, R %.12g\n", what, got, want))
  }
}

delivered <- function(zone, months) {
  if (is.na(zone)) {
    ok <- sapply(months, function(m) all(coverage$delivered[coverage$m == m] == 1) &&
                   sum(coverage$m == m) == 6)
  } else {
    cz <- coverage[coverage$zone == zone, ]
    ok <- months %in% cz$m[cz$delivered == 1]
  }
  months[ok]
}

seasonal_mk <- function(y, year, season) {
  s <- 0; v <- 0; slopes <- c()
  for (k in unique(season)) {
    yy <- y[season == k]; tt <- year[season == k]
    n <- length(yy)
    if (n < 2) next
    for (i in 1:(n - 1)) for (j in (i + 1):n) {
      s <- s + sign(yy[j] - yy[i])
      slopes <- c(slopes, (yy[j] - yy[i]) / (tt[j] - tt[i]))
    }
    ties <- table(yy)
    v <- v + n * (n - 1) * (2 * n + 5) / 18 - sum(ties * (ties - 1) * (2 * ties + 5)) / 18
  }
  z <- (s - sign(s)) / sqrt(v)
  list(z = z, p = 2 * pnorm(-abs(z)), sen = median(slopes))
}

codes <- trends[!grepl("^measure:", trends$phenomenon), ]
for (i in seq_len(nrow(codes))) {
  r <- codes[i, ]
  from <- mon(r$from); to <- mon(r$to)
  months <- delivered(r$zone, from:to)
  sel <- cube$phenomenon == r$phenomenon & cube$m >= from & cube$m <= to
  if (!is.na(r$zone)) sel <- sel & cube$zone == r$zone
  tot <- tapply(cube$count[sel], cube$m[sel], sum)
  y <- as.numeric(tot[as.character(months)]); y[is.na(y)] <- 0
  t <- months - months[1]
  moy <- factor(months %% 12)
  fit <- tryCatch(suppressWarnings(glm(y ~ t + moy, family = quasipoisson())),
                  error = function(e) NULL)
  label <- sprintf("%s zone %s %s..%s", r$phenomenon, r$zone, r$from, r$to)
  if (sum(y) < 10 || sum(y > 0) < 3) {        # suivi's rule: too little data
    same(paste(label, "no trend"), r$rate_ratio_per_year, NA)
    next
  }
  if (is.null(fit) || !fit$converged || is.na(coef(fit)["t"])) next
  b <- coef(fit)["t"]
  se <- summary(fit)$coefficients["t", "Std. Error"]
  df <- fit$df.residual
  q <- qt(0.975, df)
  same(paste(label, "rate ratio"), r$rate_ratio_per_year, exp(12 * b))
  same(paste(label, "low"), r$low, exp(12 * (b - q * se)))
  same(paste(label, "high"), r$high, exp(12 * (b + q * se)))
  same(paste(label, "p"), r$p_value, summary(fit)$coefficients["t", "Pr(>|t|)"])
  same(paste(label, "dispersion"), r$dispersion, summary(fit)$dispersion)
  mk <- seasonal_mk(y, months %/% 12, months %% 12)
  same(paste(label, "mk z"), r$mk_z, mk$z)
  same(paste(label, "mk p"), r$mk_p, mk$p)
  same(paste(label, "sen"), r$sen_slope_per_year, mk$sen)
}
ntrend <- compared

counts <- indicators[indicators$unit %in% c("facts", "complaints") &
                     !is.na(indicators$rate_ratio) & is.finite(indicators$rate_ratio), ]
for (i in seq_len(nrow(counts))) {
  r <- counts[i, ]
  pt <- poisson.test(c(r$value, r$compare_value), c(1, 1))
  label <- sprintf("%s %s zone %s %s", r$indicator, r$period, r$zone, r$breakdown)
  same(paste(label, "rate ratio"), r$rate_ratio, unname(pt$estimate))
  same(paste(label, "low"), r$low, pt$conf.int[1])
  same(paste(label, "high"), r$high, pt$conf.int[2])
  same(paste(label, "p"), r$p_value, pt$p.value)
}
cat(sprintf("R cross-check: %d figures of %d trends, %d figures of %d comparisons, %d mismatches\n",
            ntrend, nrow(codes), compared - ntrend, nrow(counts), bad))
quit(status = if (bad > 0 || ntrend < 1000 || compared - ntrend < 1000) 1 else 0)
