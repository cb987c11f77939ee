# Writes the R-package tasks of the cross-data-set benchmark (configs/benchmark.json) as CSV files
# into the folder given as the only argument. Called by scripts/make-benchmark-data.sh; run once,
# not by tests or CI. Provenance and the reasons for each choice: data/benchmark/README.md.
#
# Conventions: header row; the label column keeps its name, place and class values as in the
# package; missing cells are empty; numbers as R prints them (up to 15 significant digits).
# Factors whose levels are digits are written as those digits (read as numbers). Text factors stay
# text (read as categories). ticdata's ordered factors ("0%", "1 - 10%", ... and "f 0", "f 1-49", ...)
# are written as their rank 0-9, the coding of the original CoIL 2000 files, and MGEMLEEF (age band)
# as its rank 1-6, as in those files; otherwise each would become ten one-hot columns.
suppressMessages({ library(mlbench); library(kernlab) })

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript make-benchmark-data.R OUT_DIR")
out <- args[[1]]

get_data <- function(name, package) {
  e <- new.env()
  data(list = name, package = package, envir = e)
  get(name, envir = e)
}

# Level text of every factor (digits stay digits); numbers unchanged.
plain <- function(d) {
  for (n in names(d)) if (is.factor(d[[n]])) d[[n]] <- as.character(d[[n]])
  d
}

write_task <- function(d, task) {
  if (any(grepl('[,"\n]', names(d)))) stop(task, ": a column name holds a comma, quote or newline")
  # Quote only the text columns that hold a comma or quote (write.csv doubles inner quotes).
  needs_quotes <- which(vapply(d, function(x) is.character(x) && any(grepl('[,"\n]', x[!is.na(x)])), logical(1)))
  path <- file.path(out, paste0(task, ".csv"))
  write.csv(d, path, row.names = FALSE, na = "", quote = if (length(needs_quotes)) unname(needs_quotes) else FALSE, fileEncoding = "UTF-8")
  cat(sprintf("%-22s %6d rows %4d columns  %s\n", task, nrow(d), ncol(d), path))
}

mlbench_tasks <- list(
  # Id is the sample code number: an identifier, repeated for some patients, not a feature.
  breast_cancer_wisconsin = function() { d <- get_data("BreastCancer", "mlbench"); d$Id <- NULL; plain(d) },
  ionosphere = function() plain(get_data("Ionosphere", "mlbench")),
  sonar = function() plain(get_data("Sonar", "mlbench")),
  pima_diabetes2 = function() plain(get_data("PimaIndiansDiabetes2", "mlbench")),
  house_votes84 = function() plain(get_data("HouseVotes84", "mlbench")),
  satellite = function() plain(get_data("Satellite", "mlbench")),
  letter = function() plain(get_data("LetterRecognition", "mlbench")),
  glass = function() plain(get_data("Glass", "mlbench")),
  vehicle = function() plain(get_data("Vehicle", "mlbench")),
  dna = function() plain(get_data("DNA", "mlbench")),
  soybean = function() plain(get_data("Soybean", "mlbench"))
)
kernlab_tasks <- list(
  spam = function() plain(get_data("spam", "kernlab")),
  ticdata = function() {
    d <- get_data("ticdata", "kernlab")
    for (n in names(d)) if (is.ordered(d[[n]])) d[[n]] <- as.integer(d[[n]]) - 1L
    d$MGEMLEEF <- as.integer(d$MGEMLEEF)
    plain(d)
  },
  musk = function() plain(get_data("musk", "kernlab"))
)

cat(sprintf("mlbench %s, kernlab %s, %s\n", packageVersion("mlbench"), packageVersion("kernlab"), R.version.string))
for (task in names(mlbench_tasks)) write_task(mlbench_tasks[[task]](), task)
for (task in names(kernlab_tasks)) write_task(kernlab_tasks[[task]](), task)
