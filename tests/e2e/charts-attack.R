# charts-attack.R PAGE.html LANG MIN_CELL COMMUNES.csv
#
# An attacker's try at every chart of a report page together, with the
# tables beside them: each chart's data are read from the CSV the page
# links to it (data/fig-N.csv, the numbers it draws), each chart named by
# its title ("subject — place").  It knows only what a reader of the page
# knows:
#  - a region's count is the sum of its zones' (a measure's series and its
#    zones' small multiples; the same phenomenon or modus operandi charted
#    for the region and for zones, each of the region's zones a part,
#    unknown when not charted);
#  - a 12-month average is the mean of the 12 months up to it (to its
#    printed decimals);
#  - a nowcast's lower bound is at least the facts in by now;
#  - a rate per 1,000 inhabitants is a count over the population
#    (COMMUNES.csv: suivi export --what communes);
#  - a month a chart marks "fewer than MIN_CELL facts" (a zone's series
#    published nowhere else: its legend says so) is at most MIN_CELL - 1;
#  - a table's row of a phenomenon for the region counts the same facts
#    as the phenomenon's chart for the region, over its 12 months and its
#    year to date (those of a year before count the facts registered by
#    the same point then, which no chart draws), unless the table counts
#    something else (a place, a channel: its shown rows do not agree with
#    the charts, and it is left aside).
# Each equation alone: a hidden count that is its only unknown is
# recomputed.  All of them together: for each hidden count, glpsol (GLPK)
# finds the smallest and largest values they allow (counts >= 0).  It
# fails when it can read a count of 1 to MIN_CELL - 1, recompute a hidden
# count, or bound one below MIN_CELL (the page would say it is small) —
# below MIN_CELL - 1 for one the page marks small.
#
# It also proves that it reads the page right: every equation whose
# figures are all shown must hold (to the rounding of its averages); one
# that does not is a misreading (or a wrong figure) and fails.
# Prints what it tried and found; exits 1 on a leak or a misreading.
args <- commandArgs(trailingOnly = TRUE)
lang <- args[2]
k <- as.numeric(args[3])
communes <- read.csv(args[4], stringsAsFactors = FALSE)
dir <- dirname(args[1])
html <- paste(readLines(args[1], encoding = "UTF-8", warn = FALSE), collapse = "\n")
grab <- function(s, re) regmatches(s, gregexpr(paste0("(?s)", re), s, perl = TRUE))[[1]]
unhtml <- function(s) {
  s <- gsub("<[^>]*>", "", s)
  for (e in list(c("&#39;", "'"), c("&quot;", "\""), c("&lt;", "<"), c("&gt;", ">"),
                 c("&amp;", "&")))
    s <- gsub(e[1], e[2], s, fixed = TRUE)
  trimws(gsub("[\u00a0\u202f]", " ", s))
}
num <- function(x) {
  x <- gsub("[\u00a0\u202f %]", "", unhtml(x))
  if (lang == "nl") x <- gsub(".", "", x, fixed = TRUE)
  if (lang == "en") x <- gsub(",", "", x, fixed = TRUE)
  suppressWarnings(as.numeric(sub(",", ".", x, fixed = TRUE)))
}

problems <- character(0)
complain <- function(...) problems <<- c(problems, paste0(...))
tried <- c(groups = 0, checked = 0, tables = 0, lp = 0)

# ---- the charts and their data ---------------------------------------------
figs <- grab(html, "<figure id=\"fig-[0-9]+\".*?</figure>")
charts <- do.call(rbind, lapply(figs, function(f) {
  id <- sub("(?s)^<figure id=\"([^\"]+)\".*", "\\1", f, perl = TRUE)
  title <- unhtml(sub("(?s).*?<title>([^<]*)</title>.*", "\\1", f, perl = TRUE))
  csv <- file.path(dir, "data", paste0(id, ".csv"))
  if (!grepl("<svg", f) || !file.exists(csv)) return(NULL)
  d <- read.csv(csv, stringsAsFactors = FALSE, colClasses = "character")
  if (!nrow(d)) return(NULL)
  d$fig <- id
  d$title <- title
  # its hidden months marked as small ("moins de 5 faits (non publié)")
  d$marks <- grepl(paste0("<text>(moins de|minder dan|fewer than) ", k, " ", collapse = ""), f)
  d
}))
charts$v <- suppressWarnings(as.numeric(charts$value))
# hidden: suppressed, or a month a zone did not deliver (not drawn: its
# facts are still to come, in that zone and in the region)
charts$hid <- is.na(charts$v)
place <- sub("^.* — ", "", charts$title)
charts$subject <- sub(" — [^—]*$", "", charts$title)
region_name <- unique(place[charts$zone == "0" & grepl(" — ", charts$title)])
zones <- sort(unique(charts$zone[charts$series == "delivered"]))
if (!length(zones)) zones <- sort(unique(charts$zone[charts$zone != "0"]))

# What the page tells of each count: a count is named by its subject, its
# series (facts, or facts with a modus operandi), its place and its month;
# the same count in two charts is one.  Shown: its value; else unknown,
# and hidden when the page says it hides it (suppressed).
counts <- charts[charts$series %in% c("facts", "modus"), ]
qkey <- function(subject, series, zone, month) paste(subject, series, zone, month, sep = "|")
counts$key <- qkey(counts$subject, counts$series, counts$zone, counts$month)
known <- vapply(split(counts$v, counts$key), function(v)
  if (all(is.na(v))) NA_real_ else v[!is.na(v)][1], 0)
hidden <- unique(counts$key[counts$status == "suppressed"])
marked <- unique(counts$key[counts$status == "suppressed" & counts$marks & counts$series == "facts"])
value_of <- function(keys) unname(known[match(keys, names(known))])   # NA: not shown

# The equations a reader can write: lo <= sum of the counts of keys <= hi.
eqs <- list()
equation <- function(what, keys, lo, hi)
  eqs[[length(eqs) + 1]] <<- list(what = what, keys = keys, lo = lo, hi = hi)

# (1) the region and its zones, month by month, subject by subject: the
# region's chart against every chart of the same subject in a zone (a
# measure's small multiples, an alarm's or a signal's zone); a zone not
# charted is a count unknown
reg <- counts[counts$zone == "0", ]
for (s in unique(paste(reg$subject, reg$series, sep = "\r"))) {
  r <- reg[paste(reg$subject, reg$series, sep = "\r") == s, ]
  if (!any(counts$zone != "0" & paste(counts$subject, counts$series, sep = "\r") == s)) next
  for (i in seq_len(nrow(r)))
    equation(paste0(r$title[i], ", ", r$month[i], ": the region and its zones"),
             c(r$key[i], paste0("-", qkey(r$subject[i], r$series[i], zones, r$month[i]))), 0, 0)
}

# (2) a 12-month average and the months it averages (to its decimals);
# not across a month a zone did not deliver, which the page does not say
# how it averages
avg <- charts[charts$series == "average" & !charts$hid, ]
holes <- counts$key[counts$status == "not_delivered"]
for (i in seq_len(nrow(avg))) {
  mm <- format(seq(as.Date(paste0(avg$month[i], "-01")), by = "-1 month", length.out = 12), "%Y-%m")
  if (any(qkey(avg$subject[i], "facts", avg$zone[i], mm) %in% holes)) next
  half <- 12 * 0.5 * 10^-nchar(sub("^[^.]*\\.?", "", avg$value[i]))
  equation(paste0(avg$title[i], ", ", avg$month[i], ": its 12-month average"),
           qkey(avg$subject[i], "facts", avg$zone[i], mm), 12 * avg$v[i] - half, 12 * avg$v[i] + half)
}

# (2b) a month marked small is at most k - 1
for (m in marked)
  equation(paste0(gsub("\\|", ", ", m), ": marked fewer than ", k), m, 0, k - 1)

# (3) a nowcast's interval starts at the facts in by now (none of the
# facts to come may be negative): a month's count is at most its lower
# bound
now <- charts[charts$series == "nowcast_low" & !charts$hid, ]
for (i in seq_len(nrow(now)))
  equation(paste0(now$title[i], ", ", now$month[i], ": its nowcast's lower bound"),
           qkey(now$subject[i], "facts", now$zone[i], now$month[i]), 0, now$v[i])

# (4) a table's row of a phenomenon for the region, against that
# phenomenon's chart for the region: its 12 months and the 12 before,
# and its years to date where the table gives them; a table whose shown
# rows do not agree with the charts counts something else
month_of <- function(t) { t <- t - 1; sprintf("%04d-%02d", t %/% 12, t %% 12 + 1) }
m_index <- function(s) as.numeric(substr(s, 1, 4)) * 12 + as.numeric(substr(s, 6, 7))
last <- max(m_index(counts$month))
spans <- list(c(last - 11, last), c(last - 23, last - 12),
              c(last - (last - 1) %% 12, last), c(last - (last - 1) %% 12 - 12, last - 12))
table_cells <- function(t, n) {
  out <- list()
  for (row in grab(t, "<tr[^>]*data-level=\"region0\"[^>]*data-part=\"part\"[^>]*>.*?</tr>")) {
    cells <- grab(row, "<t[dh][^>]*>.*?</t[dh]>")
    name <- unhtml(cells[2])
    if (!any(reg$series == "facts" & reg$subject == name)) next
    # the 12 months and the year to date; those of a year before count
    # the facts registered by the same point then, not the chart's months
    for (col in which(c(TRUE, FALSE, length(cells) >= 10, FALSE))) {
      cell <- cells[c(3, 4, 8, 9)[col]]
      if (!nzchar(unhtml(cell))) next         # not given
      mm <- vapply(spans[[col]][1]:spans[[col]][2], month_of, "")
      out[[length(out) + 1]] <- list(what = paste0(name, ", ", mm[1], " to ",
          mm[length(mm)], ": the table and the chart"), v = num(cell),
          key = paste0("table ", n, "|", name, "|", col),
          months = qkey(name, "facts", "0", mm))
    }
  }
  out
}
tables <- grab(html, "<table class=\"counts\".*?</table>")
for (n in seq_along(tables)) {
  g <- table_cells(tables[n], n)
  sums <- vapply(g, function(x) sum(value_of(x$months)), 0)
  shown <- !is.na(vapply(g, `[[`, 0, "v")) & !is.na(sums)
  if (!any(shown) || any(vapply(g[shown], `[[`, 0, "v") != sums[shown]))
    next
  tried[["tables"]] <- tried[["tables"]] + 1
  for (x in g) {
    known[x$key] <- x$v
    if (is.na(x$v)) hidden <- c(hidden, x$key)
    equation(x$what, c(x$key, paste0("-", x$months)), 0, 0)
  }
}

# Each equation alone: all shown, it must hold (the reading is right);
# one unknown, its interval; a hidden count recomputed, or known to be
# 1 to k - 1, is a leak.
# (every key looked up at once: one match() over them all)
all_keys <- unlist(lapply(eqs, `[[`, "keys"))
all_v <- unname(known[match(sub("^-", "", all_keys), names(known))])
at <- split(seq_along(all_keys), rep(seq_along(eqs), vapply(eqs, function(e) length(e$keys), 0L)))
sys <- lapply(seq_along(eqs), function(i) {
  keys <- all_keys[at[[i]]]; v <- all_v[at[[i]]]; neg <- startsWith(keys, "-")
  list(what = eqs[[i]]$what, keys = sub("^-", "", keys), neg = neg, unknown = is.na(v),
       rest = sum(ifelse(neg, -1, 1)[!is.na(v)] * v[!is.na(v)]),
       lo = eqs[[i]]$lo, hi = eqs[[i]]$hi)
})
for (x in sys) {
  e <- x
  tried[["groups"]] <- tried[["groups"]] + 1
  if (!any(x$unknown)) {
    tried[["checked"]] <- tried[["checked"]] + 1
    if (x$rest < e$lo - 1e-6 || x$rest > e$hi + 1e-6)
      complain(e$what, ": does not add up (", x$rest, " against ", e$lo, " to ",
               e$hi, ") — a misreading or a wrong figure")
  } else if (sum(x$unknown) == 1 && x$keys[x$unknown] %in% hidden) {
    sign <- if (x$neg[x$unknown]) -1 else 1
    b <- sort(sign * c(e$lo - x$rest, e$hi - x$rest))
    lo <- max(0, ceiling(b[1] - 1e-6)); hi <- floor(b[2] + 1e-6)
    if (lo == hi || hi < k - (x$keys[x$unknown] %in% marked))
      complain(e$what, ": a hidden count recomputed between ", lo, " and ", hi)
  }
}

# All equations together: for each hidden count, the smallest and largest
# values they allow (counts >= 0), by linear programming (glpsol) over the
# equations that share unknowns with it.  At most k - 1: the page says it
# is small; one value: the page gives it.
lp_bound <- function(target, sys, dir) {
  vars <- unique(unlist(lapply(sys, function(x) x$keys[x$unknown])))
  id <- setNames(paste0("x", seq_along(vars)), vars)
  term <- function(x) paste0(ifelse(x$neg[x$unknown], "- ", "+ "), id[x$keys[x$unknown]], collapse = " ")
  rows <- unlist(lapply(seq_along(sys), function(i) {
    x <- sys[[i]]
    c(sprintf(" l%d: %s >= %.6f", i, term(x), x$lo - x$rest),
      sprintf(" h%d: %s <= %.6f", i, term(x), x$hi - x$rest))
  }))
  f <- tempfile(fileext = ".lp")
  writeLines(c(dir, paste(" obj:", id[[target]]), "Subject To", rows, "End"), f)
  out <- system2("glpsol", c("--nopresol", "--lp", f, "-o", "/dev/stdout"), stdout = TRUE, stderr = FALSE)
  unlink(f)
  status <- sub("^Status: *", "", grep("^Status:", out, value = TRUE))
  if (!length(status) || status == "UNBOUNDED") return(Inf)
  if (status != "OPTIMAL")
    stop("glpsol: ", status, " for ", target, ": the page's numbers contradict ",
         "each other in: ", paste(head(vapply(sys, `[[`, "", "what"), 6), collapse = "; "))
  as.numeric(sub(".*= *([-0-9.e+]+).*", "\\1", grep("^Objective:", out, value = TRUE)))
}
sys <- Filter(function(x) any(x$unknown), sys)
lowest <- Inf
for (h in hidden) {
  # the equations linked to h through shared unknowns
  linked <- rep(FALSE, length(sys)); reach <- h
  repeat {
    now_linked <- vapply(sys, function(x) any(x$keys[x$unknown] %in% reach), TRUE)
    if (identical(now_linked, linked)) break
    linked <- now_linked
    reach <- unique(unlist(lapply(sys[linked], function(x) x$keys[x$unknown])))
  }
  if (!any(linked)) next
  tried[["lp"]] <- tried[["lp"]] + 1
  hi <- lp_bound(h, sys[linked], "Maximize")
  lo <- lp_bound(h, sys[linked], "Minimize")
  lowest <- min(lowest, hi)
  if (hi < k - (h %in% marked) - 1e-6)
    complain(gsub("\\|", ", ", h), ": hidden, but the page's figures together say it is at most ",
             floor(hi + 1e-6))
  else if (hi - lo < 1 - 1e-6)
    complain(gsub("\\|", ", ", h), ": hidden, but the page's figures together give it: ",
             ceiling(lo - 1e-6))
}

# No count of 1 to k - 1 is drawn, nor a rate per 1,000 inhabitants that
# gives one back with the population
small <- counts[!counts$hid & counts$v >= 1 & counts$v < k, ]
for (i in seq_len(nrow(small)))
  complain(small$title[i], ", zone ", small$zone[i], ", ", small$month[i],
           ": a count of ", small$v[i], " is drawn")
rates <- charts[charts$series == "rate" & !charts$hid, ]
for (i in seq_len(nrow(rates))) {
  pop <- if (rates$zone[i] == "0") sum(communes$population) else
    sum(communes$population[communes$zone == as.numeric(rates$zone[i])])
  half <- 0.5 * 10^-nchar(sub("^[^.]*\\.?", "", rates$value[i]))
  lo <- ceiling((rates$v[i] - half) * pop / 1000 - 1e-6)
  hi <- floor((rates$v[i] + half) * pop / 1000 + 1e-6)
  if (lo >= 1 && hi < k)
    complain(rates$title[i], ", zone ", rates$zone[i], ", ", rates$month[i],
             ": a rate that gives a count of ", lo, "–", hi)
}

cat(sprintf(paste("%s: %d charts and %d tables; %d equations, %d whose figures are all",
                  "shown add up; %d hidden counts bounded by linear programming (the lowest",
                  "bound %s); %d problems\n"),
            basename(args[1]), length(unique(charts$fig)), tried[["tables"]], tried[["groups"]],
            tried[["checked"]] - sum(grepl("does not add up", problems)), tried[["lp"]],
            if (is.finite(lowest)) format(floor(lowest + 1e-6)) else "none",
            length(unique(problems))))
if (length(problems)) {
  cat(paste0("  ", head(unique(problems), 20), "\n"), sep = "")
  quit(status = 1)
}
