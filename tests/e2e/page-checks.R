# page-checks.R PAGE.html LANG
#
# A report page read as a document: ids unique; every link inside the page
# leads somewhere; every chart has a <title> and <desc> of its own and none
# of gnuplot's ("Gnuplot", "$D using 1:2"); a chart whose legend names the
# expected band or the alarms draws them; each alarm's sentence links to
# a chart of its phenomenon that draws alarm points, each modus operandi
# signal to a chart of its code; every table has a caption, every head
# cell a scope and every body row a row header; no two links that go to different places say
# the same (their text as a screen reader reads it); numbers in tables
# are grouped by thousands the language's way.  Prints each failure and
# exits 1 if there is one.
args <- commandArgs(trailingOnly = TRUE)
lang <- args[2]
html <- paste(readLines(args[1], encoding = "UTF-8", warn = FALSE), collapse = "\n")
bad <- character(0)
fail <- function(...) bad <<- c(bad, paste0(...))
all_of <- function(re, x = html) regmatches(x, gregexpr(re, x, perl = TRUE))[[1]]

ids <- sub("^ id=\"(.*)\"$", "\\1", all_of(" id=\"[^\"]*\""))
if (any(duplicated(ids)))
  fail("ids used twice: ", paste(unique(ids[duplicated(ids)]), collapse = " "))
links <- sub("^href=\"#(.*)\"$", "\\1", all_of("href=\"#[^\"]*\""))
if (length(setdiff(links, ids)))
  fail("links to nowhere: ", paste(setdiff(links, ids), collapse = " "))

legend <- list(fr = c("attendu à ce jour – seuil d'alerte", "alarme"),
               nl = c("tot nu toe verwacht – alarmdrempel", "alarm"),
               en = c("expected by now – alarm threshold", "alarm"))[[lang]]
figures <- all_of("(?s)<figure id=\"[^\"]*\"[^>]*>.*?</figure>")
bands <- 0
for (f in figures) {
  id <- sub("(?s)^<figure id=\"([^\"]*)\".*", "\\1", f, perl = TRUE)
  # the chart, and its phone version where it has one, each on its own
  svgs <- all_of("(?s)<svg.*?</svg>", f)
  classes <- sub("(?s)^<svg[^>]*? class=\"([a-z]*)\".*|^<svg.*", "\\1", svgs, perl = TRUE)
  if (!(length(svgs) == 1 || (length(svgs) == 2 && identical(classes, c("desk", "phone")))))
    fail(id, ": not one chart, or one and its phone version")
  for (svg in svgs) {
    titles <- all_of("<title>[^<]*</title>", svg)
    descs <- all_of("<desc>[^<]*</desc>", svg)
    if (length(titles) != 1 || length(descs) != 1 || grepl("Gnuplot|using [0-9]", svg))
      fail(id, ": not one title and one description of its own")
    band <- length(all_of("fill = 'rgb\\(253, 227, 200\\)'", svg))
    named <- grepl(paste0("<text>", legend[1], "</text>"), svg, fixed = TRUE)
    bands <- bands + named
    if (named && band < 2)
      fail(id, ": the legend names the expected band, the chart does not draw it")
    points <- length(all_of("color='rgb\\(192,  57,  43\\)'", svg))
    if (grepl(paste0("<text>", legend[2], "</text>"), svg, fixed = TRUE) && points < 2)
      fail(id, ": the legend names alarms, the chart draws none")
  }
}
if (!bands)
  fail("no chart's legend names the expected band: is its text still '", legend[1], "'?")

# The items of a list of the page (h3 id), each as its name (the <strong>
# it opens with) and the figure its link leads to ("" when none does).
linked <- function(id) {
  list_html <- all_of(paste0("(?s)<h3 id=\"", id, "\">.*?</ul>"))
  items <- if (length(list_html)) all_of("(?s)<li>.*?</li>", list_html) else character(0)
  lapply(items, function(a) {
    target <- sub("(?s).*href=\"#([^\"]*)\".*", "\\1", a, perl = TRUE)
    fig <- figures[startsWith(figures, paste0("<figure id=\"", target, "\""))]
    # the name as written, without the mark of a name in another language
    name <- sub("(?s)^<li><strong>(.*?)</strong>.*", "\\1", a, perl = TRUE)
    list(name = gsub("<[^>]*>", "", name),
         fig = if (length(fig) == 1) fig else "")
  })
}
# each alarm links to a chart of its phenomenon that draws alarm points
items <- linked("alarms")
for (a in items) {
  if (!nzchar(a$fig))
    fail("the alarm on ", a$name, " links to no chart")
  else if (!grepl(paste0("<title>", a$name), a$fig, fixed = TRUE) ||
           length(all_of("color='rgb\\(192,  57,  43\\)'", a$fig)) < 2)
    fail("the alarm on ", a$name, " links to a chart without its alarm")
}
# each modus operandi signal links to a chart of its own code, titled
# with the code's name (not the phenomenon's chart)
signals <- linked("modus")
for (a in signals)
  if (!grepl(paste0("<title>", a$name, " — "), a$fig, fixed = TRUE))
    fail("the modus operandi signal ", a$name, " links to no chart of it")

# every table is named (by the heading above it) and every head cell
# says what it heads
unnamed <- all_of("<table[^>]*>(?!<caption[^>]*>[^<]+</caption>)")
if (length(unnamed))
  fail(length(unnamed), " tables without a name for assistive technology")
if (length(all_of("<th(?=[ >])(?![^>]*scope=)[^>]*>")))
  fail("head cells without scope")
# every row of a table's body opens with its row header, but a note
# across the whole row ("1 catégorie sans fait ...")
body_rows <- unlist(lapply(all_of("(?s)<tbody>.*?</tbody>"),
                           function(b) all_of("(?s)<tr[^>]*>.*?</tr>", b)))
headless <- body_rows[!grepl("^<tr[^>]*><th scope=\"row\"", body_rows) &
                      !grepl("^<tr[^>]*><td colspan=", body_rows)]
if (length(headless))
  fail(length(headless), " table rows without a row header, e.g. ",
       substr(headless[1], 1, 120))

# a link's text says where it goes: the same text, the same place
anchors <- all_of("(?s)<a href=\"[^\"]*\">.*?</a>")
href <- sub("(?s)^<a href=\"([^\"]*)\".*", "\\1", anchors, perl = TRUE)
said <- gsub("<[^>]*>", "", sub("(?s)^<a [^>]*>(.*)</a>$", "\\1", anchors, perl = TRUE))
same <- tapply(href, said, function(h) length(unique(h)))
if (any(same > 1))
  fail("links to different places that say the same: ",
       paste0("'", head(names(same)[same > 1], 3), "'", collapse = ", "))

cells <- sub("^<t[dh][^>]*>(.*)</t[dh]>$", "\\1", all_of("<t[dh][^>]*>[^<]*</t[dh]>"))
if (any(grepl("^[0-9]{4,}([.,][0-9]+)?( ?%)?$", cells)))
  fail("numbers of four digits or more without thousands separators: ",
       paste(head(cells[grepl("^[0-9]{4,}", cells)], 3), collapse = " "))
sep <- c(fr = "\u202f", nl = ".", en = ",")[[lang]]
if (!any(grepl(paste0("^[0-9]{1,3}", if (sep == ".") "\\." else sep, "[0-9]{3}$"), cells)))
  fail("no number grouped by thousands with '", sep, "'")
if (any(grepl("^-[0-9]", cells)))
  fail("a hyphen used as minus sign")

cat(sprintf("%s: %d ids, %d links, %d charts, %d alarms, %d modus operandi signals checked; %d problems\n",
            basename(args[1]), length(ids), length(links), length(figures),
            length(items), length(signals), length(bad)))
if (length(bad)) {
  cat(paste0("  ", bad, "\n"), sep = "")
  quit(status = 1)
}
