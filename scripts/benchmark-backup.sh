#!/usr/bin/env bash
# Full backup, side by side on one seeded tracking database, in one run:
#   drkit backup --full to a local S3 endpoint (S3Proxy over a directory)
#   pg_dump -Fc to a local file
#   a bare COPY ... TO STDOUT of every table to /dev/null, PARALLELISM tables at a time
# Each is run ROUNDS times (interleaved); medians, ratios and peak RSS go to stdout as Markdown.
#
#   scripts/benchmark-backup.sh [SHIPMENTS] [ROUNDS]      (defaults: 350000 3, about 1 GB on disk)
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust), pg_dump, psql, GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."

shipments="${1:-350000}"
rounds="${2:-3}"
parallelism="${PARALLELISM:-$(nproc)}"
db=drkit_bench_source
catalog=drkit_bench_catalog
work="${BENCH_DIR:-/tmp/drkit-bench}"
port=19321
pg="-h 127.0.0.1 -p 5432 -U postgres"

./mvnw -B -q -DskipTests install
./drkit --version > /dev/null   # unpacks the jar and writes its class-data archive
cp_file="$work/classpath"
mkdir -p "$work"
./mvnw -B -q -pl core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
s3_cp="core/target/test-classes:core/target/classes:$(cat "$cp_file")"

log() { echo "bench: $*" >&2; }

# The source: seeded once, kept between runs of this script when it already has the data.
. scripts/lib/seeded-source.sh
ensure_seeded "$db" "$shipments"
psql $pg -d postgres -qc "DROP DATABASE IF EXISTS $catalog" -c "CREATE DATABASE $catalog"
size=$(psql $pg -d $db -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")
log "source $db: $size on disk"

# The local S3 endpoint.
rm -rf "$work/s3" && mkdir -p "$work/s3"
java -cp "$s3_cp" io.drkit.core.testing.S3Service "$port" "$work/s3" > "$work/s3proxy.log" 2>&1 &
s3pid=$!
trap 'kill $s3pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do grep -q "listening" "$work/s3proxy.log" && break; sleep 1; done

export DRKIT_SOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres"
export DRKIT_CATALOG_URL="jdbc:postgresql://127.0.0.1:5432/$catalog?user=postgres"
export DRKIT_REPOSITORY="s3://bench/tracking" DRKIT_S3_ENDPOINT="http://127.0.0.1:$port"
export AWS_ACCESS_KEY_ID=drkit-test-access AWS_SECRET_ACCESS_KEY=drkit-test-secret-key AWS_REGION=us-east-1
export DRKIT_BACKUP_PARALLELISM="$parallelism"
./drkit init >&2

tables=$(psql $pg -d $db -Atc "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r'
         AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'")

# timed NAME COMMAND...: appends "NAME seconds peak_rss_kib" to the results
timed() {
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2> "$work/$name.err" || {
    cat "$work/$name.err" >&2; exit 1; }
  echo "$name $(cat "$work/time")" >> "$work/results"
  log "$name: $(cat "$work/time" | awk '{print $1 " s, peak RSS " int($2/1024) " MiB"}')"
}
bare_copy() {
  echo "$tables" | xargs -P "$parallelism" -I{} psql $pg -d $db -qc "COPY {} TO STDOUT" > /dev/null
}
export -f bare_copy; export tables parallelism pg db

: > "$work/results"
for round in $(seq 1 "$rounds"); do
  log "round $round of $rounds"
  timed drkit env JAVA_OPTS=-Xmx256m ./drkit backup --full --json
  timed pg_dump pg_dump $pg -Fc -f "$work/tracking.dump" $db
  timed bare_copy bash -c bare_copy
done
stored=$(du -sb "$work/s3" | awk '{print $1}')
dump=$(stat -c %s "$work/tracking.dump")
points=$(./drkit list --json | grep -c '"pointId"' || true)

median() { grep "^$1 " "$work/results" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
maxrss() { grep "^$1 " "$work/results" | awk '{print $3}' | sort -n | tail -1; }
d=$(median drkit); p=$(median pg_dump); b=$(median bare_copy)
cat <<MD
| | median wall (s) | peak RSS (MiB) | vs drkit |
|---|---|---|---|
| drkit backup --full → S3Proxy (parallelism $parallelism, zstd 1, -Xmx256m) | $d | $(( $(maxrss drkit) / 1024 )) | 1.00 |
| pg_dump -Fc → local file | $p | $(( $(maxrss pg_dump) / 1024 )) | $(awk "BEGIN {printf \"%.2f\", $p / $d}") |
| bare COPY TO STDOUT → /dev/null, $parallelism tables at a time | $b | $(( $(maxrss bare_copy) / 1024 )) | $(awk "BEGIN {printf \"%.2f\", $b / $d}") |

drkit / pg_dump -Fc = $(awk "BEGIN {printf \"%.2f\", $d / $p}"), drkit / bare COPY = $(awk "BEGIN {printf \"%.2f\", $d / $b}");
source $size on disk, $shipments shipments; $rounds rounds; stored: drkit $(( stored / points / 1048576 )) MiB per point, pg_dump -Fc $(( dump / 1048576 )) MiB.
All rounds (name, seconds, peak RSS KiB):
$(sed 's/^/    /' "$work/results")
MD
