#!/usr/bin/env bash
# The whole measurement of docs/performance.md, from empty databases, on PostgreSQL, at several
# sizes side by side in one run:
#   1. machine facts and its load before the run;
#   2. for each size of $SIZES (× ISVIMED; default 1 10 100): seed_scale --scale N into ${DB}_Nx
#      (time and peak memory), then benchmark: matrices against the XlsxWriter floor, the cuadre
#      and the projection, the busiest pages, the dashboard's first view after a change;
#   3. a year more of history at 10× (seed_scale --years 3): the Plan Indicativo's time must not move;
#   4. import_workbook of a ~100,000-row workbook into a database with users only;
#   5. the load test at 10× with a ramp of users ($LOAD_USERS), and its saturation point;
#   6. the chart of time against size (bench/chart.py, needs the `bench` extra: matplotlib);
#   7. last, since only their memory counts (tracemalloc makes their seconds slow and not timings):
#      every export's peak memory at each size; past 10× export_workbook runs as its own command
#      under /usr/bin/time (peak resident memory, untraced: traced it would take most of an hour).
# The timed parts (2–6) run first, on a machine with nothing else to do.
# DROPS AND RECREATES the databases ${DB}_<N>x, ${DB}_10x_years, ${DB}_wb and ${DB}_import.
# Output: var/bench-<date>.md (and stdout), var/bench-<date>-<N>x.md per size, docs/performance-sizes.png.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
DB="${DB:-isv_perf}" PGURL="${PGURL:-postgres://postgres@127.0.0.1:5432}"
SIZES="${SIZES:-1 10 100}" LOAD_SIZE="${LOAD_SIZE:-10}" LOAD_USERS="${LOAD_USERS:-25 50 75 100 150 200}"
WORKBOOK_PROJECTS="${WORKBOOK_PROJECTS:-540}"
STAMP="$(date -u +%Y%m%dT%H%M)"
OUT="var/bench-$STAMP.md"
mkdir -p var
export DEBUG=1
# The cache the pages and the dashboard's figures use in production (a process reads what another
# computed, pickled): emptied before each size.
export CACHE_URL="${CACHE_URL:-redis://127.0.0.1:6379/14}"
flush_cache() { $PY -c "import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()" "$CACHE_URL"; }
fresh() {  # database
  dropdb -h 127.0.0.1 -U postgres --if-exists "$1"; createdb -h 127.0.0.1 -U postgres "$1"
  DATABASE_URL="$PGURL/$1" $PY manage.py migrate -v0
}
seed() {  # database, seed_scale options… -> prints rows, seconds and the peak resident memory
  DATABASE_URL="$PGURL/$1" /usr/bin/time -f "peak resident memory: %M KB, wall %e s" $PY manage.py seed_scale "${@:2}" 2>&1
}
{
  echo "## Machine"; echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- nproc: $(nproc); memory: $(free -g | awk '/Mem:/{print $2}') GiB; CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "- $(psql -h 127.0.0.1 -U postgres -At -c 'select version()' | cut -d, -f1); Python $($PY -c 'import sys; print(sys.version.split()[0])')"
  echo
} | tee "$OUT"
charted=()
for size in $SIZES; do
  db="${DB}_${size}x" part="var/bench-$STAMP-${size}x.md"
  fresh "$db"
  { echo "## ${size}× ISVIMED"; echo; echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"; echo
    seed "$db" --scale "$size"; echo; } | tee -a "$OUT" > "$part"
  # tablib and django-import-export hold every cell in memory: compared at 10× and below only.
  compare=(); [ "$(echo "$size > 10" | bc)" = 1 ] && compare=(--skip-comparisons)
  flush_cache
  DATABASE_URL="$PGURL/$db" $PY manage.py benchmark --skip-exports "${compare[@]}" | tee -a "$OUT" >> "$part"
  charted+=("$size=$part")
done
echo "## A year more of history at 10× (seed_scale --years 3)" | tee -a "$OUT"
fresh "${DB}_10x_years"
seed "${DB}_10x_years" --scale 10 --years 3 | tee -a "$OUT"
DATABASE_URL="$PGURL/${DB}_10x_years" $PY manage.py benchmark --skip-pages --skip-exports --skip-comparisons \
  | tee -a "$OUT"
echo "## import_workbook into a database with users only" | tee -a "$OUT"
fresh "${DB}_wb"; fresh "${DB}_import"
DATABASE_URL="$PGURL/${DB}_wb" $PY manage.py seed_scale --projects "$WORKBOOK_PROJECTS" >/dev/null
DATABASE_URL="$PGURL/${DB}_wb" $PY manage.py export_workbook "var/bench-workbook.xlsx" >/dev/null
DATABASE_URL="$PGURL/${DB}_import" $PY manage.py seed_scale --users-only >/dev/null
DATABASE_URL="$PGURL/${DB}_import" $PY manage.py benchmark --skip-matrices --skip-pages --skip-cuadre \
  --skip-exports --workbook var/bench-workbook.xlsx | grep -v '^# Benchmark' | tee -a "$OUT"
echo "## Load test at ${LOAD_SIZE}×" | tee -a "$OUT"
DATABASE_URL="$PGURL/${DB}_${LOAD_SIZE}x" USERS="$LOAD_USERS" bench/loadtest.sh 2>&1 \
  | grep -E "^###|LOADTEST|SATURATION|load average|CPU gunicorn|gunicorn errors" | tee -a "$OUT" || true
if $PY -c "import matplotlib" 2>/dev/null; then
  $PY bench/chart.py --out docs/performance-sizes.png "${charted[@]}" | tee -a "$OUT"
else
  echo "matplotlib is missing (pip install -e '.[bench]'): no chart." | tee -a "$OUT"
fi
for size in $SIZES; do
  db="${DB}_${size}x"
  { echo "## Exports and imports at ${size}×: peak memory"; echo; echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"; echo; } \
    | tee -a "$OUT"
  big=(); [ "$(echo "$size > 10" | bc)" = 1 ] && big=(--skip-workbook-export)
  DATABASE_URL="$PGURL/$db" $PY manage.py benchmark --skip-matrices --skip-cuadre --skip-pages "${big[@]}" \
    | grep -v '^# Benchmark' | tee -a "$OUT"
  if [ ${#big[@]} -gt 0 ]; then
    echo "export_workbook at ${size}× (untraced; peak resident memory of the whole command, Django included):" | tee -a "$OUT"
    DATABASE_URL="$PGURL/$db" /usr/bin/time -f "peak resident memory: %M KB, wall %e s" \
      $PY manage.py export_workbook "var/bench-workbook-${size}x.xlsx" 2>&1 | tail -3 | tee -a "$OUT"
    rm -f "var/bench-workbook-${size}x.xlsx"
  fi
done
echo "Written to $OUT"
