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
#  - a table's row of a phenomenon for the region counts the same facts
#    as the phenomenon's chart for the region, over the table's periods,
#    unless the table counts something else (a place, a channel: its
#    shown rows do not agree with the charts, and it is left aside).
# In each such group it solves what it can: a single unknown is
# recomputed, several unknowns give their sum.  It fails when it can read
# a count of 1 to MIN_CELL - 1, recompute a hidden one, or find hidden
# counts that add up to 1 to MIN_CELL - 1.
#
# It also proves that it reads the page right: every group whose numbers
# are all shown must add up (to the rounding of its averages and rates);
# a group that does not is a misreading (or a wrong figure) and fails.
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
tried <- c(groups = 0, checked = 0, tables = 0)

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

# One group: total (value or NA, low/high its rounding) = sum of parts
# (values or NA).  lo/hi: how far each known value may be from the truth.
group <- function(what, tv, tlo, thi, pv, plo = 0 * pv, phi = 0 * pv) {
  tried[["groups"]] <<- tried[["groups"]] + 1
  unknown <- is.na(pv)
  if (is.na(tv)) {              # a hidden total: its parts' sum?
    s <- sum(pv + phi)
    if (!any(unknown) && s >= 1 && sum(pv - plo) < k)
      complain(what, ": a hidden total is the sum of its parts, ", sum(pv))
    return(invisible())
  }
  lo <- tv - tlo - sum((pv + phi)[!unknown])
  hi <- tv + thi - sum((pv - plo)[!unknown])
  if (!any(unknown)) {
    tried[["checked"]] <<- tried[["checked"]] + 1
    if (lo > 1e-6 || hi < -1e-6)
      complain(what, ": does not add up (", round(lo, 2), " to ", round(hi, 2),
               " left) — a misreading or a wrong figure")
    return(invisible())
  }
  lo <- max(0, ceiling(lo - 1e-6)); hi <- floor(hi + 1e-6)
  if (sum(unknown) == 1 && !(lo == 0 && hi >= k))
    complain(what, ": a hidden count recomputed between ", lo, " and ", hi)
  else if (lo >= 1 && hi < k)
    complain(what, ": hidden counts that add up to ", lo, "–", hi)
}

counts <- charts[charts$series %in% c("facts", "modus"), ]
key <- function(d) paste(d$subject, d$series, d$month, sep = "\r")

# (1) the region and its zones, month by month, subject by subject: the
# region's chart against every chart of the same subject in a zone (a
# measure's small multiples, an alarm's or a signal's zone)
reg <- counts[counts$zone == "0", ]
for (s in unique(paste(reg$subject, reg$series, sep = "\r"))) {
  r <- reg[paste(reg$subject, reg$series, sep = "\r") == s, ]
  z <- counts[counts$zone != "0" & paste(counts$subject, counts$series, sep = "\r") == s, ]
  if (!nrow(z)) next
  for (i in seq_len(nrow(r))) {
    m <- z[z$month == r$month[i], ]
    pv <- vapply(zones, function(zz) if (any(m$zone == zz)) m$v[m$zone == zz][1] else NA, 0)
    group(paste0(r$title[i], ", ", r$month[i], ": the region and its zones"),
          r$v[i], 0, 0, pv)
  }
}

# (2) a 12-month average and the months it averages
avg <- charts[charts$series == "average", ]
for (i in seq_len(nrow(avg))) {
  f <- counts[counts$fig == avg$fig[i] & counts$zone == avg$zone[i], ]
  mm <- seq(as.Date(paste0(avg$month[i], "-01")), by = "-1 month", length.out = 12)
  pv <- vapply(format(mm, "%Y-%m"), function(x) if (any(f$month == x)) f$v[f$month == x][1] else NA, 0)
  half <- 12 * 0.5 * 10^-max(0, nchar(sub("^[^.]*\\.?", "", avg$value[i])))
  group(paste0(avg$title[i], ", ", avg$month[i], ": its 12-month average"),
        12 * avg$v[i], half, half, pv)
}

# (3) a rate per 1,000 inhabitants is a count over the population
rates <- charts[charts$series == "rate" & !charts$hid, ]
for (i in seq_len(nrow(rates))) {
  pop <- if (rates$zone[i] == "0") sum(communes$population) else
    sum(communes$population[communes$zone == as.numeric(rates$zone[i])])
  d <- nchar(sub("^[^.]*\\.?", "", rates$value[i]))
  lo <- (rates$v[i] - 0.5 * 10^-d) * pop / 1000
  hi <- (rates$v[i] + 0.5 * 10^-d) * pop / 1000
  tried[["groups"]] <- tried[["groups"]] + 1
  if (ceiling(lo - 1e-6) >= 1 && floor(hi + 1e-6) < k && ceiling(lo - 1e-6) <= floor(hi + 1e-6))
    complain(rates$title[i], ", zone ", rates$zone[i], ", ", rates$month[i],
             ": a rate that gives a count of ", ceiling(lo), "–", floor(hi))
}

# (4) a table's row of a phenomenon for the region, against that
# phenomenon's chart for the region: its 12 months and the 12 before,
# and its years to date where the table gives them
month_of <- function(t) { t <- t - 1; sprintf("%04d-%02d", t %/% 12, t %% 12 + 1) }
m_index <- function(s) as.numeric(substr(s, 1, 4)) * 12 + as.numeric(substr(s, 6, 7))
tables <- grab(html, "<table class=\"(counts)\".*?</table>")
last <- max(m_index(counts$month))
spans <- list(c(last - 11, last), c(last - 23, last - 12),
              c(last - (last - 1) %% 12, last), c(last - (last - 1) %% 12 - 12, last - 12))
table_groups <- function(t) {
  out <- list()
  rows <- grab(t, "<tr[^>]*data-level=\"region0\"[^>]*data-part=\"part\"[^>]*>.*?</tr>")
  for (row in rows) {
    cells <- grab(row, "<t[dh][^>]*>.*?</t[dh]>")
    name <- unhtml(cells[2])
    f <- reg[reg$series == "facts" & reg$subject == name, ]
    if (!nrow(f)) next
    for (col in which(c(TRUE, TRUE, length(cells) >= 10, length(cells) >= 10))) {
      cell <- cells[c(3, 4, 8, 9)[col]]
      tv <- num(cell)
      if (!nzchar(unhtml(cell))) next
      mm <- vapply(spans[[col]][1]:spans[[col]][2], month_of, "")
      pv <- vapply(mm, function(x) if (any(f$month == x)) f$v[f$month == x][1] else NA, 0)
      out[[length(out) + 1]] <- list(what = paste0(name, ", ", mm[1], " to ",
          mm[length(mm)], ": the table and the chart"), tv = tv, pv = pv)
    }
  }
  out
}
for (t in tables) {
  g <- table_groups(t)
  whole <- Filter(function(x) !is.na(x$tv) && !anyNA(x$pv), g)
  if (!length(whole) || any(vapply(whole, function(x) x$tv != sum(x$pv), TRUE)))
    next                        # a table of something else
  tried[["tables"]] <- tried[["tables"]] + 1
  for (x in g) group(x$what, x$tv, 0, 0, x$pv)
}

# (5) a nowcast's interval starts at the facts in by now (none of the
# facts to come may be negative): a hidden month's count is at most its
# nowcast's lower bound
now <- charts[charts$series == "nowcast_low" & !charts$hid, ]
for (i in seq_len(nrow(now))) {
  f <- counts[counts$fig == now$fig[i] & counts$zone == now$zone[i] &
              counts$month == now$month[i], ]
  tried[["groups"]] <- tried[["groups"]] + 1
  if (nrow(f) && f$hid[1] && f$status[1] != "not_delivered" && now$v[i] < k)
    complain(now$title[i], ", ", now$month[i], ": a hidden count is at most ",
             now$v[i], ", its nowcast's lower bound")
}

# (6) no count of 1 to k - 1 is drawn
small <- counts[!counts$hid & counts$v >= 1 & counts$v < k, ]
for (i in seq_len(nrow(small)))
  complain(small$title[i], ", zone ", small$zone[i], ", ", small$month[i],
           ": a count of ", small$v[i], " is drawn")

cat(sprintf("%s: %d charts and %d tables, %d groups tried, %d whole groups add up, %d problems\n",
            basename(args[1]), length(unique(charts$fig)), tried[["tables"]], tried[["groups"]],
            tried[["checked"]] - sum(grepl("does not add up", problems)),
            length(unique(problems))))
if (length(problems)) {
  cat(paste0("  ", head(unique(problems), 20), "\n"), sep = "")
  quit(status = 1)
}
