# bench/triangles.R salm|hus DIR — two real reporting triangles from R's
# `surveillance` package, as the extracts a police zone would send, so that
# bench/nowcast.sh --real can judge suivi's nowcast on data it did not
# generate, beside surveillance::nowcast(method = "bayes.trunc")
# (bench/bayes-trunc.R).
#
# Writes, as `suivi sample` lays out its files:
#   DIR/5339/YYYY-MM.csv   one extract per month of registration, from the
#                          first month of facts to the last month of
#                          registration, a header alone when nothing was
#                          registered that month (the month is delivered);
#   DIR/triangle.csv       month (of facts), delay (months until
#                          registration, 24: 24 or more, as suivi's `export
#                          --what delays`), count — from the same rows;
#   DIR/periods.csv        month, period: the period a cut month T is
#                          reported under;
#   DIR/about.txt          first, last (month of facts and of registration),
#                          complete (the last month of facts every
#                          registration of which is in the data), D (the
#                          longest delay in months), rows, dropped;
# and prints one line saying so.
#
# Assumptions (every one of them a choice made here, not in the data):
#  - one zone, 5339, one commune, 21004 (Bruxelles, of zone 5339); the
#    offence "Coups et blessures" (phenomenon `assault`, in no measure, so
#    that the region's phenomenon is the only series nowcast); the other
#    columns constant: time 12:00, attempted 0, place_type street, channel
#    station, everything else empty; ids S0000001... in the order written.
#  - salm: salmAllOnset@control$reportingTriangle$n, 778 onset weeks from
#    Monday 2001-01-01, delays X0..X10 weeks (X10 taken as exactly 10
#    weeks).  Calendar time is kept: the k-th case (k = 0, 1, ...) of a
#    cell (onset week w, delay d) has its facts on w's Monday + (k mod 7)
#    days (round robin over Monday..Sunday) and is registered 7 * d days
#    later (same weekday).  A cell still NA (its registration week lies
#    past the data's last week, 2015-11-23) is not yet registered: no rows.
#    Nothing is dropped.  The data end on Sunday 2015-11-29: the extract
#    of 2015-11 lacks the 30th, and the last complete month of facts is
#    the last month ending before the first onset week with an NA cell.
#  - hus: husO104Hosp, 630 HUS cases of the 2011 STEC O104:H4 outbreak.
#    Its columns are dHosp (hospitalisation) and dReport (the date the
#    hospitalisation date reached the RKI), not an onset date: the event is
#    dHosp, the registration dReport (the triangle of ?nowcast's example).
#    One day is one month: day i after 2011-05-07 (the first dHosp) is
#    month i after 2019-01 (so 2011-05-07..2011-07-05 become 2019-01 ..
#    2023-12, all before today).  The k-th case of the data set has its
#    facts on day 1 + (k mod 28) of its month and is registered on the same
#    day of its registration month, so the delay in months is the delay
#    in days exactly.  A case with a date missing is dropped; one reported
#    before its hospitalisation is given delay 0 (registered the day of the
#    facts).  Both are counted in the printed line (the 1.20.3 data set has
#    neither; its delays are already cut at 15 days).
#  - HUS periods: 10 days of the outbreak each (labelled by their 2011
#    dates); salmonella periods: the calendar year of the cut.
suppressMessages(library(surveillance))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2 || !args[1] %in% c("salm", "hus"))
  stop("usage: Rscript triangles.R salm|hus DIR")
set <- args[1]
dir <- args[2]
zone <- "5339"
nis <- "21004"
offence <- "Coups et blessures"

# months as integers (year * 12 + month - 1) and back
mon <- function(d) as.integer(format(d, "%Y")) * 12L + as.integer(format(d, "%m")) - 1L
ym <- function(m) sprintf("%04d-%02d", m %/% 12L, m %% 12L + 1L)
first_day <- function(m) as.Date(sprintf("%s-01", ym(m)))

dropped <- 0L
negative <- 0L
if (set == "salm") {
  data(salmAllOnset)
  n <- salmAllOnset@control$reportingTriangle$n
  weeks <- as.Date(rownames(n))
  cell <- which(!is.na(n) & n > 0, arr.ind = TRUE)
  count <- n[cell]
  k <- sequence(count) - 1L                        # rank inside the cell
  facts <- rep(weeks[cell[, 1]], count) + k %% 7L
  reg <- facts + 7L * rep(cell[, 2] - 1L, count)   # column X0 is delay 0
  # the first onset week with a cell still NA: its month and later are
  # incomplete (the month ending before that week's Monday is the last)
  open <- weeks[which(apply(is.na(n), 1, any))[1]]
  complete <- mon(open) - 1L
  periods <- function(m) substr(ym(m), 1, 4)
} else {
  data(husO104Hosp)
  h <- husO104Hosp
  miss <- is.na(h$dHosp) | is.na(h$dReport)
  dropped <- sum(miss)
  h <- h[!miss, ]
  day0 <- min(h$dHosp)
  base <- mon(as.Date("2019-01-01"))
  i <- as.integer(h$dHosp - day0)
  j <- as.integer(h$dReport - day0)
  negative <- sum(j < i)
  j <- pmax(i, j)
  dom <- (seq_along(i) - 1L) %% 28L                 # day of month - 1
  facts <- first_day(base + i) + dom
  reg <- first_day(base + j) + dom
  complete <- base + max(j)                         # everything is in
  periods <- function(m) {
    b <- ((m - base) %/% 10L) * 10L
    sprintf("%s..%s", format(day0 + b, "%m-%d"), format(day0 + b + 9L, "%m-%d"))
  }
}

o <- order(reg, facts)
facts <- facts[o]
reg <- reg[o]
rows <- data.frame(
  id = sprintf("S%07d", seq_along(facts)), nis = nis,
  date = format(facts), time = "12:00", registration_date = format(reg),
  offence = offence, attempted = 0L, mo = "", place_type = "street",
  channel = "station", victim_sex = "", victim_age = "", offender_sex = "",
  offender_age = "", relationship = "", offender_pseudo = "",
  neighbourhood = "")
fm <- mon(facts)
rm <- mon(reg)
first <- min(fm)
last <- max(rm)

dir.create(file.path(dir, zone), recursive = TRUE, showWarnings = FALSE)
by <- split(seq_len(nrow(rows)), factor(rm, levels = first:last))
for (m in first:last)
  write.table(rows[by[[as.character(m)]], ], file.path(dir, zone, paste0(ym(m), ".csv")),
              sep = ",", quote = FALSE, row.names = FALSE, na = "")

delay <- pmin(rm - fm, 24L)
tri <- aggregate(list(count = rep(1L, length(fm))), list(m = fm, delay = delay), sum)
tri <- tri[order(tri$m, tri$delay), ]
write.csv(data.frame(month = ym(tri$m), delay = tri$delay, count = tri$count),
          file.path(dir, "triangle.csv"), row.names = FALSE, quote = FALSE)
write.csv(data.frame(month = ym(first:last), period = periods(first:last)),
          file.path(dir, "periods.csv"), row.names = FALSE, quote = FALSE)
writeLines(c(paste0("first=", ym(first)), paste0("last=", ym(last)),
             paste0("complete=", ym(complete)), paste0("D=", max(delay)),
             paste0("rows=", nrow(rows)), paste0("dropped=", dropped)),
           file.path(dir, "about.txt"))
cat(sprintf("%s: %d cases as %d extracts of zone %s (%s..%s, months of facts complete through %s, delays 0..%d months); %d dropped for a missing date, %d reported before the event given delay 0\n",
            set, nrow(rows), last - first + 1L, zone, ym(first), ym(last), ym(complete),
            max(delay), dropped, negative))
