# contrast.R PAGE — every line a chart of the page draws stands out from
# the white background at 3:1 or more (WCAG 2.1, 1.4.11 non-text
# contrast).  The grid (behind the data) and white legend samples (a
# series said not shown) are not lines of data.  Exits 1 naming the
# colours below it.
s <- paste(readLines(commandArgs(TRUE)[1], warn = FALSE), collapse = "\n")
m <- regmatches(s, gregexpr("<path stroke='rgb\\( *[0-9]+, *[0-9]+, *[0-9]+\\)'( stroke-dasharray='[0-9.,]+')? +d=", s))[[1]]
m <- sub("'( stroke-dasharray.*| +d=)$", "", sub("<path stroke='", "", m))
m <- unique(m[m != "rgb(221, 221, 221)"])
v <- do.call(rbind, lapply(regmatches(m, gregexpr("[0-9]+", m)), as.numeric)) / 255
lin <- function(c) ifelse(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055)^2.4)
ratio <- 1.05 / (0.2126 * lin(v[, 1]) + 0.7152 * lin(v[, 2]) + 0.0722 * lin(v[, 3]) + 0.05)
low <- m[ratio < 3 & rowSums(v) < 3]
if (!length(m)) { cat("no chart line found\n"); quit(status = 1) }
if (length(low)) { cat("below 3:1 against white:", low, "\n"); quit(status = 1) }
