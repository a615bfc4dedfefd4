#!/usr/bin/env bash
# Break-glass restore of a drkit point with nothing but the AWS CLI (or cp), zstd and psql.
#
#   docs/break-glass-restore.sh REPOSITORY POINT_ID 'postgresql://user@host:5432/emptydb'
#
# REPOSITORY is s3://bucket/prefix (set AWS_* credentials and, for MinIO/S3Proxy/Ceph,
# DRKIT_S3_ENDPOINT) or file:///dir. The target database must exist and be empty.
# Works for unencrypted points (.zst, .gz or plain files); encrypted ones (.enc) need drkit.
set -euo pipefail

repo="${1:?repository (s3://bucket/prefix or file:///dir)}"
point="${2:?point id (see drkit list, or the folders under points/)}"
target="${3:?libpq connection string of an empty database}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 1. Fetch the point. Its manifest.json must be there: without it the point is incomplete.
case "$repo" in
  s3://*) aws ${DRKIT_S3_ENDPOINT:+--endpoint-url "$DRKIT_S3_ENDPOINT"} s3 cp --quiet --recursive \
            "${repo%/}/points/$point/" "$work/" ;;
  file://*) cp -R "${repo#file://}/points/$point/." "$work/" ;;
  *) echo "unsupported repository $repo" >&2; exit 2 ;;
esac
test -f "$work/manifest.json" || { echo "point $point has no manifest: it is not complete" >&2; exit 3; }

unpack() {  # any stored object to plain text on stdout
  case "$1" in
    *.enc) echo "$1 is encrypted: restore it with drkit" >&2; return 3 ;;
    *.zst) zstd -dcq "$1" ;;
    *.gz) gzip -dc "$1" ;;
    *) cat "$1" ;;
  esac
}
run_psql() { psql -X -q -v ON_ERROR_STOP=1 -d "$target" "$@"; }

# 2. Tables and types, 3. the rows of every table, part by part, 4. indexes and constraints,
# 5. sequence positions.
unpack "$work"/schema/pre-data.sql.* | run_psql >/dev/null
for dir in "$work"/data/*/; do
  table="$(basename "$dir")"               # schema.table
  for part in "$dir"*.copy*; do
    unpack "$part" | run_psql -c "COPY $table FROM STDIN"
  done
done
unpack "$work"/schema/post-data.sql.* | run_psql >/dev/null
unpack "$work"/schema/sequences.sql.* | run_psql >/dev/null
echo "restored point $point"
