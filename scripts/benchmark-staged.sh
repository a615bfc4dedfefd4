#!/usr/bin/env bash
# A staged restore against the other ways back, side by side on one database, in one run
# (issue 18): the reference database with SHIPMENTS shipments over 12 months ending now, its hot tier
# config/tracking.yml's (the last 14 days' shipments and those not delivered, their events):
#   drkit restore (staged):   time to serving (until the first waybill lookup answers, through
#                             --on-serving) and time to complete
#   drkit restore --all-at-once
#   pg_restore -j PG_JOBS of a directory-format dump (pg_dump -Fd) of the same database
#   pgBackRest: a physical restore of a cluster of its own (initdb on a free port under the work
#               directory, archive_command to its repository) until the first waybill lookup answers
# Then how serving time grows with the history: the same hot set (shipments per day as above) over
# each of HISTORIES months, staged restores only.
# Each comparison runs ROUNDS times (interleaved) into fresh databases; medians and ratios go to stdout
# as Markdown, every round to stderr and to $BENCH_DIR/results.
#
#   scripts/benchmark-staged.sh [SHIPMENTS] [ROUNDS] [HISTORIES]   (defaults: 350000 3 "6 12 24"; "" for none)
#   SKIP_BUILD=1 ...   use the jar already built (./drkit builds it when sources changed)
#   PG_JOBS=2          pg_restore -j and pgBackRest process-max (default 2)
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust), pg_dump, pg_restore, psql, initdb,
# pg_ctl, pgbackrest, GNU time. Run as root, the pgBackRest cluster runs as the postgres user.
set -euo pipefail
cd "$(dirname "$0")/.."

shipments="${1:-350000}"
rounds="${2:-3}"
histories="${3-6 12 24}"   # "" for none
jobs="${PG_JOBS:-2}"
parallelism="${PARALLELISM:-$(nproc)}"
catalog=drkit_bench_staged_catalog
work="${BENCH_DIR:-/tmp/drkit-bench-staged}"
pg="-h 127.0.0.1 -p 5432 -U postgres"
config="$PWD/config/tracking.yml"
# the end of every seeded history: today, so that "the last 14 days" of the tiers are the newest rows
end="${END:-$(date -u +%Y-%m-%dT00:00:00Z)}"
log() { echo "bench: $*" >&2; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -DskipTests install
fi
./drkit --version > /dev/null
rm -rf "$work"
mkdir -p "$work"
chmod 0777 "$work"

now() { date +%s.%N; }
elapsed() { awk "BEGIN {printf \"%.2f\", $2 - $1}"; }
fresh() { psql $pg -d postgres -qc "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"; }
record() { echo "$*" >> "$work/results"; log "$*"; }
# one waybill lookup as the tracking page makes it: the newest shipment and its scans
LOOKUP="SELECT s.status, e.event_time, e.event_type FROM tracking.shipments s
        JOIN tracking.tracking_events e ON e.waybill = s.waybill
        WHERE s.waybill = (SELECT max(waybill) FROM tracking.shipments) ORDER BY e.event_time"

# A database of MONTHS months of history ending at $end, with SHIPMENTS shipments; reseeded unless the
# database's comment says it holds exactly that.
seeded() {
  local db="$1" months="$2" count="$3" want="drkit bench: $3 shipments, $2 months to $end"
  if [ "$(psql $pg -d postgres -Atc "SELECT shobj_description(oid, 'pg_database') FROM pg_database
        WHERE datname = '$db'")" != "$want" ]; then
    log "seeding $count shipments over $months months into $db"
    fresh "$db"
    DRKIT_SOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres" \
      ./drkit tracking seed --shipments "$count" --months "$months" --end "$end" >&2
    psql $pg -d "$db" -qc "VACUUM ANALYZE" -c "COMMENT ON DATABASE $db IS '$want'"
  fi
}

# A point with tiers of DB in its own repository; prints nothing.
backed_up() {
  local db="$1"
  export DRKIT_SOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres"
  export DRKIT_REPOSITORY="file://$work/repository-$db"
  ./drkit --config "$config" init >&2
  ./drkit --config "$config" backup --full --json > "$work/backup-$db.json"
  log "$db: $(psql $pg -d "$db" -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))") on disk;" \
    "hot rows $(tr -d '\n ' < "$work/backup-$db.json" | grep -o '"hotRows":[0-9]*' || echo '(not in the document)')"
}

# A staged drkit restore of the newest point of $DRKIT_REPOSITORY into a fresh database: the time until
# the first waybill lookup answered (run by --on-serving at the serving moment) and the time to complete.
staged() {
  local name="$1" target=bench_staged_target
  fresh $target
  rm -f "$work/served"
  local started; started=$(now)
  JAVA_OPTS=-Xmx256m ./drkit --config "$config" restore --json \
    --target-url "jdbc:postgresql://127.0.0.1:5432/$target?user=postgres" \
    --on-serving "psql -h \"\$DRKIT_SERVING_HOST\" -p \"\$DRKIT_SERVING_PORT\" -U postgres -d \"\$DRKIT_SERVING_DATABASE\" -Atqc \"$LOOKUP\" > /dev/null && date +%s.%N > $work/served" \
    > "$work/$name.json" 2> "$work/$name.err" || { tail -20 "$work/$name.err" >&2; exit 1; }
  local finished; finished=$(now)
  [ -s "$work/served" ] || { log "$name: the restore never served (a point without tiers?)"; tail -20 "$work/$name.err" >&2; exit 1; }
  record "$name-serving $(elapsed "$started" "$(cat "$work/served")")"
  record "$name-complete $(elapsed "$started" "$finished")"
}

timed() {
  local name="$1"; shift
  local started; started=$(now)
  "$@" > "$work/$name.out" 2> "$work/$name.err" || { tail -20 "$work/$name.err" >&2; exit 1; }
  record "$name $(elapsed "$started" "$(now)")"
}

# --- pgBackRest on a cluster of its own -----------------------------------------------------------
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { local p=5433; while psql -h 127.0.0.1 -p $p -U postgres -Atc 'SELECT 1' >/dev/null 2>&1 ||
  ss -ltn 2>/dev/null | grep -q ":$p "; do p=$((p + 1)); done; echo $p; }
br="$work/pgbackrest"
port=$(free_port)
brconf="$br/pgbackrest.conf"
bpg="-h $br/socket -p $port -U postgres"
pgbackrest_cluster() {
  local source_db="$1"
  mkdir -p "$br/data" "$br/repo" "$br/log" "$br/lock" "$br/socket"
  chmod 0700 "$br/data"
  [ "$(id -u)" = 0 ] && chown -R postgres: "$br"
  cat > "$brconf" <<CONF
[global]
repo1-path=$br/repo
repo1-retention-full=1
process-max=$jobs
start-fast=y
compress-type=zst
log-path=$br/log
lock-path=$br/lock
log-level-console=warn

[bench]
pg1-path=$br/data
pg1-port=$port
pg1-socket-path=$br/socket
CONF
  [ "$(id -u)" = 0 ] && chown postgres: "$brconf"
  as_postgres initdb -D "$br/data" -U postgres --auth=trust > "$br/log/initdb.log"
  cat >> "$br/data/postgresql.conf" <<CONF
port = $port
listen_addresses = ''
unix_socket_directories = '$br/socket'
wal_level = replica
archive_mode = on
archive_command = 'pgbackrest --config=$brconf --stanza=bench archive-push %p'
max_wal_senders = 3
shared_buffers = 256MB
CONF
  as_postgres pg_ctl -D "$br/data" -l "$br/log/server.log" -w start > /dev/null
  psql $bpg -d postgres -qc "CREATE DATABASE tracking"
  pg_dump $pg -Fc "$source_db" | pg_restore $bpg -d tracking --no-owner -j 1 2>/dev/null || true
  psql $bpg -d tracking -qc "VACUUM ANALYZE"
  as_postgres pgbackrest --config="$brconf" --stanza=bench stanza-create
  as_postgres pgbackrest --config="$brconf" --stanza=bench --type=full backup
  as_postgres pg_ctl -D "$br/data" -w -m fast stop > /dev/null
}
# From an empty data directory to the first waybill lookup answered: restore, start, recover, look up.
pgbackrest_round() {
  as_postgres pg_ctl -D "$br/data" -w -m fast stop > /dev/null 2>&1 || true
  rm -rf "$br/data"
  mkdir -p "$br/data"; chmod 0700 "$br/data"
  [ "$(id -u)" = 0 ] && chown postgres: "$br/data"
  local started; started=$(now)
  as_postgres pgbackrest --config="$brconf" --stanza=bench --type=immediate --target-action=promote restore
  as_postgres pg_ctl -D "$br/data" -l "$br/log/server.log" start > /dev/null
  local tries=0
  until psql $bpg -d tracking -Atqc "$LOOKUP" > /dev/null 2>&1; do
    tries=$((tries + 1))
    [ $tries -lt 12000 ] || { log "pgBackRest: no answer after 10 minutes"; tail -20 "$br/log/server.log" >&2; exit 1; }
    sleep 0.05
  done
  record "pgbackrest-first-lookup $(elapsed "$started" "$(now)")"
}
cleanup() {
  as_postgres pg_ctl -D "$br/data" -w -m immediate stop > /dev/null 2>&1 || true
}
trap cleanup EXIT

# --- the comparison at 12 months -----------------------------------------------------------------
: > "$work/results"
main=drkit_bench_staged_12
seeded $main 12 "$shipments"
psql $pg -d postgres -qc "DROP DATABASE IF EXISTS $catalog" -c "CREATE DATABASE $catalog"
export DRKIT_CATALOG_URL="jdbc:postgresql://127.0.0.1:5432/$catalog?user=postgres"
export DRKIT_REPORTS_DIRECTORY="$work/reports"
export DRKIT_RESTORE_PARALLELISM="$parallelism" DRKIT_BACKUP_PARALLELISM="$parallelism"
backed_up $main
size=$(psql $pg -d $main -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")
pg_dump $pg -Fd -j "$jobs" -f "$work/dump" $main
log "pgBackRest: a cluster of its own on port $port under $br"
pgbackrest_cluster $main

for round in $(seq 1 "$rounds"); do
  log "round $round of $rounds"
  staged drkit-staged
  fresh bench_all_at_once
  timed drkit-all-at-once env JAVA_OPTS=-Xmx256m ./drkit --config "$config" restore --all-at-once \
    --target-url "jdbc:postgresql://127.0.0.1:5432/bench_all_at_once?user=postgres"
  fresh bench_pg_restore
  timed pg_restore pg_restore $pg -j "$jobs" -d bench_pg_restore "$work/dump"
  pgbackrest_round
done

# --- serving time against the history's length: the same shipments per day ------------------------
for months in $histories; do
  db=drkit_bench_staged_$months
  seeded "$db" "$months" $((shipments * months / 12))
  backed_up "$db"
  for round in $(seq 1 "$rounds"); do
    staged "history-$months"
  done
done
psql $pg -d postgres -qc "DROP DATABASE IF EXISTS bench_staged_target" -c "DROP DATABASE IF EXISTS bench_all_at_once" \
  -c "DROP DATABASE IF EXISTS bench_pg_restore"

median() { grep "^$1 " "$work/results" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk "BEGIN {printf \"%.2f\", $1 / $2}"; }
s=$(median drkit-staged-serving); c=$(median drkit-staged-complete); a=$(median drkit-all-at-once)
p=$(median pg_restore); b=$(median pgbackrest-first-lookup)
cat <<MD
| way back | median wall (s) | / all-at-once | / pgBackRest first lookup |
|---|---|---|---|
| drkit staged restore: to serving (first waybill lookup answered) | $s | $(ratio "$s" "$a") | $(ratio "$s" "$b") |
| drkit staged restore: to complete | $c | $(ratio "$c" "$a") | |
| drkit restore --all-at-once | $a | 1.00 | |
| pg_restore -j $jobs (directory dump) | $p | $(ratio "$p" "$a") | |
| pgBackRest restore (process-max $jobs), start, recovery, first waybill lookup | $b | $(ratio "$b" "$a") | 1.00 |

Targets (issue 18): serving <= 0.2x all-at-once and <= pgBackRest's first lookup; complete <= 1.1x all-at-once.

| history (months) | shipments | median to serving (s) | median to complete (s) |
|---|---|---|---|
$(for months in $histories; do echo "| $months | $((shipments * months / 12)) | $(median "history-$months-serving") | $(median "history-$months-complete") |"; done)

source $size on disk (12 months, $shipments shipments, ending $end); drkit parallelism $parallelism; $rounds rounds.
All rounds (name, seconds):
$(sed 's/^/    /' "$work/results")
MD
