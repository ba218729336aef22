# lang-purity.R MESSAGES.csv REFERENCE_DIR PAGE.html LANG
#
# One language per page: no text of the other language -- from the
# report's message catalogue (suivi export --what messages) or from the
# reference data's FR/NL pairs -- appears in the page (its HTML and inline
# SVG, tags removed).  A pair whose two languages agree (Montgomery, Police
# on Web) says nothing and is skipped, as is a fragment the page's own
# wording contains.  Prints the foreign strings found and exits 1 if any.
args <- commandArgs(trailingOnly = TRUE)
messages <- read.csv(args[1], encoding = "UTF-8", stringsAsFactors = FALSE,
                     na.strings = character(0))
refdir <- args[2]
lang <- args[4]
other <- if (lang == "nl") "fr" else "nl"

plain <- function(x) {
  x <- gsub("<[^>]*>", " ", x)
  x <- gsub("&lt;", "<", x, fixed = TRUE)
  x <- gsub("&gt;", ">", x, fixed = TRUE)
  x <- gsub("&quot;", "\"", x, fixed = TRUE)
  x <- gsub("&#39;", "'", x, fixed = TRUE)
  x <- gsub("&amp;", "&", x, fixed = TRUE)
  x <- gsub("[\u00a0\u202f]", " ", x)
  gsub("[[:space:]]+", " ", x)
}

page <- paste(readLines(args[3], encoding = "UTF-8", warn = FALSE), collapse = " ")
page <- sub("<style>.*</style>", " ", page)
page <- plain(page)

# Catalogue fragments: the text between conversions, long enough to mean
# something in one language only.
fragments <- function(x) {
  x <- gsub("%%", "%", plain(x), fixed = TRUE)
  parts <- trimws(unlist(strsplit(x, "%s", fixed = TRUE)))
  parts[nchar(parts) >= 12 & grepl("[[:alpha:]]{4}", parts)]
}
foreign <- character(0)
for (i in seq_len(nrow(messages))) {
  mine <- plain(messages[[lang]][i])
  for (f in fragments(messages[[other]][i]))
    if (!grepl(f, mine, fixed = TRUE)) foreign <- c(foreign, f)
}

# Reference pairs.
pairs <- list(
  c("axes.csv", "title_fr", "title_nl"),
  c("measures.csv", "short_fr", "short_nl"),
  c("measures.csv", "title", "title_nl"),
  c("phenomena.csv", "label_fr", "label_nl"),
  c("zones.csv", "name_fr", "name_nl"),
  c("communes.csv", "name_fr", "name_nl"),
  c("indicators.csv", "label_fr", "label_nl"),
  c("indicators.csv", "reason_fr", "reason_nl"),
  c("indicators.csv", "filter_fr", "filter_nl"),
  c("modus_operandi.csv", "label_fr", "label_nl"))
for (p in pairs) {
  t <- read.csv(file.path(refdir, p[1]), encoding = "UTF-8",
                stringsAsFactors = FALSE, na.strings = character(0))
  mine <- t[[if (lang == "fr") p[2] else p[3]]]
  theirs <- t[[if (lang == "fr") p[3] else p[2]]]
  keep <- nchar(theirs) >= 4 & theirs != mine &
    !mapply(function(a, b) grepl(a, b, fixed = TRUE), theirs, mine)
  foreign <- c(foreign, theirs[keep])
}

foreign <- unique(trimws(foreign))
found <- foreign[vapply(foreign, function(f) grepl(f, page, fixed = TRUE), TRUE)]
cat(sprintf("%s page: %d strings of the other language checked, %d found\n",
            lang, length(foreign), length(found)))
if (length(found)) {
  cat(paste0("  found: ", found, "\n"), sep = "")
  quit(status = 1)
}
