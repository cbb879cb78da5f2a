#!/usr/bin/env bash
# The whole measurement of docs/performance.md, from empty databases, on PostgreSQL:
#   1. machine facts; 2. seed_scale at 10× into $DB; 3. a ~100,000-row workbook exported from a
#   second database seeded with $WORKBOOK_PROJECTS projects; 4. benchmark (matrices, import_workbook,
#   pages) on the 10× data, and import_workbook into a third database with users only; 5. the load
#   test (bench/loadtest.sh).
# DROPS AND RECREATES the databases $DB, ${DB}_wb and ${DB}_import. Output: var/bench-<date>.md (and stdout).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
DB="${DB:-isv_perf}" PGURL="${PGURL:-postgres://postgres@127.0.0.1:5432}"
WORKBOOK_PROJECTS="${WORKBOOK_PROJECTS:-540}"
SCALE="${SCALE:-10}"  # SCALE=100: 20,000 projects, 480,000 reports (seed_scale --scale)
OUT="var/bench-$(date -u +%Y%m%dT%H%M).md"
export DEBUG=1
{
  echo "## Machine"; echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- nproc: $(nproc); memory: $(free -g | awk '/Mem:/{print $2}') GiB; CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "- $(psql -h 127.0.0.1 -U postgres -At -c 'select version()' | cut -d, -f1); Python $($PY -c 'import sys; print(sys.version.split()[0])')"
  echo
} | tee "$OUT"
for name in "$DB" "${DB}_wb" "${DB}_import"; do
  dropdb -h 127.0.0.1 -U postgres --if-exists "$name"; createdb -h 127.0.0.1 -U postgres "$name"
  DATABASE_URL="$PGURL/$name" $PY manage.py migrate -v0
done
echo "## seed_scale (${SCALE}×)" | tee -a "$OUT"
DATABASE_URL="$PGURL/$DB" $PY manage.py seed_scale --scale "$SCALE" | tee -a "$OUT"
DATABASE_URL="$PGURL/${DB}_wb" $PY manage.py seed_scale --projects "$WORKBOOK_PROJECTS" >/dev/null
DATABASE_URL="$PGURL/${DB}_wb" $PY manage.py export_workbook "var/bench-workbook.xlsx" >/dev/null
echo | tee -a "$OUT"
DATABASE_URL="$PGURL/$DB" $PY manage.py benchmark --workbook var/bench-workbook.xlsx | tee -a "$OUT"
# The same workbook into a database with only the users it names: every row is created (into the
# 10x database above most rows are updates and the territorial sums clash, so it is refused).
echo "import_workbook into a database with users only:" | tee -a "$OUT"
DATABASE_URL="$PGURL/${DB}_import" $PY manage.py seed_scale --users-only >/dev/null
DATABASE_URL="$PGURL/${DB}_import" $PY manage.py benchmark --skip-matrices --skip-pages \
  --workbook var/bench-workbook.xlsx | grep -v '^# Benchmark' | tee -a "$OUT"
echo "## Load test" | tee -a "$OUT"
DATABASE_URL="$PGURL/$DB" bench/loadtest.sh 2>&1 | grep -E "LOADTEST|gunicorn errors|Aggregated|^(GET|POST) " | tee -a "$OUT"
echo "Written to $OUT"
