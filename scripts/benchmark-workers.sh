#!/usr/bin/env bash
# Remote workers (issue 23): a full backup whose parts run on drkit worker processes through RabbitMQ,
# with a codec that makes the workers' CPU the bottleneck (zstd level 19), on
#   one worker pinned to one core (taskset -c 0)
#   two workers pinned to one core each (taskset -c 0 and -c 1)
# Each worker runs one part at a time. The manager, PostgreSQL and the broker are not pinned. Each
# setting is run ROUNDS times (interleaved); the backups' job times (the manager's durationSeconds:
# snapshot, schema, parts, manifest; start-up excluded), COPY throughput and the ratio go to stdout as
# Markdown, beside a local backup (this process's threads, PARALLELISM 2) on the same database.
#
#   scripts/benchmark-workers.sh [SHIPMENTS] [ROUNDS]     (defaults: 50000 2, about 160 MB on disk)
#   SKIP_BUILD=1 uses the drkit already built; LEVEL=19 the zstd level
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust), RabbitMQ on 127.0.0.1:5672 (guest),
# taskset (util-linux), psql, python3.
set -euo pipefail
cd "$(dirname "$0")/.."

shipments="${1:-50000}"
rounds="${2:-2}"
level="${LEVEL:-19}"
db=drkit_bench_workers
catalog=drkit_bench_workers_catalog
work="${BENCH_DIR:-/tmp/drkit-bench-workers}"
pg="-h 127.0.0.1 -p 5432 -U postgres"
log() { echo "bench: $*" >&2; }

if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -DskipTests install
fi
./drkit --version > /dev/null   # unpacks the jar and writes its class-data archive
mkdir -p "$work"
. scripts/lib/seeded-source.sh
ensure_seeded "$db" "$shipments"
psql $pg -d postgres -qc "DROP DATABASE IF EXISTS $catalog" -c "CREATE DATABASE $catalog"
size=$(psql $pg -d $db -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")
log "source $db: $size on disk"

export DRKIT_SOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres"
export DRKIT_CATALOG_URL="jdbc:postgresql://127.0.0.1:5432/$catalog?user=postgres"
export DRKIT_REPOSITORY="file://$work/repository"
export DRKIT_BACKUP_COMPRESSION=zstd DRKIT_BACKUP_COMPRESSIONLEVEL="$level"
export DRKIT_BACKUP_PARTSIZE=8MB DRKIT_BACKUP_ADAPTIVE=false DRKIT_BACKUP_NICE=0
export DRKIT_BROKER_URL="amqp://guest:guest@127.0.0.1:5672/%2F"
export DRKIT_WORKERS_QUEUE="drkit.bench.$$" DRKIT_WORKERS_THREADS=1
rm -rf "$work/repository"
./drkit init >&2

workers=()
stop_workers() {
  for w in "${workers[@]}"; do kill -TERM "$w" 2>/dev/null || true; done
  for w in "${workers[@]}"; do wait "$w" 2>/dev/null || true; done
  workers=()
}
trap stop_workers EXIT

# start_workers CORE...: one worker per core, pinned to it; returns once all wait for parts
start_workers() {
  local i=0
  for core in "$@"; do
    taskset -c "$core" ./drkit worker > "$work/worker-$core.log" 2>&1 &
    workers+=($!)
    i=$((i + 1))
  done
  for core in "$@"; do
    for _ in $(seq 1 120); do grep -q "waiting for parts" "$work/worker-$core.log" && break; sleep 0.5; done
  done
}

# backup NAME [ENV...]: appends "NAME seconds copy_bytes parts" to the results
backup() {
  local name="$1"; shift
  env "$@" ./drkit backup --full --json > "$work/$name.json" 2> "$work/$name.err" || { cat "$work/$name.err" >&2; exit 1; }
  python3 - "$work/$name.json" "$name" >> "$work/results" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(sys.argv[2], d["durationSeconds"], d["copyBytes"], d["parts"])
PY
}

: > "$work/results"
for round in $(seq 1 "$rounds"); do
  backup local DRKIT_WORKERS_MODE=local DRKIT_BACKUP_PARALLELISM=2
  start_workers 0
  backup one-worker DRKIT_WORKERS_MODE=remote
  stop_workers
  start_workers 0 1
  backup two-workers DRKIT_WORKERS_MODE=remote
  stop_workers
  log "round $round done"
done

median() { awk -v n="$1" '$1 == n {print $2}' "$work/results" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
bytes=$(awk '$1 == "local" {print $3; exit}' "$work/results")
parts=$(awk '$1 == "local" {print $4; exit}' "$work/results")
one=$(median one-worker); two=$(median two-workers); local_=$(median local)
{
  echo "| setting (zstd level $level, one part at a time per worker) | job time, median (s) | COPY MB/s | vs one worker |"
  echo "|---|---|---|---|"
  for row in "one worker, pinned to core 0:$one" "two workers, pinned to cores 0 and 1:$two" "local, 2 threads, not pinned:$local_"; do
    t="${row##*:}"
    echo "| ${row%:*} | $t | $(awk "BEGIN {printf \"%.1f\", $bytes / 1048576 / $t}") | $(awk "BEGIN {printf \"%.2f\", $one / $t}") |"
  done
  echo
  echo "Source $db ($size on disk, $(awk "BEGIN {printf \"%.0f\", $bytes / 1048576}") MB of COPY text in $parts parts); $rounds rounds, interleaved."
  echo "All runs (setting seconds copy-bytes parts):"
  sed 's/^/    /' "$work/results"
} 
