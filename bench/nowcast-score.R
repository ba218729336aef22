# bench/nowcast-score.R TRIANGLE PERIODS LABEL=CSV... — how good nowcasts
# made at monthly cuts are, for one or more methods side by side.
#
# TRIANGLE (month, delay, count: every registration) gives each month's
# final count; PERIODS (month, period) the period a cut month T is
# reported under.  Each CSV holds one method's nowcasts, one row per cut
# T and month nowcast: T, month, observed (facts registered by the end of
# T), and the median as `nowcast` (suivi's export --what nowcast, T
# prepended) or `median` (bench/bayes-trunc.R), lower, upper (the 95%
# prediction interval); a row with no median (too little in, or the method
# failed) is counted, not scored.
#
# Scored on the (T, month) pairs every method nowcast, so that they are
# compared on the same months: by age (T minus the month) and by period of
# T, the share of 95% intervals that hold the final count (coverage), the
# mean absolute error of the median (MAE) beside that of the raw count so
# far (raw), and the median width of the interval (upper - lower).  Then
# each method on all the pairs it nowcast.  An evaluation, not a test.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 3)
  stop("usage: Rscript nowcast-score.R TRIANGLE PERIODS LABEL=CSV...")
mon <- function(s) as.integer(substr(s, 1, 4)) * 12L + as.integer(substr(s, 6, 7)) - 1L
tri <- read.csv(args[1], stringsAsFactors = FALSE)
final <- tapply(tri$count, tri$month, sum)
periods <- read.csv(args[2], stringsAsFactors = FALSE)
period_of <- setNames(periods$period, periods$month)

read_method <- function(spec) {
  label <- sub("=.*", "", spec)
  x <- read.csv(sub("^[^=]*=", "", spec), stringsAsFactors = FALSE, na.strings = c("", "NA"))
  if (!"median" %in% names(x)) x$median <- x$nowcast
  x <- x[, c("T", "month", "observed", "median", "lower", "upper")]
  x$final <- ifelse(is.na(final[x$month]), 0, final[x$month])
  x$key <- paste(x$T, x$month)
  list(label = label, all = x, ok = x[!is.na(x$median), ])
}
methods <- lapply(args[-(1:2)], read_method)
common <- Reduce(intersect, lapply(methods, function(m) m$ok$key))

# the scores of rows x (one method) grouped by g
score <- function(x, g) {
  s <- function(i) c(n = length(i),
                     raw = mean(x$final[i] - x$observed[i]),
                     cover = 100 * mean(x$lower[i] <= x$final[i] & x$final[i] <= x$upper[i]),
                     mae = mean(abs(x$median[i] - x$final[i])),
                     width = median(x$upper[i] - x$lower[i]))
  do.call(rbind, lapply(split(seq_len(nrow(x)), g), s))
}
line <- function(name, n, raw, parts)
  cat(sprintf("  %-13s %6d %8.1f  %s\n", name, n, raw, paste(parts, collapse = "  ")))
cell <- function(r) sprintf("%5.1f%% %8.1f %7.0f", r[["cover"]], r[["mae"]], r[["width"]])
table <- function(title, key_of) {
  rows <- lapply(methods, function(m) {
    x <- m$ok[match(common, m$ok$key), ]
    g <- key_of(x)
    rbind(score(x, g), all = score(x, rep("all", nrow(x))))
  })
  cat(sprintf("\n%s\n  %-13s %6s %8s  %s\n", title, "", "months", "raw MAE",
              paste(sprintf("%-23s", sapply(methods, function(m)
                sprintf("%s: cover    MAE  width", substr(m$label, 1, 6)))), collapse = "  ")))
  for (k in rownames(rows[[1]]))
    line(k, rows[[1]][k, "n"], rows[[1]][k, "raw"], sapply(rows, function(r) cell(r[k, ])))
}

cat(sprintf("%d (T, month) pairs nowcast by %s", length(common),
            if (length(methods) > 1) "every method" else methods[[1]]$label))
for (m in methods)
  cat(sprintf("; %s: %d (%d without a median)", m$label, nrow(m$ok), nrow(m$all) - nrow(m$ok)))
cat("\n")
if (length(methods) > 1) {
  x <- lapply(methods, function(m) m$ok$observed[match(common, m$ok$key)])
  odd <- sum(Reduce(`|`, lapply(x[-1], function(o) o != x[[1]])))
  if (odd) cat(sprintf("(%d pairs where the methods' counts so far differ)\n", odd))
}
if (length(common)) {
  table("by age of the month (months)", function(x) sprintf("age %2d", mon(x$T) - mon(x$month)))
  table("by period of the cut", function(x) period_of[x$T])
}
cat("\neach on every month it nowcast\n")
for (m in methods) {
  x <- m$ok
  by_age <- score(x, sprintf("age %2d", mon(x$T) - mon(x$month)))
  all <- score(x, rep("all", nrow(x)))
  cat(sprintf("  %-12s %s\n", m$label, paste(sprintf("%s: %d months, cover %.1f%%, MAE %.1f (raw %.1f), width %.0f",
      c(rownames(by_age), "all"), c(by_age[, "n"], all[, "n"]), c(by_age[, "cover"], all[, "cover"]),
      c(by_age[, "mae"], all[, "mae"]), c(by_age[, "raw"], all[, "raw"]), c(by_age[, "width"], all[, "width"])),
      collapse = "\n               ")))
  cat(sprintf("               intervals whose upper end is above 5 times the final count: %.1f%% (%d of %d)\n",
      100 * mean(x$upper > 5 * x$final), sum(x$upper > 5 * x$final), nrow(x)))
}
