#!/usr/bin/env bash
# Incremental points against the full backup they follow, on the reference tracking database and on
# one twice its size, with the same number of changed rows on both. For each size:
#   drkit backup --full                 starts a chain; its job time is the yardstick
#   drkit backup --incremental --continuous, once per digests mode (none, daily, every): one JVM for
#                                       all of a mode's points (start-up excluded), a point every FLUSH
#   before each point, CHANGED rows change: 0.6% of them new tracking events, 0.3% shipments updated,
#                                       0.1% events of the newest month deleted (CHANGED is 1% of the
#                                       reference database's rows, on both sizes)
# For each point: its job time (the steps' own timings, read from the job repository; start-up
# excluded) and the rows it read on the source (pg_stat_user_tables: seq_tup_read + idx_tup_fetch,
# before and after the point). With daily, the points after the full point of the day have no
# digests (the full point proves the day); with every, each reads its changed tables whole.
# The first point of each mode warms the JVM and is left out, and so are points that found nothing
# to take (under load, a point can follow the previous one before the next change is in). Medians and ratios go to stdout as
# Markdown, with the targets of issue 22: none ≤ 0.05 of the full backup's job time; none on 2x ≤ 1.2
# of none on 1x.
#
#   scripts/benchmark-incremental.sh [SHIPMENTS] [ROUNDS]     (defaults: 350000 3, about 1 GB on disk)
#   FLUSH=20s (the interval between points; it must outlast the change SQL and a point)
#   MODES="none daily" measures only those digests modes (default: none daily every)
#   ADAPTIVE=true takes the yardstick full backups with the latency guard on (default: off, full speed)
#   SKIP_BUILD=1 uses the drkit already built; SEEDED_DB names the seeded databases (default
#   drkit_bench_source, which the other benchmarks share, and drkit_bench_source_2x)
#   a smoke run: SKIP_BUILD=1 FLUSH=15s SEEDED_DB=drkit_bench_smoke scripts/benchmark-incremental.sh 2000 1
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) with wal_level=logical, psql, python3.
set -euo pipefail
cd "$(dirname "$0")/.."

shipments="${1:-350000}"
rounds="${2:-3}"
flush="${FLUSH:-20s}"
modes="${MODES:-none daily every}"
flush_seconds="${flush%s}"
work="${BENCH_DIR:-/tmp/drkit-bench-incremental}"
pg="-h 127.0.0.1 -p 5432 -U postgres"
log() { echo "bench: $*" >&2; }

if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -DskipTests install
fi
./drkit --version > /dev/null   # unpacks the jar and writes its class-data archive
mkdir -p "$work"
. scripts/lib/seeded-source.sh

rows_of() {
  psql $pg -d "$1" -Atc "SELECT sum(c.reltuples)::bigint FROM pg_class c JOIN pg_namespace n
        ON n.oid = c.relnamespace WHERE n.nspname = 'tracking' AND c.relkind = 'r'"
}

# rows read on the source so far: sequential scans' rows and rows fetched by index
source_reads() {
  psql $pg -d "$1" -Atc "SELECT coalesce(sum(seq_tup_read + coalesce(idx_tup_fetch, 0)), 0) FROM pg_stat_user_tables"
}

change_rows() {
  local db="$1" changed="$2" inserts updates deletes
  inserts=$(( changed * 6 / 10 )); updates=$(( changed * 3 / 10 )); deletes=$(( changed - inserts - updates ))
  psql $pg -d "$db" -q -v ON_ERROR_STOP=1 <<SQL
INSERT INTO tracking.tracking_events (waybill, event_time, event_type, station, courier_id, scan, note)
  SELECT waybill, event_time + interval '1 minute', event_type, station, courier_id, scan, note
  FROM tracking.tracking_events TABLESAMPLE BERNOULLI (1) LIMIT $inserts;
UPDATE tracking.shipments SET tags = tags || '{rerouted}'
  WHERE waybill IN (SELECT waybill FROM tracking.shipments TABLESAMPLE BERNOULLI (5) LIMIT $updates);
DELETE FROM tracking.tracking_events WHERE (id, event_time) IN (SELECT id, event_time FROM tracking.tracking_events
  WHERE event_time >= (SELECT date_trunc('month', max(event_time)) FROM tracking.tracking_events) LIMIT $deletes);
SQL
}

# the continuous run prints one indented JSON document per point: docs.py FILE prints how many, and
# how many hold changes; with SIZE MODE, one line per point that holds changes (points with nothing to
# take come between them when a point is quicker than the flush interval), job seconds from its steps
cat > "$work/docs.py" <<'PY'
import json, sys
text, i, docs = open(sys.argv[1]).read(), 0, []
decoder = json.JSONDecoder()
while True:
    while i < len(text) and text[i].isspace():
        i += 1
    try:
        d, i = decoder.raw_decode(text, i)
    except ValueError:
        break
    docs.append(d)
changed = [d for d in docs if d["changeRows"] > 0]
if len(sys.argv) == 2:
    print(len(docs), len(changed))
for n, d in enumerate(changed if len(sys.argv) > 2 else [], 1):
    job = sum(d["phasesSeconds"].values())  # keyed backup.<step>, seconds
    print("incremental %s %s %d %.3f %d %s %s" % (sys.argv[2], sys.argv[3], n, job, d["changeRows"],
          "digests" if "lastProvenPointId" not in d else "no-digests", ",".join(d["tablesReadWhole"]) or "-"))
PY
# documents FILE all|changed
documents() { python3 "$work/docs.py" "$1" | awk -v which="$2" '{print which == "all" ? $1 : $2}'; }

wait_for_documents() {
  local file="$1" which="$2" count="$3"
  for _ in $(seq 1 $(( flush_seconds * 20 + 600 ))); do
    [ "$(documents "$file" "$which")" -ge "$count" ] && return 0
    kill -0 "$runner" 2>/dev/null || { cat "$work/continuous.err" >&2; exit 1; }
    sleep 0.5
  done
  log "no point within the wait"; exit 1
}

# one size: SIZE_LABEL SEEDED_DB SHIPMENTS CHANGED
run_size() {
  local label="$1" seeded="$2" n="$3" changed="$4"
  local db="drkit_bench_incr_$label" catalog="drkit_bench_incr_${label}_catalog"
  ensure_seeded "$seeded" "$n"
  psql $pg -d postgres -qAtc "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '$db'" \
    -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE $seeded"
  psql $pg -d postgres -qc "DROP DATABASE IF EXISTS $catalog" -c "CREATE DATABASE $catalog"
  rm -rf "$work/repository-$label"
  export DRKIT_SOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres"
  export DRKIT_CATALOG_URL="jdbc:postgresql://127.0.0.1:5432/$catalog?user=postgres"
  export DRKIT_REPOSITORY="file://$work/repository-$label"
  export DRKIT_INCREMENTAL_ENABLED=true
  ./drkit init >&2
  size=$(psql $pg -d "$db" -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")
  echo "size $label $size $(rows_of "$db")" >> "$work/results"
  for mode in $modes; do
    # each mode on a chain of its own, started by a full point whose job time is the yardstick; the
    # yardstick reads at full speed: the latency guard (on by default) lengthens a full backup by as much
    # as the host's noise makes it, which would flatter the ratio (ADAPTIVE=true measures with it)
    DRKIT_BACKUP_ADAPTIVE="${ADAPTIVE:-false}" JAVA_OPTS=-Xmx256m ./drkit backup --full --json > "$work/full-$label-$mode.json" 2> "$work/full.err" || {
      cat "$work/full.err" >&2; exit 1; }
    echo "full $label $mode $(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["durationSeconds"])' \
      "$work/full-$label-$mode.json")" >> "$work/results"
    out="$work/continuous-$label-$mode.json"
    DRKIT_INCREMENTAL_DIGESTS=$mode JAVA_OPTS=-Xmx256m ./drkit backup --incremental --continuous --flush "$flush" \
      --json > "$out" 2> "$work/continuous.err" &
    runner=$!
    wait_for_documents "$out" all 1   # the warm-up point
    for round in $(seq 1 "$rounds"); do
      change_rows "$db" "$changed"
      sleep 1   # the statistics of the change's own session reach pg_stat first
      before=$(source_reads "$db")
      wait_for_documents "$out" changed "$round"
      sleep 1
      after=$(source_reads "$db")
      echo "read $label $mode $round $(( after - before ))" >> "$work/results"
    done
    kill -TERM "$runner"; wait "$runner" || true
    python3 "$work/docs.py" "$out" "$label" "$mode" >> "$work/results"
    log "$label $mode: done"
  done
  ./drkit init --reset-slot >&2   # the chain's slot would hold the source's WAL from now on
}

: > "$work/results"
seeded="${SEEDED_DB:-drkit_bench_source}"
ensure_seeded "$seeded" "$shipments"
reference_rows=$(rows_of "$seeded")
changed=$(( reference_rows / 100 ))
log "$changed rows change before each point (1% of the reference database's $reference_rows)"
run_size 1x "$seeded" "$shipments" "$changed"
run_size 2x "${seeded}_2x" $(( shipments * 2 )) "$changed"

median() { awk "$1" "$work/results" | sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print 0}'; }
job() { median "\$1 == \"incremental\" && \$2 == \"$1\" && \$3 == \"$2\" {print \$5}"; }
reads() { median "\$1 == \"read\" && \$2 == \"$1\" && \$3 == \"$2\" {print \$5}"; }
full() { median "\$1 == \"full\" && \$2 == \"$1\" {print \$4}"; }
ratio() { awk "BEGIN {if ($2 > 0) printf \"%.3f\", $1 / $2; else print \"-\"}"; }
f1=$(full 1x); f2=$(full 2x)
{
  echo "| database | digests | incremental job time, median (s) | vs full backup's job time | source rows read per point, median |"
  echo "|---|---|---|---|---|"
  for label in 1x 2x; do
    f=$([ $label = 1x ] && echo "$f1" || echo "$f2")
    for mode in $modes; do
      echo "| $label ($(awk -v l=$label '$1 == "size" && $2 == l {print $3 " " $4}' "$work/results")) | $mode | $(job $label $mode) | $(ratio "$(job $label $mode)" "$f") | $(reads $label $mode) |"
    done
  done
  echo
  echo "Full backup job time, median: 1x $f1 s, 2x $f2 s. $changed rows changed before each point on both sizes; $rounds points per mode (after a warm-up point), --continuous --flush $flush."
  echo "Targets (issue 22): none / full on 1x = $(ratio "$(job 1x none)" "$f1") (at most 0.05); none 2x / none 1x = $(ratio "$(job 2x none)" "$(job 1x none)") (at most 1.2)."
  echo "All points (incremental SIZE MODE N job-seconds change-rows digests tables-read-whole; read SIZE MODE N source-rows):"
  grep -E '^(incremental|read|full) ' "$work/results" | sed 's/^/    /'
}
