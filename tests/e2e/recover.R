# recover.R PAGE.html LANG MIN_CELL COMMUNES.csv
#
# An attacker's try at the published tables: from the figures a report
# page shows, recompute every suppressed cell by arithmetic.  It knows how
# the tables add up (a total and its breakdown; the region and its zones;
# a zone and its communes; a share's numerators, its zones' and the
# region's; rows read = loaded + revised + duplicates +
# quarantined; the quarantine reasons and their total; the shares of a mix
# and 100 %), and turns a rate back into facts with the population of
# COMMUNES.csv (suivi export --what communes).  It fails when it can
#  - read a count of 1 to MIN_CELL - 1 that is shown as a number,
#  - recompute a suppressed cell (a group with exactly one unknown),
#  - recompute a sum of suppressed cells that is itself 1 to MIN_CELL - 1,
#    or, of cells all marked <MIN_CELL, too large for any of them to be 0,
#  - read a ratio, interval or p-value whose counts are suppressed (or a
#    change whose years to date are),
#  - subtract a year to date from its 12 months and get 1 to MIN_CELL - 1,
#    or recompute such months apart of suppressed rows from a table's sums.
#  - read a count of 1 to MIN_CELL - 1 in a sentence ("3 faits", "0 in de
#    24 maanden daarvoor": a number before facts, or before the months it
#    counts them over).
# Prints what it tried and what it found; exits 1 if it recovered anything.
args <- commandArgs(trailingOnly = TRUE)
lang <- args[2]
k <- as.numeric(args[3])
communes <- read.csv(args[4], stringsAsFactors = FALSE)
html <- paste(readLines(args[1], encoding = "UTF-8", warn = FALSE), collapse = "\n")

num <- function(x) {
  x <- gsub("<[^>]*>", "", x)
  x <- gsub("[\u00a0\u202f %]", "", x)
  if (lang == "nl") x <- gsub(".", "", x, fixed = TRUE)
  if (lang == "en") x <- gsub(",", "", x, fixed = TRUE)
  x <- sub(",", ".", x, fixed = TRUE)
  x <- sub("\u2212", "-", x, fixed = TRUE)
  suppressWarnings(as.numeric(x))
}
hidden <- function(x) grepl("^(&lt;[0-9]+|\u00d7)$", trimws(gsub("<[^>]*>", "", x)))

tables <- regmatches(html, gregexpr("<table class=\"[a-z]+\".*?</table>", html))[[1]]
problems <- character(0)
groups <- 0
complain <- function(...) problems <<- c(problems, paste0(...))

# One group: total t (value, hidden) and parts; all values as counts.
# pm: which hidden parts are marked "<k" (each at most k - 1, as the mark
# says); the others hidden ("×") could be anything.
check_group <- function(what, tv, th, pv, ph, counts = TRUE, pm = ph & FALSE) {
  groups <<- groups + 1
  unknown <- th + sum(ph)
  if (unknown == 1)
    complain(what, ": one suppressed cell, recomputed from the others")
  if (counts && !th && unknown >= 2) {
    d <- tv - sum(pv[!ph])
    if (d >= 1 - 1e-6 && d < k - 1e-6)
      complain(what, ": the suppressed cells add up to ", round(d, 2))
    if (all(pm[ph]) && d > (k - 1) * (unknown - 1) + 1e-6)
      complain(what, ": ", unknown, " cells marked <", k, " add up to ", round(d, 2),
               ": none of them can be 0")
  }
}
marked <- function(x) grepl("^&lt;[0-9]+$", trimws(gsub("<[^>]*>", "", x)))

pop_of <- function(level) {
  if (startsWith(level, "commune-"))
    return(sum(communes$population[communes$nis == as.numeric(sub("commune-", "", level))]))
  if (startsWith(level, "zone-"))
    return(sum(communes$population[communes$zone == as.numeric(sub("zone-", "", level))]))
  sum(communes$population)
}

for (t in tables) {
  class <- sub("^<table class=\"([a-z]+)\".*", "\\1", t)
  rows <- regmatches(t, gregexpr("<tr[^>]*>.*?</tr>", t))[[1]]
  rows <- rows[!grepl("<th scope=\"col\"", rows)]
  attr <- function(r, a) sub(paste0(".*", a, "=\"([^\"]*)\".*"), "\\1",
                             ifelse(grepl(paste0(a, "=\""), r), r, paste0(a, "=\"\"")))
  cells <- lapply(rows, function(r) regmatches(r, gregexpr("<t[dh][^>]*>.*?</t[dh]>", r))[[1]])
  if (class %in% c("counts", "rates", "mix", "shares") && any(grepl("data-level", rows))) {
    level <- vapply(rows, attr, "", a = "data-level", USE.NAMES = FALSE)
    zone <- vapply(rows, attr, "", a = "data-zone", USE.NAMES = FALSE)
    part <- vapply(rows, attr, "", a = "data-part", USE.NAMES = FALSE)
    ok <- part != "empty"
    level <- level[ok]; zone <- zone[ok]; part <- part[ok]; cells <- cells[ok]
    # the 12 months and the 12 before; a count table's years to date, and
    # the months apart (the 12 months less the year to date: "3-8", "4-9"),
    # shown nowhere but known by subtraction, unknown where either is hidden
    ytd <- class == "counts" && length(cells) && length(cells[[1]]) >= 10
    for (col in if (ytd) c("3", "4", "8", "9", "3-8", "4-9") else c("3", "4")) {
      ab <- as.numeric(strsplit(col, "-")[[1]])
      v <- vapply(cells, function(c) num(c[ab[1]]) - if (length(ab) > 1) num(c[ab[2]]) else 0, 0)
      # a cell left empty (a zone's year to date) is not published
      h <- vapply(cells, function(c) any(vapply(c[ab], hidden, TRUE)) ||
                  any(!nzchar(trimws(gsub("<[^>]*>", "", c[ab])))), TRUE)
      pm <- vapply(cells, function(c) length(ab) == 1 && marked(c[ab]), TRUE)
      if (class == "rates") v <- v * vapply(level, pop_of, 0) / 1000
      if (class %in% c("counts", "rates")) {
        small <- !h & !is.na(v) & v >= 1 - 1e-6 & v < k - 1e-6
        if (any(small)) complain(class, " table: a count below ", k, " is shown")
        tot <- which(level == "region0" & part == "all")
        if (length(tot) == 1) {
          p <- which(level == "region0" & part == "part")
          if (length(p)) check_group("breakdown of a total", v[tot], h[tot], v[p], h[p], pm = pm[p])
          z <- which(startsWith(level, "zone-"))
          if (length(z)) check_group("zones of the region", v[tot], h[tot], v[z], h[z], pm = pm[z])
        }
        for (zt in which(startsWith(level, "zone-"))) {
          cm <- which(startsWith(level, "commune-") & zone == zone[zt])
          if (length(cm)) check_group("communes of a zone", v[zt], h[zt], v[cm], h[cm], pm = pm[cm])
        }
      } else if (class == "shares") {
        # a share's numerators add up, the zones' to the region's: one
        # hidden among them is the region's less the others (each had
        # from its share and base, or from the test beside it)
        tot <- which(level == "region0" & part == "all")
        z <- which(startsWith(level, "zone-"))
        if (length(tot) == 1 && length(z))
          check_group("numerators of a share's zones", 0, h[tot], v[z] * 0, h[z],
                      counts = FALSE)
      } else if (class == "mix") {
        # percentages, not counts: only a lone unknown gives something away
        check_group("shares of a mix", 100, FALSE, ifelse(is.na(v), 0, v), h,
                    counts = FALSE)
      }
    }
    for (c in cells) {
      counts_hidden <- hidden(c[3]) || hidden(c[4])
      if (counts_hidden && any(!is.na(vapply(c[5:7], num, 0))))
        complain(class, " table: a ratio, interval or p-value beside a suppressed count")
      if (!ytd) next
      if ((hidden(c[8]) || hidden(c[9])) && !is.na(num(c[10])))
        complain(class, " table: a change beside a suppressed year to date")
    }
  } else if (any(grepl("data-row", rows))) {
    kind <- vapply(rows, attr, "", a = "data-row", USE.NAMES = FALSE)
    if (any(kind == "zone")) {            # extracts: read = the outcomes
      v <- t(vapply(cells, function(c) vapply(c[3:7], num, 0), numeric(5)))
      h <- t(vapply(cells, function(c) vapply(c[3:7], hidden, TRUE), logical(5)))
      for (r in seq_along(cells))
        check_group("an extracts row", v[r, 1], h[r, 1], v[r, 2:5], h[r, 2:5])
      tot <- which(kind == "total"); z <- which(kind == "zone")
      for (col in 1:5)
        check_group("extracts by zone", v[tot, col], h[tot, col], v[z, col], h[z, col])
      small <- !h & !is.na(v) & v >= 1 & v < k
      if (any(small)) complain("extracts table: a count below ", k, " is shown")
    } else if (any(kind == "reason")) {   # quarantine reasons and total
      v <- vapply(cells, function(c) num(c[2]), 0)
      h <- vapply(cells, function(c) hidden(c[2]), TRUE)
      tot <- which(kind == "total"); r <- which(kind == "reason")
      check_group("quarantine reasons", v[tot], h[tot], v[r], h[r])
      if (any(!h & v >= 1 & v < k)) complain("quarantine table: a count below ", k, " is shown")
    }
  }
}
unmapped <- regmatches(html, gregexpr("<table(><caption[^>]*>[^<]*</caption)?><thead><tr><th[^>]*>[^<]*</th><th[^>]*>[^<]*</th></tr></thead><tbody>.*?</table>", html))[[1]]
for (t in unmapped) {
  v <- num(regmatches(t, gregexpr("(?<=<td>)[^<]*(?=</td></tr>)", t, perl = TRUE))[[1]])
  if (any(!is.na(v) & v >= 1 & v < k)) complain("unmapped labels: a count below ", k, " is shown")
}
# The sentences: the page without its tables and charts, a count being a
# number before its facts or before the months it counts them over
prose <- gsub("(?s)<(table|figure|head)\\b.*?</\\1>", " ", html, perl = TRUE)
prose <- gsub("[\u00a0\u202f]", " ", gsub("<[^>]*>", " ", prose))
said <- regmatches(prose, gregexpr(paste0("\\b\\d{1,3}(?:[ .]\\d{3})*(?=\\s+(faits?|feit(en)?|facts?)\\b",
                                          "|\\s+(sur les|in de|over the) \\d+ (derniers )?(mois|maanden|months))"),
                                   prose, perl = TRUE))[[1]]
v <- num(said)
if (any(!is.na(v) & v >= 1 & v < k)) complain("a sentence says a count below ", k, ": ",
                                              paste(said[!is.na(v) & v >= 1 & v < k], collapse = ", "))
cat(sprintf("%s: %d tables, %d additive groups tried, %d counts in sentences, %d recoveries\n",
            basename(args[1]), length(tables), groups, length(said), length(unique(problems))))
if (length(problems)) {
  cat(paste0("  ", unique(problems), "\n"), sep = "")
  quit(status = 1)
}
