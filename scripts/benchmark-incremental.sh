#!/usr/bin/env bash
# An incremental backup after 1% of the rows changed, beside the full backup it follows, on one
# seeded tracking database, in one run. Each round:
#   drkit backup --full            starts a chain (a replication slot at the point's snapshot)
#   1% of the rows change          0.6% new tracking events spread over every month, 0.3% shipments
#                                  updated, 0.1% events of the newest month deleted (one SQL statement each)
#   drkit backup --incremental     reads those changes from the slot, stores them, reads the changed tables' digests
#   pg_dump -Fc                    for scale: what a logical dump of the same database takes
# Medians and ratios go to stdout as Markdown, with the incremental's phases. The rounds run on a
# copy of the seeded database, which they change.
#
#   scripts/benchmark-incremental.sh [SHIPMENTS] [ROUNDS]     (defaults: 350000 3, about 1 GB on disk)
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) with wal_level=logical (.ci/run sets it),
# pg_dump, psql, GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."

shipments="${1:-350000}"
rounds="${2:-3}"
seeded=drkit_bench_source
db=drkit_bench_incremental
catalog=drkit_bench_incremental_catalog
work="${BENCH_DIR:-/tmp/drkit-bench-incremental}"
pg="-h 127.0.0.1 -p 5432 -U postgres"
log() { echo "bench: $*" >&2; }

./mvnw -B -q -DskipTests install
./drkit --version > /dev/null   # unpacks the jar and writes its class-data archive
mkdir -p "$work"

. scripts/lib/seeded-source.sh
ensure_seeded "$seeded" "$shipments"
# the rounds change rows: they work on a copy, so the other benchmarks' source stays as seeded
psql $pg -d postgres -qAtc "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '$db'" \
  -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE $seeded"
psql $pg -d postgres -qc "DROP DATABASE IF EXISTS $catalog" -c "CREATE DATABASE $catalog"
rm -rf "$work/repository"

export DRKIT_SOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres"
export DRKIT_CATALOG_URL="jdbc:postgresql://127.0.0.1:5432/$catalog?user=postgres"
export DRKIT_REPOSITORY="file://$work/repository"
export DRKIT_INCREMENTAL_ENABLED=true
./drkit init >&2

change_one_percent() {
  local rows inserts updates deletes
  rows=$(psql $pg -d $db -Atc "SELECT sum(c.reltuples)::bigint FROM pg_class c JOIN pg_namespace n
        ON n.oid = c.relnamespace WHERE n.nspname = 'tracking' AND c.relkind = 'r'")
  inserts=$(( rows * 6 / 1000 )); updates=$(( rows * 3 / 1000 )); deletes=$(( rows / 1000 ))
  psql $pg -d $db -q -v ON_ERROR_STOP=1 <<SQL
INSERT INTO tracking.tracking_events (waybill, event_time, event_type, station, courier_id, scan, note)
  SELECT waybill, event_time + interval '1 minute', event_type, station, courier_id, scan, note
  FROM tracking.tracking_events TABLESAMPLE BERNOULLI (1) LIMIT $inserts;
UPDATE tracking.shipments SET tags = tags || '{rerouted}'
  WHERE waybill IN (SELECT waybill FROM tracking.shipments TABLESAMPLE BERNOULLI (5) LIMIT $updates);
DELETE FROM tracking.tracking_events WHERE (id, event_time) IN (SELECT id, event_time FROM tracking.tracking_events
  WHERE event_time >= (SELECT date_trunc('month', max(event_time)) FROM tracking.tracking_events) LIMIT $deletes);
ANALYZE tracking.tracking_events, tracking.shipments;
SQL
  echo $(( inserts + updates + deletes )) "$rows"
}

timed() {
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/$name.json" 2> "$work/$name.err" || {
    cat "$work/$name.err" >&2; exit 1; }
  echo "$name $(cat "$work/time")" >> "$work/results"
  log "$name: $(awk '{print $1 " s, peak RSS " int($2/1024) " MiB"}' "$work/time")"
}

: > "$work/results"
for round in $(seq 1 "$rounds"); do
  log "round $round of $rounds"
  timed full env JAVA_OPTS=-Xmx256m ./drkit backup --full --json
  read -r changed total < <(change_one_percent)
  log "changed $changed of $total rows"
  echo "changed $changed $total" >> "$work/results"
  timed incremental env JAVA_OPTS=-Xmx256m ./drkit backup --incremental --json
  cp "$work/incremental.json" "$work/incremental-$round.json"
  timed pg_dump pg_dump $pg -Fc -f "$work/tracking.dump" $db
done
./drkit init --reset-slot >&2   # the chain's slot would hold the source's WAL from now on
size=$(psql $pg -d $db -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")

median() { grep "^$1 " "$work/results" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
maxrss() { grep "^$1 " "$work/results" | awk '{print $3}' | sort -n | tail -1; }
f=$(median full); i=$(median incremental); p=$(median pg_dump)
cat <<MD
| | median wall (s) | peak RSS (MiB) | vs full |
|---|---|---|---|
| drkit backup --full → file:// (starts the chain) | $f | $(( $(maxrss full) / 1024 )) | 1.00 |
| drkit backup --incremental after 1% of rows changed | $i | $(( $(maxrss incremental) / 1024 )) | $(awk "BEGIN {printf \"%.3f\", $i / $f}") |
| pg_dump -Fc → local file | $p | $(( $(maxrss pg_dump) / 1024 )) | $(awk "BEGIN {printf \"%.2f\", $p / $f}") |

incremental / full = $(awk "BEGIN {printf \"%.3f\", $i / $f}") (target: at most 0.05); source $size on disk; $rounds rounds.
Rows changed per round (changed, of): $(grep '^changed ' "$work/results" | awk '{printf "%s of %s; ", $2, $3}')
Incremental job per round (inside the JVM: seconds, phases in s, tables read whole for their digests):
$(for r in $(seq 1 "$rounds"); do python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
print("    %.2f s %s read whole: %s; %d transactions, %d changed rows, %d KiB stored" % (d["durationSeconds"], d["phasesSeconds"],
      ", ".join(d["tablesReadWhole"]), d["transactions"], d["changeRows"], d["storedBytes"] // 1024))' "$work/incremental-$r.json"; done)
All rounds (name, seconds, peak RSS KiB):
$(grep -v '^changed ' "$work/results" | sed 's/^/    /')
MD
