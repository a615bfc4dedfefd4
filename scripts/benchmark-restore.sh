#!/usr/bin/env bash
# Restore, side by side on one database, in one run:
#   drkit restore of a full point from a file:// repository into an empty database
#   pg_restore -j PARALLELISM of a directory-format dump (pg_dump -Fd) of the same database
# Both build every index and constraint; drkit also sets sequences and runs ANALYZE.
# Each runs ROUNDS times (interleaved) into a freshly created database; medians and the ratio go to
# stdout as Markdown.
#
#   scripts/benchmark-restore.sh [SHIPMENTS] [ROUNDS]      (defaults: 350000 3, about 1 GB on disk)
#   VARIANTS=1 scripts/benchmark-restore.sh               also one run with each loading choice turned off
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust), pg_dump, pg_restore, psql, GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."

shipments="${1:-350000}"
rounds="${2:-3}"
parallelism="${PARALLELISM:-$(nproc)}"
db=drkit_bench_source
catalog=drkit_bench_catalog
work="${BENCH_DIR:-/tmp/drkit-bench-restore}"
pg="-h 127.0.0.1 -p 5432 -U postgres"
log() { echo "bench: $*" >&2; }

./mvnw -B -q -DskipTests install
./drkit --version > /dev/null
mkdir -p "$work"

. scripts/lib/seeded-source.sh
ensure_seeded "$db" "$shipments"
psql $pg -d postgres -qc "DROP DATABASE IF EXISTS $catalog" -c "CREATE DATABASE $catalog"
size=$(psql $pg -d $db -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")
log "source $db: $size on disk"

export DRKIT_SOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres"
export DRKIT_CATALOG_URL="jdbc:postgresql://127.0.0.1:5432/$catalog?user=postgres"
export DRKIT_REPOSITORY="file://$work/repository"
export DRKIT_REPORTS_DIRECTORY="$work/reports"
export DRKIT_RESTORE_PARALLELISM="$parallelism" DRKIT_BACKUP_PARALLELISM="$parallelism"
rm -rf "$work/repository" "$work/dump"
./drkit init >&2
./drkit backup --full >&2
pg_dump $pg -Fd -j "$parallelism" -f "$work/dump" $db

timed() {
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/$name.out" 2> "$work/$name.err" || {
    cat "$work/$name.err" >&2; exit 1; }
  echo "$name $(cat "$work/time")" >> "$work/results"
  log "$name: $(awk '{print $1 " s"}' "$work/time")"
}
fresh() { psql $pg -d postgres -qc "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"; }

: > "$work/results"
rm -f "$work"/drkit-round-*.json
for round in $(seq 1 "$rounds"); do
  log "round $round of $rounds"
  fresh bench_restore_drkit
  timed drkit env JAVA_OPTS=-Xmx256m ./drkit restore --json \
    --target-url "jdbc:postgresql://127.0.0.1:5432/bench_restore_drkit?user=postgres"
  cp "$work/drkit.out" "$work/drkit-round-$round.json"
  fresh bench_restore_pg
  timed pg_restore pg_restore $pg -j "$parallelism" -d bench_restore_pg "$work/dump"
done

# What each loading choice buys: one run of drkit with each turned off (VARIANTS=1).
if [ "${VARIANTS:-0}" = 1 ]; then
  : > "$work/variants"
  for variant in "baseline" "DRKIT_RESTORE_FREEZE=false" "DRKIT_RESTORE_ASYNCCOMMIT=false" "DRKIT_RESTORE_PARALLELISM=1"; do
    fresh bench_restore_drkit
    setting=$([ "$variant" = baseline ] && echo "DRKIT_BENCH=1" || echo "$variant")
    /usr/bin/time -f "%e" -o "$work/time" env "$setting" JAVA_OPTS=-Xmx256m ./drkit restore --json \
      --target-url "jdbc:postgresql://127.0.0.1:5432/bench_restore_drkit?user=postgres" > "$work/variant.json" 2>/dev/null
    echo "$variant $(cat "$work/time") $(tr -d '\n ' < "$work/variant.json" | grep -o '"phasesSeconds":{[^}]*}')" >> "$work/variants"
    log "$variant: $(cat "$work/time") s"
  done
fi
psql $pg -d postgres -qc "DROP DATABASE IF EXISTS bench_restore_drkit" -c "DROP DATABASE IF EXISTS bench_restore_pg"

median() { grep "^$1 " "$work/results" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
d=$(median drkit); p=$(median pg_restore)
cat <<MD
| | median wall (s) | ratio to pg_restore |
|---|---|---|
| drkit restore (parallelism $parallelism, file:// repository, indexes, constraints, sequences, ANALYZE) | $d | $(awk "BEGIN {printf \"%.2f\", $d / $p}") |
| pg_restore -j $parallelism of a directory dump (indexes, constraints) | $p | 1.00 |

source $size on disk, $shipments shipments; $rounds rounds. All rounds (name, seconds, peak RSS KiB):
$(sed 's/^/    /' "$work/results")
drkit phases of each round (s):
$(for f in "$work"/drkit-round-*.json; do tr -d '\n ' < "$f" | grep -o '"phasesSeconds":{[^}]*}\|"dataWorkSeconds":{[^}]*}' | tr '\n' ' '; echo; done | sed 's/^/    /')
$([ -f "$work/variants" ] && [ "${VARIANTS:-0}" = 1 ] && { echo "variants (one run each: setting, seconds, phases):"; sed 's/^/    /' "$work/variants"; })
MD
