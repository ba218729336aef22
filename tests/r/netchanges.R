# netchanges.R PAGE DB NETCSV — the clear changes over 12 months,
# recomputed in R from the database's figures, independent of suivi's
# code: every phenomenon with a region-wide comparison of its last 12
# months (an indicator without a filter, no flag) is tested as
# quasi-Poisson, z = (now - before) / sqrt(phi (now + before)) with phi the
# dispersion R's own glm(quasipoisson) gives its last 36 months (at least
# 1), two-sided; p.adjust(BH) across them all; a change is clear where q
# < 0.05 and neither period is below 5 (the 12 months before are counted
# as registered by the same point a year ago, so a fall is judged as a
# rise is).  Every phenomenon's dispersion, p and q in
# aggregate's net_change (NETCSV: export --what net-changes) must be R's
# to 1e-6 relative, its clear flag R's exactly; the page's rises and
# falls must be exactly R's, and the page must say how many phenomena
# were compared (and, with none clear, that none is).  Exits 1 on a
# difference, saying it.
args <- commandArgs(trailingOnly = TRUE)
page <- paste(readLines(args[1], warn = FALSE, encoding = "UTF-8"), collapse = "\n")
db <- args[2]
net <- read.csv(args[3], stringsAsFactors = FALSE)
sql <- function(q) {
	out <- system2("sqlite3", c("-csv", "-header", db, shQuote(q)), stdout = TRUE)
	read.csv(text = out, stringsAsFactors = FALSE)
}
month <- sql("SELECT max(through) AS m FROM aggregate_run")$m
ym <- function(m) sprintf("%04d-%02d", m %/% 12, m %% 12 + 1)
t <- (month %/% 100) * 12 + month %% 100 - 1
period <- paste0(ym(t - 11), "/", ym(t))
v <- sql(sprintf(paste(
	"SELECT DISTINCT substr(v.breakdown, 12) AS code, v.value AS now,",
	"v.compare_value AS before, coalesce(v.completeness, 1) AS complete,",
	"p.label_fr AS name FROM indicator_value v",
	"JOIN indicator_def d ON d.indicator = v.indicator JOIN phenomenon p ON",
	"p.code = substr(v.breakdown, 12) WHERE v.zone IS NULL AND v.period =",
	"'%s' AND v.unit = 'facts' AND v.flag = '' AND d.filter = '' AND",
	"v.breakdown LIKE 'phenomenon=%%' AND v.value IS NOT NULL AND",
	"v.compare_value IS NOT NULL"), period))
# a phenomenon in several indicators: the same counts, each indicator's
# completeness; the least of them
v <- do.call(rbind, lapply(split(v, v$code), function(x) {
	x$complete <- min(x$complete); x[1, ] }))
cube <- sql(paste("SELECT month / 100 * 12 + month % 100 - 1 AS m, phenomenon,",
	"sum(count) AS n FROM cube WHERE basis = 'fact' GROUP BY 1, 2"))
first <- sql("SELECT min(month) AS m FROM coverage WHERE delivered = 1")$m
first <- (first %/% 100) * 12 + first %% 100 - 1
phi <- sapply(v$code, function(code) {
	months <- max(first, t - 35):t
	c <- cube[cube$phenomenon == code, ]
	y <- c$n[match(months, c$m)]; y[is.na(y)] <- 0
	if (sum(y) < 10 || sum(y > 0) < 3) return(1)
	fit <- suppressWarnings(glm(y ~ seq_along(months) + factor(months %% 12),
	    family = quasipoisson()))
	max(1, summary(fit)$dispersion)
})
tot <- v$now + v$before
p <- ifelse(tot > 0, 2 * pnorm(-abs(v$now - v$before) / sqrt(phi * tot)), 1)
q <- p.adjust(p, "BH")
clear <- q < 0.05 & v$now >= 5 & v$before >= 5
rises <- sort(v$name[clear & v$now > v$before])
falls <- sort(v$name[clear & v$now < v$before])

bad <- 0
say <- function(...) { cat(..., "\n", sep = ""); bad <<- bad + 1 }
# aggregate's table, figure by figure
near <- function(a, b) abs(a - b) <= 1e-6 * pmax(abs(a), abs(b), 1e-300)
m <- match(v$code, net$phenomenon)
if (nrow(net) != nrow(v) || anyNA(m))
	say("net_change holds ", nrow(net), " phenomena; R screens ", nrow(v))
for (i in which(!is.na(m))) {
	n <- net[m[i], ]
	what <- c(dispersion = max(1, phi[i]), p_value = p[i], q_value = q[i])
	for (f in names(what))
		if (!near(n[[f]], what[[f]]))
			say(v$code[i], ": ", f, " ", format(n[[f]], digits = 10),
			    " in net_change, ", format(what[[f]], digits = 10), " in R")
	if (n$clear != as.integer(q[i] < 0.05))
		say(v$code[i], ": clear ", n$clear, " in net_change, not in R")
}
section <- regmatches(page, regexpr("(?s)id=\"clear-changes\".*?</p>", page, perl = TRUE))
if (!length(section)) section <- ""
items <- regmatches(section, gregexpr("<li><strong>[^<]*</strong>[^<]*", section))[[1]]
name <- sub("<li><strong>([^<]*)</strong>.*", "\\1", items)
fall <- grepl("(\u2212", items, fixed = TRUE)     # the change, "(−7 %)"
if (!identical(sort(name[!fall]), rises))
	say("rises on the page: ", paste(sort(name[!fall]), collapse = ", "),
	    "; in R: ", paste(rises, collapse = ", "))
if (!identical(sort(name[fall]), falls))
	say("falls on the page: ", paste(sort(name[fall]), collapse = ", "),
	    "; in R: ", paste(falls, collapse = ", "))
if (!grepl(sprintf("%d phénomènes comparés", nrow(v)), section))
	say("the page does not say that ", nrow(v), " phenomena were compared")
if (!length(name) && !grepl("aucun changement", section))
	say("no change listed, and the page does not say none is clear")
cat(sprintf("net changes: %d phenomena compared (p, q, dispersion against net_change), %d clear in R (%d rises, %d falls), %d on the page; %d differences\n",
    nrow(v), sum(clear), length(rises), length(falls), length(name), bad))
quit(status = if (bad > 0 || nrow(v) < 10) 1 else 0)
