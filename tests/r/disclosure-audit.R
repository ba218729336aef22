# disclosure-audit.R PAGE DB [fr|nl] — an attacker's audit of partner violence in a
# published report, independent of suivi's code: every number of M1.10's
# charts and tables is read back from the page (SVG coordinates through the
# charts' own axes, table cells as printed), turned into linear equations
# over the unknown counts (month x form x victim's sex x author's sex), and
# for each count of 1 to 4 in the database that the page does not show,
# glpsol (GLPK) bounds what the page lets a reader derive.  It must be
# possible that the count is 0 and that it is 5 or more.
#
# It also proves that it could fail: a count the page shows is recovered
# exactly, and a hidden one is recovered exactly once a base bar the page
# hid is put back.  Prints a summary; exits 1 on a leak.
args <- commandArgs(trailingOnly = TRUE)
page <- paste(readLines(args[1], warn = FALSE, encoding = "UTF-8"), collapse = "\n")
db <- args[2]
lang <- if (length(args) >= 3) args[3] else "fr"
MINCELL <- 5
# What the page calls things, as a reader of each language meets them.
words <- list(
	fr = list(victims = "Violences dans le couple par sexe de la victime",
	    authors = "Violences dans le couple par sexe de l&#39;auteur",
	    share = "Part des femmes parmi les victimes (sexe connu)",
	    series = "M1.10 — Violences conjugales et intrafamiliales — Région de Bruxelles-Capitale",
	    forms = "Violences dans le couple par forme",
	    family = "Violences intrafamiliales par forme",
	    sexes = c("femmes" = "F", "hommes" = "M", "X" = "X", "sexe inconnu" = "unknown"),
	    share_line = "part", base = "^base", counts = "^faits par mois",
	    victim = "^victimes : ", author = "^auteurs : ", total = "total",
	    months = c("janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	        "août", "septembre", "octobre", "novembre", "décembre"),
	    label = "label_fr", thousands = " "),
	nl = list(victims = "Partnergeweld naar geslacht van het slachtoffer",
	    authors = "Partnergeweld naar geslacht van de dader",
	    share = "Aandeel vrouwen onder de slachtoffers (geslacht gekend)",
	    series = "M1.10 — Partnergeweld en intrafamiliaal geweld — Brussels Hoofdstedelijk Gewest",
	    forms = "Partnergeweld per vorm",
	    family = "Intrafamiliaal geweld per vorm",
	    sexes = c("vrouwen" = "F", "mannen" = "M", "X" = "X", "geslacht onbekend" = "unknown"),
	    share_line = "aandeel", base = "^basis", counts = "^feiten per maand",
	    victim = "^slachtoffers: ", author = "^daders: ", total = "totaal",
	    months = c("januari", "februari", "maart", "april", "mei", "juni", "juli",
	        "augustus", "september", "oktober", "november", "december"),
	    label = "label_nl", thousands = "."))[[lang]]

sql <- function(q) {
	out <- system2("sqlite3", c("-csv", db, shQuote(q)), stdout = TRUE)
	if (!length(out)) return(data.frame())
	read.csv(text = out, header = FALSE, stringsAsFactors = FALSE)
}
unhtml <- function(s) {
	s <- gsub("<[^>]+>", "", s)
	s <- gsub("&#39;", "'", s, fixed = TRUE)
	s <- gsub("&amp;", "&", s, fixed = TRUE)
	s <- gsub("&lt;", "<", s, fixed = TRUE)
	gsub("[\u00a0\u202f]", " ", s)
}
num <- function(s) {   # "1 234", "1.234", "79,4 %" -> numbers; "<5", "×" -> NA
	s <- gsub("[ %]", "", unhtml(s))
	if (words$thousands == ".") s <- gsub(".", "", s, fixed = TRUE)
	suppressWarnings(as.numeric(sub(",", ".", s, fixed = TRUE)))
}

# ---- the charts, read back ------------------------------------------------
# A figure's charts: the chart, and its phone version where it has one
# (the same values, its last months drawn again at a phone's size).
figure <- function(title) {
	figs <- grab(page, "<figure.*?</figure>")
	hit <- figs[grepl(paste0("<title>", title, "</title>"), figs, fixed = TRUE)]
	if (length(hit) != 1) stop("no single figure titled ", title)
	grab(hit, "<svg.*?</svg>")
}
grab <- function(s, re) regmatches(s, gregexpr(paste0("(?s)", re), s, perl = TRUE))[[1]]
field <- function(x, re) as.numeric(sub(paste0("(?s)", re), "\\1", x, perl = TRUE))

# The axes of a gnuplot SVG: y from the ticks (left axis, and the right one
# where there is one: right of the middle), x from the years' labels (a
# point is a month's 1st).
axes <- function(svg) {
	ticks <- grab(svg, "d='M[\\d.]+,[\\d.]+ L[\\d.]+,[\\d.]+\\s*'/>\\s*<g transform=\"translate\\([\\d.]+,[\\d.]+\\)\"[^>]*>\\s*<text>[^<]*</text>")
	ty <- field(ticks, "^d='M[\\d.]+,([\\d.]+) .*")
	ty2 <- field(ticks, "^d='M[\\d.]+,[\\d.]+ L[\\d.]+,([\\d.]+).*")
	tx <- field(ticks, ".*translate\\(([\\d.]+),.*")
	tv <- num(sub("(?s).*<text>([^<]*)</text>$", "\\1", ticks, perl = TRUE))
	horiz <- abs(ty - ty2) < 0.01 & !is.na(tv)
	years <- grab(svg, "translate\\([\\d.]+,[\\d.]+\\)\"[^>]*text-anchor=\"middle\">\\s*<text>\\d{4}</text>")
	yx <- field(years, "^translate\\(([\\d.]+),.*")
	yv <- field(years, ".*<text>(\\d{4})</text>")
	days <- as.numeric(as.Date(sprintf("%d-01-01", yv)))
	fit <- function(p, v) { b <- (v[2] - v[1]) / (p[2] - p[1]); c(v[1] - b * p[1], b) }
	middle <- field(svg, "^<svg[^>]*?\\swidth=\"([\\d.]+)\".*") / 2
	left <- horiz & tx < middle
	right <- horiz & tx >= middle
	list(x = fit(range(yx), days[order(yx)][c(1, length(yx))]),
	     y = fit(ty[left][c(1, sum(left))], tv[left][c(1, sum(left))]),
	     y2 = if (sum(right) >= 2) fit(ty[right][c(1, sum(right))], tv[right][c(1, sum(right))]),
	     top = min(ty[left]), bottom = max(ty[left]))
}
month_of <- function(ax, x) {
	d <- as.Date(ax$x[1] + ax$x[2] * x, origin = "1970-01-01")
	d <- d + 14     # the nearest month's 1st
	as.integer(format(d, "%Y%m"))
}
# The <g> element that s begins with, up to its own </g>.
group <- function(s) {
	tags <- gregexpr("<g[ >]|</g>", s)[[1]]
	depth <- cumsum(ifelse(substring(s, tags, tags + 1) == "</", -1, 1))
	end <- tags[which(depth == 0)[1]]
	substring(s, 1, end + 3)
}
# The plots of a chart by their legend: for each, the points (month, value)
# of its lines and the tops of its bars, inside the plot area.
plots <- function(svg, ax, axis = "y") {
	starts <- gregexpr("<g id=\"[^\"]*gnuplot_plot_", svg)[[1]]
	out <- list(); last <- ""
	for (st in starts) {
		p <- group(substring(svg, st))
		legend <- unhtml(sub("(?s).*?<text>([^<]*)</text>.*", "\\1", p, perl = TRUE))
		if (!grepl("<text>", p, fixed = TRUE)) legend <- paste(last, "(cont.)")
		last <- legend
		xy <- grab(paste(grab(p, "d='[^']*'"), collapse = " "), "[ML][\\d.]+,[\\d.]+")
		x <- field(xy, "^[ML]([\\d.]+),.*"); y <- field(xy, ".*,([\\d.]+)$")
		bars <- grab(p, "points = '[^']*'")
		bx <- c(); by <- c()
		for (b in bars) {
			v <- suppressWarnings(as.numeric(strsplit(gsub("points = '|'", "", b), "[ ,]+")[[1]]))
			v <- v[!is.na(v)]
			bx <- c(bx, (min(v[c(1, 3, 5, 7)]) + max(v[c(1, 3, 5, 7)])) / 2)
			by <- c(by, min(v[c(2, 4, 6, 8)]))
		}
		# bars: their tops alone (not the corners of their outlines)
		if (length(bars)) { x <- bx; y <- by }
		keep <- y >= ax$top - 1 & y <= ax$bottom + 1 & x > 0
		x <- x[keep]; y <- y[keep]
		a <- if (axis == "y2" && length(bars)) ax$y2 else ax$y
		if (length(x)) {
			d <- data.frame(month = month_of(ax, x), v = a[1] + a[2] * y)
			d <- d[!duplicated(d$month), ]
			out[[legend]] <- rbind(out[[legend]], d)
		}
	}
	out
}

# ---- the unknowns and the equations -------------------------------------
ipv <- c("ipv_physical", "ipv_psychological", "ipv_sexual", "ipv_economic")
ifv <- c("ifv_descendants", "ifv_other_family")
sexes <- c("unknown", "F", "M", "X")
names_ref <- sql(paste("SELECT code,", words$label, "FROM phenomenon"))
code_of <- setNames(names_ref$V1, names_ref$V2)
eqs <- list()   # each: months, phenomena, victim sexes, author sexes, value, label
# then: a count of a year before as the tables give it, of the facts
# registered by the same point then: unknowns of their own, not the
# months the charts draw (every fact registered since)
eq <- function(label, months, phen, vs = sexes, as = sexes, value, then = FALSE) {
	if (is.na(value)) return(invisible())
	eqs[[length(eqs) + 1]] <<- list(label = label, months = months, phen = phen,
	    vs = vs, as = as, value = round(value), then = then)
}

# fig: by victim's and by author's sex, one line per sex
line_sex <- words$sexes
for (who in c("victime", "auteur")) for (svg in figure(if (who == "victime") words$victims else words$authors)) {
	ax <- axes(svg)
	for (legend in names(pl <- plots(svg, ax))) {
		s <- line_sex[sub(" \\(.*", "", legend)]
		if (is.na(s)) next
		d <- pl[[legend]]
		for (i in seq_len(nrow(d)))
			if (who == "victime") eq(paste("victims", s, d$month[i]), d$month[i], ipv, vs = s, value = d$v[i])
			else eq(paste("authors", s, d$month[i]), d$month[i], ipv, as = s, value = d$v[i])
	}
}
# fig: share of women among victims of known sex, with its base as bars
shown_f <- sapply(eqs, function(e) if (grepl("^victims F ", e$label)) e$months else NA)
for (svg in figure(words$share)) {
	ax <- axes(svg)
	pl <- plots(svg, ax, "y2")
	# a phone version may show no month of it: nothing to read there
	none <- data.frame(month = integer(0), v = numeric(0))
	bars <- pl[[grep(words$base, names(pl))[1]]]
	if (is.null(bars)) bars <- none
	share <- plots(svg, ax)[[words$share_line]]
	if (is.null(share)) share <- none
	for (i in seq_len(nrow(bars)))
		eq(paste("base", bars$month[i]), bars$month[i], ipv, vs = c("F", "M", "X"), value = bars$v[i])
	for (i in seq_len(nrow(share))) {
		m <- share$month[i]
		if (m %in% bars$month) next
		f <- eqs[[which(shown_f == m)[1]]]$value        # base = women / share
		if (!is.na(f)) eq(paste("base from share", m), m, ipv, vs = c("F", "M", "X"), value = f / (share$v[i] / 100))
	}
}
# fig: the measure's own series (partner and family violence together)
for (svg in figure(words$series)) {
	ax <- axes(svg)
	pl <- plots(svg, ax)
	for (k in grep(words$counts, names(pl))) {
		d <- pl[[k]]
		for (i in seq_len(nrow(d))) eq(paste("series", d$month[i]), d$month[i], c(ipv, ifv), value = d$v[i])
	}
}
# tables: the region's rows, last 12 months and the 12 before
# the month under review, as the page's title says it
mois <- words$months
title <- sub("(?s).*<title>[^<]* — ([^ <]+) ([0-9]{4})</title>.*", "\\1 \\2", page, perl = TRUE)
through <- as.integer(sub(".* ", "", title)) * 100 + match(sub(" .*", "", title), mois)
if (is.na(through)) stop("no month in the page's title")
mseq <- function(to, n) {
	t <- (to %/% 100) * 12 + to %% 100 - 1
	sapply((t - n + 1):t, function(u) (u %/% 12) * 100 + u %% 12 + 1)
}
# the 12 months, the 12 before, and the years to date (columns 8 and 9,
# where the table has them: not in December)
ytd <- through %% 100
periods <- list(mseq(through, 12), mseq(mseq(through, 13)[1], 12),
                mseq(through, ytd), mseq(through - 100, ytd))
table_rows <- function(title) {
	at <- regexpr(paste0(">", title, "</h4>"), page, fixed = TRUE)
	if (at < 0) stop("no table ", title)
	t <- sub("</table>.*", "", substring(page, at))
	rows <- grab(t, "<tr[^>]*data-level=\"region0\" data-zone=\"0\" data-part=\"(all|part)\">.*?</tr>")
	lapply(rows, function(r) unhtml(grab(r, "<t[dh][^>]*>.*?</t[dh]>")))
}
for (title in c(words$forms, words$victims, words$authors, words$family)) {
	for (r in table_rows(title)) {
		detail <- r[2]; phen <- if (title == words$family) ifv else ipv
		vs <- sexes; as <- sexes
		if (grepl(words$victim, detail)) vs <- line_sex[sub(words$victim, "", detail)]
		else if (grepl(words$author, detail)) as <- line_sex[sub(words$author, "", detail)]
		else if (detail != words$total) phen <- code_of[detail]
		if (any(is.na(c(vs, as, phen)))) stop("a row not understood: ", detail)
		for (k in 1:2) eq(paste(title, detail, k), periods[[k]], phen, vs, as,
		    num(r[2 + k]), then = k == 2)
		if (length(r) >= 10)
			for (k in 3:4) eq(paste(title, detail, k), periods[[k]], phen, vs,
			    as, num(r[5 + k]), then = k == 4)
	}
}

# ---- the programmes -------------------------------------------------------
atoms <- function(e) {
	g <- expand.grid(m = e$months, p = e$phen, v = e$vs, a = e$as, stringsAsFactors = FALSE)
	ifv_part <- g$p %in% ifv
	g$v[ifv_part] <- "any"; g$a[ifv_part] <- "any"   # no sex is published for them
	unique(gsub("[^A-Za-z0-9_]", "_", paste(if (isTRUE(e$then)) "y" else "x",
	    g$m, g$p, g$v, g$a, sep = "_")))
}
eq_atoms <- lapply(eqs, atoms)
eq_months <- lapply(eqs, function(e) e$months)
lp_bound <- function(target, dir, extra = list()) {
	all <- c(eqs, extra); all_atoms <- c(eq_atoms, lapply(extra, atoms))
	# only the equations linked to the target's months count (others
	# share no unknown with it, even through a 12-month row)
	months <- target$months
	repeat {
		linked <- sapply(all, function(e) any(e$months %in% months))
		grown <- unique(unlist(lapply(all[linked], function(e) e$months)))
		if (all(grown %in% months)) break
		months <- union(months, grown)
	}
	if (!any(linked)) return(if (dir == "min") 0 else Inf)   # nothing shown of it
	f <- tempfile(fileext = ".lp")
	lines <- c(if (dir == "min") "Minimize" else "Maximize",
	    paste(" obj:", paste(atoms(target), collapse = " + ")), "Subject To")
	k <- 0
	for (i in which(linked)) {
		k <- k + 1
		lines <- c(lines, paste0(" c", k, ": ", paste(all_atoms[[i]], collapse = " + "), " = ", all[[i]]$value))
	}
	writeLines(c(lines, "End"), f)
	out <- system2("glpsol", c("--nopresol", "--lp", f, "-o", "/dev/stdout"), stdout = TRUE)
	unlink(f)
	status <- sub("^Status: *", "", grep("^Status:", out, value = TRUE))
	if (status == "UNBOUNDED") return(if (dir == "min") -Inf else Inf)
	if (status != "OPTIMAL") stop("glpsol: ", status, " for ", target$label, ": the page's numbers contradict each other")
	as.numeric(sub(".*= *([-0-9.e+]+).*", "\\1", grep("^Objective:", out, value = TRUE)))
}

cat(sprintf("  read back from the page: %d equations over %d unknowns\n", length(eqs),
    length(unique(unlist(eq_atoms)))))
bad <- 0
# what the database holds that the page must not let anyone derive
small <- sql(paste0("SELECT indicator, part, month, n FROM indicator_month WHERE indicator IN ",
    "('ipv_by_victim_sex', 'ipv_by_author_sex') AND n BETWEEN 1 AND ", MINCELL - 1, " ORDER BY 1, 3"))
# only the months the charts draw: a month before them is on no figure
drawn <- unique(unlist(lapply(eqs, function(e) if (grepl("^(victims|authors) ", e$label)) e$months)))
small <- small[small$V3 %in% drawn, ]
narrow <- Inf
for (i in seq_len(nrow(small))) {
	s <- small[i, ]
	e <- list(label = paste(s$V1, s$V2, s$V3), months = s$V3, phen = ipv,
	    vs = if (s$V1 == "ipv_by_victim_sex") s$V2 else sexes,
	    as = if (s$V1 == "ipv_by_author_sex") s$V2 else sexes)
	lo <- lp_bound(e, "min"); hi <- lp_bound(e, "max")
	narrow <- min(narrow, hi - lo)
	if (lo > 0.5 || hi < MINCELL - 0.5) {
		bad <- bad + 1
		cat(sprintf("  LEAK: %s (%d) lies in [%g, %g]\n", e$label, s$V4, lo, hi))
	}
}
cat(sprintf("  %d small counts hidden in the page; %d can be narrowed below the rule; narrowest interval %g\n",
    nrow(small), bad, narrow))
# the attack works: a shown count is recovered exactly ...
f <- eqs[[which(!is.na(shown_f))[1]]]
lo <- lp_bound(f, "min"); hi <- lp_bound(f, "max")
if (abs(lo - f$value) > 0.5 || abs(hi - f$value) > 0.5) {
	cat(sprintf("  the attack cannot even recover a shown count (%s: [%g, %g])\n", f$label, lo, hi)); bad <- bad + 1
}
# ... and so is a hidden one once the base bar of its month is back (a
# month whose women's and men's lines are drawn)
labels <- sapply(eqs, function(e) e$label)
both <- function(m) all(paste("victims", c("F", "M"), m) %in% labels)
s <- small[small$V1 == "ipv_by_victim_sex" & sapply(small$V3, both), ][1, ]
if (!is.na(s$V3)) {
	base <- sql(sprintf("SELECT base FROM indicator_month WHERE indicator = 'ipv_women_victims_share' AND month = %d", s$V3))$V1
	e <- list(label = "back", months = s$V3, phen = ipv, vs = s$V2, as = sexes)
	back <- list(list(label = "base put back", months = s$V3, phen = ipv, vs = c("F", "M", "X"), as = sexes, value = base))
	lo <- lp_bound(e, "min", back); hi <- lp_bound(e, "max", back)
	cat(sprintf("  with the base bar of %d put back, victims %s = [%g, %g] (it is %d)\n", s$V3, s$V2, lo, hi, s$V4))
	if (hi - lo > 0.5) { cat("  ... which the attack should have pinned down\n"); bad <- bad + 1 }
}
quit(status = if (bad) 1 else 0)
