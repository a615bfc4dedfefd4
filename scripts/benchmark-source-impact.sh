#!/usr/bin/env bash
# What a backup costs the tracking service's own lookups, side by side on one seeded tracking database:
# waybill lookups at a fixed rate (pgbench -R, 4 clients, a one-line lookup of a shipment and its
# events by waybill) against the source, and the latency of the lookups that ran while each of these ran:
#   nothing (idle)
#   drkit backup --full                     (defaults: latency guard on, nice 10 on this host)
#   drkit backup --full, guard and nice off (DRKIT_BACKUP_ADAPTIVE=false DRKIT_BACKUP_NICE=0)
#   drkit backup --full with DRKIT_BACKUP_MAXRATE=$MAXRATE
#   drkit verify --restore                  (its scratch database on the source's server)
#   pg_dump -Fc
#   drkit backup --incremental              (after 10 s of `drkit tracking simulate` traffic; the full
#                                            backups above start its chain)
# Each is run ROUNDS times, interleaved; p50/p99/max lookup latency (ms), failed lookups and the
# job's own wall time go to stdout as Markdown.
#
#   scripts/benchmark-source-impact.sh [SHIPMENTS] [ROUNDS]   (defaults: 350000 3; RATE=100 MAXRATE=40MB)
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust), pg_dump, psql, pgbench (the server's
# package has it under /usr/lib/postgresql/*/bin), GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."

shipments="${1:-350000}"
rounds="${2:-3}"
rate="${RATE:-100}"
maxrate="${MAXRATE:-40MB}"
seeded="${BENCH_DB:-drkit_bench_source}"
db="drkit_bench_impact"   # a copy: the traffic before each incremental writes to it
catalog="${db}_catalog"
work="${BENCH_DIR:-/tmp/drkit-bench-impact}"
pg="-h 127.0.0.1 -p 5432 -U postgres"
pgbench="$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -n 1)"
[ -x "$pgbench" ] || { echo "bench: pgbench not found (apt-get install postgresql-contrib or the server package)" >&2; exit 2; }

log() { echo "bench: $*" >&2; }

./mvnw -B -q -DskipTests -Ddrkit.packages.skip=true install
./drkit --version > /dev/null
mkdir -p "$work"
. scripts/lib/seeded-source.sh
ensure_seeded "$seeded" "$shipments"
psql $pg -d postgres -qAtc "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '$db'" \
  -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE $seeded" > /dev/null
psql $pg -d postgres -qc "DROP DATABASE IF EXISTS $catalog" -c "CREATE DATABASE $catalog"

export DRKIT_SOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres"
export DRKIT_CATALOG_URL="jdbc:postgresql://127.0.0.1:5432/$catalog?user=postgres"
export DRKIT_SCRATCH_URL="jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"
export DRKIT_REPOSITORY="file://$work/repository"
export DRKIT_INCREMENTAL_ENABLED=true
rm -rf "$work/repository"
./drkit init >&2

# the lookup the tracking service makes: a shipment and its events, by waybill
cat > "$work/lookup.sql" <<SQL
\set n random(0, $((shipments - 1)))
SELECT s.status, e.event_time, e.event_type FROM tracking.shipments s LEFT JOIN tracking.tracking_events e USING (waybill) WHERE s.waybill = 'SF' || (1000000000 + :n)::text;
SQL

# during NAME COMMAND...: lookups at $rate/s while COMMAND runs (pgbench in 2-second runs, each of which
# writes its own log, until COMMAND ends); appends "NAME seconds p50 p99 max failed" to the results
during() {
  local name="$1"; shift
  rm -f "$work"/pgbench_log_* "$work"/pgbench.out.*
  local start end job i=0
  start=$(date +%s%N)
  "$@" > /dev/null 2> "$work/$name.err" &
  job=$!
  while kill -0 "$job" 2>/dev/null; do
    i=$((i + 1))
    (cd "$work" && "$pgbench" $pg -n -c 4 -j 2 -R "$rate" -T 2 -f lookup.sql -l --log-prefix="pgbench_log_$i" "$db" \
        > "$work/pgbench.out.$i" 2>&1) || true
  done
  wait "$job" || { cat "$work/$name.err" >&2; exit 1; }
  end=$(date +%s%N)
  # pgbench -l lines: client transaction latency(us) script epoch_s epoch_us [lag]; keep those that ended during the job
  cat "$work"/pgbench_log_* | awk -v s="$start" -v e="$end" '{ t = $5 * 1e9 + $6 * 1e3; if (t >= s && t <= e) print $3 }' \
      | sort -n > "$work/latencies"
  local n failed
  n=$(wc -l < "$work/latencies")
  failed=$(cat "$work"/pgbench.out.* | grep -Eo 'number of failed transactions: [0-9]+' | grep -Eo '[0-9]+$' \
      | awk '{ f += $1 } END { print f + 0 }')
  awk -v name="$name" -v secs="$(( (end - start) / 1000000 ))" -v n="$n" -v failed="$failed" \
      'NR == int(n * 0.5 + 0.5) { p50 = $1 } NR == int(n * 0.99 + 0.5) { p99 = $1 } { max = $1 }
       END { printf "%s %.2f %.2f %.2f %.2f %s\n", name, secs / 1000, p50 / 1000, p99 / 1000, max / 1000, failed }' \
      "$work/latencies" >> "$work/results"
  log "$(tail -n 1 "$work/results")"
}

: > "$work/results"
./drkit backup --full > /dev/null 2>&1   # a point for verify --restore
for round in $(seq 1 "$rounds"); do
  log "round $round of $rounds"
  during idle sleep 15
  during drkit_backup ./drkit backup --full
  during drkit_backup_unguarded env DRKIT_BACKUP_ADAPTIVE=false DRKIT_BACKUP_NICE=0 ./drkit backup --full
  during drkit_backup_maxrate env DRKIT_BACKUP_MAXRATE="$maxrate" ./drkit backup --full
  during drkit_verify_restore ./drkit verify --restore
  during pg_dump pg_dump $pg -Fc -f "$work/tracking.dump" "$db"
  ./drkit tracking simulate --rate 100 --duration 10s > /dev/null 2>&1
  during drkit_incremental ./drkit backup --incremental
  ./drkit prune > /dev/null 2>&1 || true
done
./drkit init --reset-slot > /dev/null 2>&1 || true   # the chain's slot would hold the source's WAL

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "| while | job s | lookups p50 ms | p99 ms | max ms | failed |"
echo "|---|---|---|---|---|---|"
for name in idle drkit_backup drkit_backup_unguarded drkit_backup_maxrate drkit_verify_restore pg_dump drkit_incremental; do
  row="| $name"
  for col in 2 3 4 5 6; do
    row="$row | $(awk -v n="$name" -v c="$col" '$1 == n { print $c }' "$work/results" | median)"
  done
  echo "$row |"
done
echo
echo "Rate $rate lookups/s from 4 clients, $shipments shipments, $(nproc) cores, medians of $rounds rounds; max-rate $maxrate."
