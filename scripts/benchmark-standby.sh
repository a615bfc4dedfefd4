#!/usr/bin/env bash
# The standby (issue: drkit standby --follow) on the reference tracking database under `drkit tracking
# simulate` traffic, with an incremental point every INTERVAL (60 s):
#   drkit init, drkit backup --full       the chain; the standby's first restore is made from the full point
#   drkit standby --follow                in the background, polling every POLL (5s); once it stands at the
#                                         full point, the following period starts
#   drkit tracking simulate               in the background, at CHANGES changed rows per second
#   drkit backup --incremental            every INTERVAL for MINUTES minutes (one JVM per point, as cron runs it:
#                                         on the INTERVAL's ticks from the traffic's start; a point whose JVM is
#                                         slow to start lands later, one that outlasts the interval delays the next)
#   drkit drill --failover                under traffic with the follower running, then idle, and (RTO_SIZES)
#                                         on standbys of other sizes, idle
# Measured:
#   lag per point: the standby's proof (drkit_verified_point.verified_at, verified_by = 'standby') minus
#     the point's landing (the mtime of points/<id>/manifest.json in the file repository); median, p99
#     (nearest rank: with fewer than 100 points it is the maximum) and max. Goal: each within 60 s.
#   cost of following: CPU seconds (utime + stime, /proc/<pid>/stat) of the follower's JVM from the moment
#     it stands at the full point (its start-up and first restore are left out) to the moment it has
#     proven the last point, per applied point, per 1,000 changed rows, and as % of one core over that
#     period. Goal: under 5 % of one core at 100 changes/s. The PostgreSQL backends' CPU (the apply and
#     the read-back on the server) is not in it.
#   failover RTO and RPO: rtoSeconds, rpoSeconds of `drkit drill --failover --json`. Goal: under 10 s at
#     any database size (it should not grow with the data).
# The traffic: `drkit tracking simulate --rate` is scans per second; a scan is a tracking event inserted
# and the shipment's status updated (2 rows), 8 % of them are new orders (the shipment and its first
# event), a delivered scan adds a delivery proof, 1 in 100 turns cancel and delete an order (its events
# and the shipment). That makes ROWS_PER_SCAN (default 2.2, measured on the reference database) changed
# rows per scan, so --rate = CHANGES / ROWS_PER_SCAN; the changes per second the points actually held
# (their changeRows over the traffic's time) are printed beside it.
#
#   scripts/benchmark-standby.sh [SHIPMENTS] [MINUTES] [CHANGES]   (defaults: 350000 10 100, about 1 GB on disk)
#   INTERVAL=60 seconds between incremental points; POLL=5s the follower's poll (DRKIT_STANDBY_POLL)
#   DIGESTS=daily|every|none (DRKIT_INCREMENTAL_DIGESTS; default: drkit's own, daily: with a full point of
#     the day, the incrementals carry no digests and the standby proves them by row counts)
#   RTO_SIZES="20000" further database sizes (shipments) whose failover RTO is measured, idle ("" for none)
#   SKIP_BUILD=1 uses the drkit already built; SEEDED_DB names the seeded source (default
#     drkit_bench_source, which the other benchmarks share; the RTO_SIZES ones get _<size> appended)
#   KEEP=1 keeps the databases and the repositories it made; PGPORT another local server (default 5432);
#   STANDBY_PGPORT puts the standby on a server of its own (default: the source's)
#   a smoke run: SKIP_BUILD=1 SEEDED_DB=drkit_bench_smoke scripts/benchmark-standby.sh 20000 3
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust, a superuser) with wal_level=logical (this
# script changes nothing on the server: it stops with exit 2 when the level is lower), psql, python3.
set -euo pipefail
cd "$(dirname "$0")/.."

shipments="${1:-350000}"
minutes="${2:-10}"
changes="${3:-100}"
interval="${INTERVAL:-60}"
poll="${POLL:-5s}"
rows_per_scan="${ROWS_PER_SCAN:-2.2}"
rto_sizes="${RTO_SIZES-20000}"
pg_port="${PGPORT:-5432}"   # seeded-source.sh reads it too
seeded="${SEEDED_DB:-drkit_bench_source}"
work="${BENCH_DIR:-/tmp/drkit-bench-standby}"
pg="-h 127.0.0.1 -p $pg_port -U postgres"
jdbc="jdbc:postgresql://127.0.0.1:$pg_port"
# STANDBY_PGPORT: the standby on a server of its own (as in production); default the source's server
standby_port="${STANDBY_PGPORT:-$pg_port}"
spg="-h 127.0.0.1 -p $standby_port -U postgres"
sjdbc="jdbc:postgresql://127.0.0.1:$standby_port"
prefix="drkit_bench_standby"     # every database this script makes starts with it; the seeded ones do not
db="${prefix}_source"            # a copy of the seeded database: the traffic writes to it
catalog="${prefix}_catalog"
standby="${prefix}"
java_opts="${JAVA_OPTS:--Xmx256m}"
log() { echo "bench: $(date -u +%H:%M:%S) $*" >&2; }
now() { date +%s.%N; }

case "$seeded" in "$prefix"*) log "SEEDED_DB must not start with $prefix (the databases this script drops)"; exit 2 ;; esac
wal_level=$(psql $pg -d postgres -Atc "SHOW wal_level") || { log "no PostgreSQL on 127.0.0.1:$pg_port"; exit 2; }
if [ "$wal_level" != logical ]; then
  log "the server on 127.0.0.1:$pg_port has wal_level=$wal_level: incremental backups, and so this benchmark, need"
  log "wal_level=logical (ALTER SYSTEM SET wal_level = logical, then restart the server). This script changes"
  log "nothing on the server; run it again once the level is logical (or point PGPORT at a server that has it)."
  exit 2
fi

if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -DskipTests -Ddrkit.packages.skip=true install
fi
./drkit --version > /dev/null   # unpacks the jar and writes its class-data archive
mkdir -p "$work"
rm -f "$work"/*.json "$work"/*.log "$work"/*.tsv "$work/results"
. scripts/lib/seeded-source.sh

pids=()
stop_process() {   # stop_process PID: SIGTERM (a drkit command stops where the next run resumes), then SIGKILL
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}
drop_databases() {
  local names server
  for server in "$pg" "$spg"; do
    names=$(psql $server -d postgres -Atc "SELECT datname FROM pg_database WHERE datname LIKE '${prefix//_/\\_}%'")
    for name in $names; do
      psql $server -d postgres -qAtc "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
          WHERE database = '$name' AND NOT active" > /dev/null 2>&1 || true
      psql $server -d postgres -qc "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" > /dev/null 2>&1 ||
        log "could not drop $name"
    done
  done
}
cleanup() {
  set +e
  for pid in "${pids[@]}"; do stop_process "$pid"; done
  if [ -z "${KEEP:-}" ]; then
    drop_databases
    rm -rf "$work"/repository*
  else
    log "KEEP: databases ${prefix}* and $work/repository* are kept"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

calc() { awk "BEGIN {$1}"; }
# sql DB QUERY: one value
sql() { psql $pg -d "$1" -Atc "$2"; }
ssql() { psql $spg -d "$1" -Atc "$2"; }   # on the standby's server
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime of the process, in clock ticks
ticks_per_second=$(getconf CLK_TCK)
json_field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# wait_proven POINT_ID TIMEOUT_S: until the catalog says the standby proved the point; its epoch seconds
wait_proven() {
  local point="$1" deadline=$(( $(date +%s) + $2 )) at
  while true; do
    at=$(sql "$catalog" "SELECT extract(epoch FROM verified_at) FROM drkit_verified_point
        WHERE verified_by = 'standby' AND point_id = '$point'" 2>/dev/null || true)
    [ -n "$at" ] && { echo "$at"; return 0; }
    if ! kill -0 "$follower" 2>/dev/null; then
      log "the follower ended before it proved point $point:"; tail -n 20 "$work/standby.log" >&2; exit 1
    fi
    [ "$(date +%s)" -gt "$deadline" ] && { log "point $point not proven within $2 s"; tail -n 20 "$work/standby.log" >&2; exit 1; }
    sleep 0.2
  done
}

# failover LABEL: drkit drill --failover --json with the environment as it stands; "failover LABEL rto rpo wall"
failover() {
  local label="$1" started ended
  started=$(now)
  JAVA_OPTS="$java_opts" ./drkit drill --failover --json > "$work/failover-$label.json" 2> "$work/failover-$label.log" || {
    log "drill --failover ($label) failed:"; tail -n 20 "$work/failover-$label.log" >&2; exit 1; }
  ended=$(now)
  echo "failover $label $(json_field "$work/failover-$label.json" rtoSeconds) $(json_field "$work/failover-$label.json" rpoSeconds) $(awk -v a="$started" -v b="$ended" 'BEGIN {printf "%.1f", b - a}')" >> "$work/results"
  log "$(tail -n 1 "$work/results")"
}

# --- the chain and the standby ---------------------------------------------------------------------------
ensure_seeded "$seeded" "$shipments"
drop_databases
# the standby's target must exist, empty (drkit standby does not create it, where restore would)
psql $pg -d postgres -qc "CREATE DATABASE $db TEMPLATE $seeded" -c "CREATE DATABASE $catalog"
rm -rf "$work/repository"
export DRKIT_SOURCE_URL="$jdbc/$db?user=postgres"
export DRKIT_CATALOG_URL="$jdbc/$catalog?user=postgres"
export DRKIT_SCRATCH_URL="$jdbc/postgres?user=postgres"
export DRKIT_REPOSITORY="file://$work/repository"
export DRKIT_INCREMENTAL_ENABLED=true
export DRKIT_STANDBY_TARGETURL="$sjdbc/$standby?user=postgres"
export DRKIT_STANDBY_POLL="$poll"
[ -n "${DIGESTS:-}" ] && export DRKIT_INCREMENTAL_DIGESTS="$DIGESTS"
size=$(sql "$db" "SELECT pg_size_pretty(pg_database_size(current_database()))")
log "source $db: $shipments shipments, $size"
./drkit init > "$work/init.log" 2>&1 || { cat "$work/init.log" >&2; exit 1; }
JAVA_OPTS="$java_opts" ./drkit backup --full --json > "$work/full.json" 2> "$work/full.log" || { tail -n 20 "$work/full.log" >&2; exit 1; }
full_point=$(json_field "$work/full.json" pointId)
log "full point $full_point"

# the follower: $! is the JVM itself (./drkit ends in exec java)
follower_started=$(now)
JAVA_OPTS="$java_opts" ./drkit standby --target-url "$DRKIT_STANDBY_TARGETURL" --follow --json \
  > "$work/standby.json" 2> "$work/standby.log" &
follower=$!
pids+=("$follower")
first_proven=$(wait_proven "$full_point" 3600)
cpu_start=$(cpu_ticks "$follower"); t_start=$(now)
first_restore=$(awk -v a="$follower_started" -v b="$first_proven" 'BEGIN {printf "%.1f", b - a}')
log "the standby stands at the full point ${first_restore} s after the follower started (start-up and first restore)"

# --- traffic and a point every INTERVAL ------------------------------------------------------------------
scans=$(awk -v c="$changes" -v r="$rows_per_scan" 'BEGIN {printf "%.1f", c / r}')
log "traffic: $changes changes/s = --rate $scans scans/s ($rows_per_scan changed rows per scan)"
traffic_started=$(now)
JAVA_OPTS="$java_opts" ./drkit tracking simulate --rate "$scans" --duration "$(( minutes * 60 + interval * 2 + 600 ))s" \
  --json > "$work/simulate.json" 2> "$work/simulate.log" &
traffic=$!
pids+=("$traffic")
points=()
for i in $(seq 1 "$minutes"); do
  # on the INTERVAL's ticks, as cron would; a point that outlasts the interval delays the next one
  wait_s=$(awk -v s="$traffic_started" -v i="$i" -v n="$interval" -v t="$(now)" 'BEGIN {w = s + i * n - t; printf "%.3f", (w > 0 ? w : 0)}')
  sleep "$wait_s" & wait $!   # a wait, not a sleep in the foreground: SIGTERM ends the script at once
  kill -0 "$traffic" 2>/dev/null || { log "the traffic ended early:"; tail -n 20 "$work/simulate.log" >&2; exit 1; }
  kill -0 "$follower" 2>/dev/null || { log "the follower ended:"; tail -n 20 "$work/standby.log" >&2; exit 1; }
  JAVA_OPTS="$java_opts" ./drkit backup --incremental --json > "$work/incremental-$i.json" 2> "$work/incremental-$i.log" || {
    log "incremental $i failed:"; tail -n 20 "$work/incremental-$i.log" >&2; exit 1; }
  points+=("$(json_field "$work/incremental-$i.json" pointId)")
  log "point $i of $minutes: ${points[-1]}, $(json_field "$work/incremental-$i.json" changeRows) changed rows"
done
last_proven=$(wait_proven "${points[-1]}" 600)
cpu_end=$(cpu_ticks "$follower"); t_end=$(now)
echo "cpu $(( cpu_end - cpu_start )) $ticks_per_second $(calc "printf \"%.1f\", $t_end - $t_start")" >> "$work/results"
log "the last point is proven; the follower used $(calc "printf \"%.2f\", ($cpu_end - $cpu_start) / $ticks_per_second") CPU s since it stood at the full point"

# failover under traffic, the follower running; then the traffic stops and it is measured idle
failover traffic
stop_process "$traffic"
failover idle

# --- failover RTO at other sizes, idle ---------------------------------------------------------------------
for s in $rto_sizes; do
  [ "$s" = "$shipments" ] && continue
  (
    seeded_s="${seeded}_$s"
    ensure_seeded "$seeded_s" "$s"
    psql $pg -d postgres -qc "CREATE DATABASE ${db}_$s TEMPLATE $seeded_s" -c "CREATE DATABASE ${catalog}_$s"
    rm -rf "$work/repository-$s"
    export DRKIT_SOURCE_URL="$jdbc/${db}_$s?user=postgres"
    export DRKIT_CATALOG_URL="$jdbc/${catalog}_$s?user=postgres"
    export DRKIT_REPOSITORY="file://$work/repository-$s"
    export DRKIT_INCREMENTAL_ENABLED=false
    export DRKIT_STANDBY_TARGETURL="$sjdbc/${standby}_$s?user=postgres"
    { ./drkit init && JAVA_OPTS="$java_opts" ./drkit backup --full && JAVA_OPTS="$java_opts" ./drkit standby \
        --target-url "$DRKIT_STANDBY_TARGETURL" --once; } > "$work/size-$s.log" 2>&1 || { tail -n 20 "$work/size-$s.log" >&2; exit 1; }
    echo "size $s $(ssql "${standby}_$s" "SELECT pg_size_pretty(pg_database_size(current_database()))")" >> "$work/results"
    failover "$s"
  )
done
echo "size $shipments $(ssql "$standby" "SELECT pg_size_pretty(pg_database_size(current_database()))")" >> "$work/results"
stop_process "$follower"

# --- per point: landing, proof, lag, changes --------------------------------------------------------------
sql "$catalog" "SELECT point_id, extract(epoch FROM verified_at) FROM drkit_verified_point WHERE verified_by = 'standby'" \
  | tr '|' '\t' > "$work/proven.tsv"
cat > "$work/points.py" <<'PY'
import json, math, os, re, sys
work, count = sys.argv[1], int(sys.argv[2])
proven = dict(line.rstrip("\n").split("\t") for line in open(os.path.join(work, "proven.tsv")) if line.strip())
took = {}   # the follower's own time per point: "applied and proved point ID (...): N changes in T tables, X s"
for line in open(os.path.join(work, "standby.log"), errors="replace"):
    m = re.search(r"applied and proved point (\S+) .*, ([0-9.]+) s$", line.strip())
    if m:
        took[m.group(1)] = float(m.group(2))
rows = []
for i in range(1, count + 1):
    d = json.load(open(os.path.join(work, "incremental-%d.json" % i)))
    pid = d["pointId"]
    landed = os.stat(os.path.join(work, "repository", "points", pid, "manifest.json")).st_mtime
    at = float(proven[pid])
    rows.append((pid, d["changeRows"], d["durationSeconds"], at - landed, took.get(pid, float("nan"))))
    print("point %s %d %.1f %.1f %.2f" % rows[-1])
lags = sorted(r[3] for r in rows)
rank = lambda q: lags[max(0, math.ceil(q * len(lags)) - 1)]
print("lag %.1f %.1f %.1f %d" % (rank(0.5), rank(0.99), lags[-1], sum(1 for l in lags if l > 60)))
print("changes %d" % sum(r[1] for r in rows))
# the traffic's rate as the points saw it: the changes of points 2..N over the time from point 1 to point N
# (a point's time is when it started reading: the changes between two points' times are the later one's)
from datetime import datetime
time = lambda i: datetime.fromisoformat(json.load(open(os.path.join(work, "incremental-%d.json" % i)))["time"]
                                        .replace("Z", "+00:00")).timestamp()
if count > 1:
    print("rate %d %.1f" % (sum(r[1] for r in rows[1:]), time(count) - time(1)))
PY
python3 "$work/points.py" "$work" "${#points[@]}" >> "$work/results"

# --- results ------------------------------------------------------------------------------------------------
r() { awk "$1" "$work/results"; }
size_of() { awk -v s="$1" '$1 == "size" && $2 == s {print $3 " " $4}' "$work/results"; }
n=${#points[@]}
total_changes=$(r '$1 == "changes" {print $2}')
cpu=$(calc "printf \"%.2f\", ($cpu_end - $cpu_start) / $ticks_per_second")
period=$(calc "printf \"%.1f\", $t_end - $t_start")
if grep -q '^rate ' "$work/results"; then
  read -r _ rate_changes rate_seconds < <(grep '^rate ' "$work/results")
  measured_rate=$(calc "printf \"%.1f\", $rate_changes / $rate_seconds")
  measured="$measured_rate changes/s from point 1 to point $n ($rate_changes changed rows in $rate_seconds s)"
else
  measured="(one point: no rate between points)"
fi
sim_events=$(json_field "$work/simulate.json" events 2>/dev/null || echo "?")
{
  echo "| measure | value | goal |"
  echo "|---|---|---|"
  echo "| lag: proven on the standby − manifest landed, median / p99 / max (s) | $(r '$1 == "lag" {print $2 " / " $3 " / " $4}') | each ≤ 60 |"
  echo "| points proven more than 60 s after landing | $(r '$1 == "lag" {print $5}') of $n | 0 |"
  echo "| follower CPU per applied point (s) | $(calc "printf \"%.2f\", $cpu / $n") | |"
  echo "| follower CPU per 1,000 changed rows (s) | $(calc "printf \"%.3f\", ($total_changes > 0 ? $cpu * 1000 / $total_changes : 0)") | |"
  echo "| follower CPU, % of one core over ${period} s of following | $(calc "printf \"%.2f\", 100 * $cpu / $period") | < 5 at 100 changes/s |"
  while read -r _ label rto rpo wall; do
    case "$label" in
      traffic) what="$shipments shipments ($(size_of "$shipments")), under traffic, follower running" ;;
      idle) what="$shipments shipments ($(size_of "$shipments")), idle" ;;
      *) what="$label shipments ($(size_of "$label")), idle" ;;
    esac
    echo "| failover RTO / RPO (s), $what | $rto / $rpo (the command, JVM start-up included: $wall) | RTO < 10, not growing with size |"
  done < <(grep '^failover ' "$work/results")
  echo
  echo "$n incremental points, one every $interval s, under \`tracking simulate --rate $scans\` (scans/s; asked: $changes changes/s"
  echo "at $rows_per_scan changed rows per scan); the points held $total_changes changed rows, $measured;"
  echo "the traffic made $sim_events scans in all. Follower poll $poll; its start-up and first restore (${first_restore} s)"
  echo "are left out of its CPU: $cpu CPU s from the full point proven to the last point proven. $(nproc) cores,"
  echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Per point (id, changed rows, backup --incremental job seconds, lag s, the follower's apply-and-prove s):"
  grep '^point ' "$work/results" | sed 's/^point /    /'
  echo
  echo "Reproduce: $( [ "$pg_port" != 5432 ] && printf 'PGPORT=%s ' "$pg_port")$( [ "$standby_port" != "$pg_port" ] && printf 'STANDBY_PGPORT=%s ' "$standby_port")$( [ "$interval" != 60 ] && printf 'INTERVAL=%s ' "$interval")$( [ "$poll" != 5s ] && printf 'POLL=%s ' "$poll")$( [ -n "${DIGESTS:-}" ] && printf 'DIGESTS=%s ' "$DIGESTS")$( [ "$rto_sizes" != 20000 ] && printf 'RTO_SIZES="%s" ' "$rto_sizes")$( [ "$seeded" != drkit_bench_source ] && printf 'SEEDED_DB=%s ' "$seeded")scripts/benchmark-standby.sh $shipments $minutes $changes"
}
