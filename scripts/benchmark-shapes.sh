#!/usr/bin/env bash
# Backup and restore on databases of several shapes, side by side with the PostgreSQL tools, in one
# run, the commands as users run them (wall time from the command line, start-up included):
#   drkit backup --full            against  pg_dump -Fc  and  pg_dump -Fd -j PARALLELISM
#   drkit restore --target-url     against  pg_restore -j PARALLELISM (of the -Fd dump)
# Each command runs ROUNDS times, interleaved; medians, ratios and peak RSS go to stdout as Markdown,
# with the CPU seconds (user + system) of drkit's JVM and of the PostgreSQL tools' client processes
# (the server's backends are not counted on either side), and drkit's time from the command to its
# first COPY (the manifest's snapshot and schema phases, after the JVM's start).
#
#   scripts/benchmark-shapes.sh [SHAPES] [SCALE] [ROUNDS]     defaults: "reference narrow many wide" 1 3
# SCALE 1 is about 400 MB on disk per shape, 10 about 4 GB (scripts/lib/shapes.sh; the reference
# tracking database gets 130,000 shipments per scale). drkit writes to a file:// repository on the
# same disk as the dumps. Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust), pg_dump,
# pg_restore, psql, GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."

shapes="${1:-reference narrow many wide}"
scale="${2:-1}"
rounds="${3:-3}"
parallelism="${PARALLELISM:-$(nproc)}"
catalog=drkit_bench_catalog
work="${BENCH_DIR:-/tmp/drkit-bench-shapes}"
pg="-h 127.0.0.1 -p 5432 -U postgres"
log() { echo "bench: $*" >&2; }

./mvnw -B -q -DskipTests package
./drkit --version > /dev/null
mkdir -p "$work"
. scripts/lib/seeded-source.sh
. scripts/lib/shapes.sh

timed() {
  local name="$1"; shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" > "$work/$name.out" 2> "$work/$name.err" || {
    cat "$work/$name.err" >&2; exit 1; }
  echo "$name $(awk '{printf "%s %s %.2f", $1, $2, $3 + $4}' "$work/time")" >> "$work/results"
  log "$name: $(awk '{print $1 " s, " int($2 / 1024) " MiB, " $3 + $4 " s CPU"}' "$work/time")"
}
fresh() { psql $pg -d postgres -qc "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"; }
median() { grep "^$1 " "$work/results" | awk "{print \$$2}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk "BEGIN {printf \"%.2f\", $1 / $2}"; }

echo "| shape | size | drkit backup (s) | pg_dump -Fc (s) | pg_dump -Fd -j $parallelism (s) | backup / -Fc | backup / -Fd | drkit restore (s) | pg_restore -j $parallelism (s) | restore / pg_restore | drkit peak RSS backup / restore (MiB) | CPU s: backup / -Fc / restore / pg_restore | drkit to first COPY (s) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for shape in $shapes; do
  db="drkit_bench_${shape}_$scale"
  if [ "$shape" = reference ]; then
    ensure_seeded "$db" $((130000 * scale))
  else
    ensure_shape "$db" "$shape" "$scale"
  fi
  size=$(psql $pg -d "$db" -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")
  log "$shape: $db, $size on disk"
  psql $pg -d postgres -qc "DROP DATABASE IF EXISTS $catalog" -c "CREATE DATABASE $catalog"
  export DRKIT_SOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres"
  export DRKIT_CATALOG_URL="jdbc:postgresql://127.0.0.1:5432/$catalog?user=postgres"
  export DRKIT_REPOSITORY="file://$work/repository"
  export DRKIT_REPORTS_DIRECTORY="$work/reports"
  export DRKIT_RESTORE_PARALLELISM="$parallelism" DRKIT_BACKUP_PARALLELISM="$parallelism"
  export JAVA_OPTS=-Xmx256m
  : > "$work/results"
  for round in $(seq 1 "$rounds"); do
    log "$shape round $round of $rounds"
    rm -rf "$work/repository" "$work/dump.fc" "$work/dump.fd"
    ./drkit init > /dev/null 2>&1
    began=$(date +%s.%N)
    timed backup ./drkit backup --full
    # the first COPY starts when the snapshot and schema steps are done (the manifest's timings)
    manifest=$(ls -d "$work"/repository/points/*/manifest.json | tail -1)
    echo "first_copy $(python3 -c 'import json, sys, datetime as d; t = json.load(open(sys.argv[1]))["timings"]
print("%.2f" % (d.datetime.fromisoformat(t["started"][:26].rstrip("Z")).replace(tzinfo=d.timezone.utc).timestamp()
      + (t["snapshotMillis"] + t["schemaMillis"]) / 1000 - float(sys.argv[2])))' "$manifest" "$began")" >> "$work/results"
    timed dump_fc pg_dump $pg -Fc -f "$work/dump.fc" "$db"
    timed dump_fd pg_dump $pg -Fd -j "$parallelism" -f "$work/dump.fd" "$db"
    fresh bench_shape_drkit
    timed restore ./drkit restore --target-url "jdbc:postgresql://127.0.0.1:5432/bench_shape_drkit?user=postgres"
    fresh bench_shape_pg
    timed pg_restore pg_restore $pg -j "$parallelism" -d bench_shape_pg "$work/dump.fd"
  done
  b=$(median backup 2); fc=$(median dump_fc 2); fd=$(median dump_fd 2); r=$(median restore 2); pr=$(median pg_restore 2)
  echo "| $shape | $size | $b | $fc | $fd | $(ratio "$b" "$fc") | $(ratio "$b" "$fd") | $r | $pr | $(ratio "$r" "$pr") | $(($(median backup 3) / 1024)) / $(($(median restore 3) / 1024)) | $(median backup 4) / $(median dump_fc 4) / $(median restore 4) / $(median pg_restore 4) | $(median first_copy 2) |"
  cp "$work/results" "$work/results-$shape-$scale"
done
psql $pg -d postgres -qc "DROP DATABASE IF EXISTS bench_shape_drkit" -c "DROP DATABASE IF EXISTS bench_shape_pg"
echo
echo "$rounds interleaved rounds per shape, scale $scale, parallelism $parallelism; every round in $work/results-<shape>-$scale"
