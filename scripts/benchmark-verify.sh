#!/usr/bin/env bash
# Verification cost beside a plain restore of the same point, in one run:
#   drkit restore                 restore into a scratch database (dropped), the baseline
#   drkit verify --restore        the same restore, then read-back, constraints, amcheck, schema, business checks
#   drkit verify                  every object of the point read in full (no database)
# It reuses the database and repository that scripts/benchmark-restore.sh leaves (it runs that first,
# with one round, when they are missing). Medians of ROUNDS runs go to stdout as Markdown.
#
#   scripts/benchmark-verify.sh [ROUNDS]          (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."

rounds="${1:-3}"
db=drkit_bench_source
catalog=drkit_bench_catalog
work="${BENCH_DIR:-/tmp/drkit-bench-restore}"
pg="-h 127.0.0.1 -p 5432 -U postgres"
log() { echo "bench: $*" >&2; }

if [ ! -d "$work/repository/points" ]; then
  log "no benchmark repository in $work: running scripts/benchmark-restore.sh with one round first"
  scripts/benchmark-restore.sh 350000 1 > /dev/null
fi
export DRKIT_CATALOG_URL="jdbc:postgresql://127.0.0.1:5432/$catalog?user=postgres"
export DRKIT_SCRATCH_URL="jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"
export DRKIT_REPOSITORY="file://$work/repository"
export DRKIT_REPORTS_DIRECTORY="$work/reports"
size=$(psql $pg -d $db -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")

: > "$work/verify-results"
for round in $(seq 1 "$rounds"); do
  for name in restore verify-restore verify-objects; do
    case "$name" in
      restore) cmd=(./drkit restore --json) ;;
      verify-restore) cmd=(./drkit --config config/tracking.yml verify --restore --json) ;;
      verify-objects) cmd=(./drkit verify --json) ;;
    esac
    /usr/bin/time -f "%e" -o "$work/time" "${cmd[@]}" > "$work/$name.json" 2> "$work/$name.err" || {
      cat "$work/$name.err" >&2; exit 1; }
    echo "$name $(cat "$work/time")" >> "$work/verify-results"
    log "round $round $name: $(cat "$work/time") s"
  done
done

median() { grep "^$1 " "$work/verify-results" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
r=$(median restore); v=$(median verify-restore); o=$(median verify-objects)
phases=$(python3 -c "import json,sys; d=json.load(open('$work/verify-restore.json')); print(', '.join(f'{k} {v:.1f} s' for k,v in d['phasesSeconds'].items()))")
echo "| run | wall s (median of $rounds) | vs restore |"
echo "|---|---|---|"
echo "| drkit restore | $r | 1.00x |"
echo "| drkit verify --restore | $v | $(awk -v a="$v" -v b="$r" 'BEGIN {printf "%.2fx", a/b}') |"
echo "| drkit verify (objects only) | $o | $(awk -v a="$o" -v b="$r" 'BEGIN {printf "%.2fx", a/b}') |"
echo
echo "Source: $db, $size on disk, $(nproc) cores. Phases of the last verify --restore: $phases."
