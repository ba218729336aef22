# farrington.R DIR METHOD NSERIES — run surveillance::farringtonFlexible on
# series of the sample, with suivi's control, over every month suivi
# back-tested, and compare expected, upper bound, p-value and alarm with
# suivi's alarms.csv.  DIR holds suivi's exports cube.csv (fact basis),
# coverage.csv and alarms.csv (from aggregate --backtest).  METHOD is
# nbPlugin or delta.  Exits 1 on any mismatch or if fewer than NSERIES
# series were compared.
suppressMessages(library(surveillance))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; method <- args[2]; want <- as.integer(args[3])
tol <- 1e-6
rd <- function(f) {
  x <- read.csv(file.path(dir, f), stringsAsFactors = FALSE, na.strings = "")
  # the exports give the region as zone 0: NA here
  if ("zone" %in% names(x)) x$zone[x$zone %in% 0] <- NA
  x
}
cube <- rd("cube.csv"); coverage <- rd("coverage.csv"); alarms <- rd("alarms.csv")
mon <- function(s) as.integer(substr(s, 1, 4)) * 12 + as.integer(substr(s, 6, 7)) - 1
cube$m <- mon(cube$month); coverage$m <- mon(coverage$month); alarms$m <- mon(alarms$month)
alarms <- alarms[grepl("^farrington", alarms$method), ]
first <- min(coverage$m); last <- max(coverage$m); months <- first:last
control <- list(b = 4, w = 2, reweight = TRUE, weightsThreshold = 2.58,
                alpha = 0.01, trend = TRUE, pThresholdTrend = 0.05,
                limit54 = c(5, 4), powertrans = "2/3", noPeriods = 4,
                pastWeeksNotIncluded = 2, glmWarnings = FALSE,
                thresholdMethod = method)
control$range <- (12 * control$b + control$w + 1):length(months)

delivered <- function(zone) {
  if (is.na(zone))
    sapply(months, function(m) sum(coverage$delivered[coverage$m == m]) == 6)
  else months %in% coverage$m[coverage$zone == zone & coverage$delivered == 1]
}
bad <- 0; figures <- 0; nseries <- 0
same <- function(what, got, want) {
  figures <<- figures + 1
  ok <- (is.na(got) && is.na(want)) || (!is.na(got) && !is.na(want) &&
        (abs(got - want) <= tol * abs(want) || abs(got - want) < 1e-12))
  if (!ok) { bad <<- bad + 1
    if (bad <= 30) cat(sprintf("MISMATCH %s: suivi %.10g, R %.10g\n", what, got, want)) }
}
keys <- unique(alarms[, c("phenomenon", "zone")])
keys <- keys[order(keys$phenomenon, is.na(keys$zone), keys$zone), ]
for (i in seq_len(nrow(keys))) {
  if (nseries >= want) break
  ph <- keys$phenomenon[i]; zone <- keys$zone[i]
  sel <- cube$phenomenon == ph
  if (!is.na(zone)) sel <- sel & cube$zone == zone
  tot <- tapply(cube$count[sel], cube$m[sel], sum)
  y <- as.numeric(tot[as.character(months)]); y[is.na(y)] <- 0
  y[!delivered(zone)] <- NA
  if (sum(y, na.rm = TRUE) < 12 * 8) next       # a few facts a month at least
  s <- sts(observed = matrix(y, ncol = 1), start = c(first %/% 12, first %% 12 + 1),
           frequency = 12)
  r <- farringtonFlexible(s, control = control)
  nseries <- nseries + 1
  mine <- alarms[alarms$phenomenon == ph & (if (is.na(zone)) is.na(alarms$zone)
                 else (!is.na(alarms$zone) & alarms$zone == zone)), ]
  for (j in seq_along(control$range)) {
    k <- control$range[j]; m <- months[k]
    if (is.na(y[k])) next
    row <- mine[mine$m == m, ]
    label <- sprintf("%s zone %s %d-%02d", ph, zone, m %/% 12, m %% 12 + 1)
    if (nrow(row) != 1) {
      if (!is.na(r@control$pvalue[j])) { bad <- bad + 1
        cat("MISSING in suivi:", label, "\n") }
      next
    }
    same(paste(label, "expected"), row$expected, r@control$expected[j])
    same(paste(label, "upper"), row$upper, upperbound(r)[j])
    same(paste(label, "p"), row$p_value, r@control$pvalue[j])
    same(paste(label, "alarm"), row$alarm, as.numeric(alarms(r)[j]))
  }
}
farr_figures <- figures

# EARS C1-C3 where the history is too short for Farrington: surveillance::earsC.
ears <- rd("alarms.csv"); ears$m <- mon(ears$month)
ears <- ears[grepl("^ears_c", ears$method), ]
ekeys <- unique(ears[, c("phenomenon", "zone")])
for (i in seq_len(min(nrow(ekeys), 400))) {
  ph <- ekeys$phenomenon[i]; zone <- ekeys$zone[i]
  sel <- cube$phenomenon == ph
  if (!is.na(zone)) sel <- sel & cube$zone == zone
  tot <- tapply(cube$count[sel], cube$m[sel], sum)
  y <- as.numeric(tot[as.character(months)]); y[is.na(y)] <- 0
  y[!delivered(zone)] <- NA
  s <- sts(observed = matrix(y, ncol = 1), start = c(first %/% 12, first %% 12 + 1), frequency = 12)
  for (c in 1:3) {
    meth <- paste0("C", c)
    rng <- (7 + 2 * c - 1):min(length(y), 12 * control$b + control$w)
    r <- earsC(s, control = list(method = meth, range = rng))
    mine <- ears[ears$phenomenon == ph & ears$method == paste0("ears_c", c) &
                 (if (is.na(zone)) is.na(ears$zone) else (!is.na(ears$zone) & ears$zone == zone)), ]
    for (j in seq_along(rng)) {
      m <- months[rng[j]]; row <- mine[mine$m == m, ]
      label <- sprintf("EARS %s %s zone %s %d-%02d", meth, ph, zone, m %/% 12, m %% 12 + 1)
      # no row: a month not delivered (never an alarm), or one whose
      # baseline has a month not delivered, where R has no bound either;
      # any other month has a row, NA bounds included (a baseline without
      # variance: no bound, and no alarm)
      if (nrow(row) != 1) {
        if (!is.na(y[rng[j]]) && !is.na(upperbound(r)[j])) { bad <- bad + 1
          cat(label, ": no row, R's bound", upperbound(r)[j], "\n") }
        next
      }
      same(paste(label, "upper"), row$upper, upperbound(r)[j])
      want <- as.numeric(alarms(r)[j]); if (is.na(want)) want <- 0
      same(paste(label, "alarm"), row$alarm, want)
    }
  }
}
cat(sprintf("R farringtonFlexible (%s): %d series, %d figures; earsC: %d figures; %d mismatches\n",
            method, nseries, farr_figures, figures - farr_figures, bad))
quit(status = if (bad > 0 || nseries < want) 1 else 0)
