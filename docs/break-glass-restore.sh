#!/usr/bin/env bash
# Break-glass restore of a drkit point with nothing but the AWS CLI (or cp), zstd and psql.
#
#   docs/break-glass-restore.sh REPOSITORY POINT_ID 'postgresql://user@host:5432/emptydb'
#
# REPOSITORY is s3://bucket/prefix (set AWS_* credentials and, for MinIO/S3Proxy/Ceph,
# DRKIT_S3_ENDPOINT) or file:///dir. The target database must exist and be empty; connect as a
# superuser (roles are created, owners and grants applied). Roles the point names that are missing
# are created without LOGIN and without a password; roles that exist are left as they are.
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
schema_file() {  # the stored file of a schema script, whatever its codec; nothing for points older than it
  local f
  for f in "$work/schema/$1".sql*; do
    if [ -e "$f" ]; then echo "$f"; fi
  done
}

# 2. The roles the point's objects name (points taken before drkit recorded them have none).
roles="$(schema_file roles)"
[ -z "$roles" ] || unpack "$roles" | run_psql >/dev/null

# 3. Tables and types.
unpack "$(schema_file pre-data)" | run_psql >/dev/null

# 4. The rows of every table, part by part, each checked against the SHA-256 in the manifest.
#    psql itself reads the manifest (no jq needed) and quotes the names.
plan="$(run_psql -At -v manifest="$(cat "$work/manifest.json")" <<'SQL'
SELECT format('%I.%I (%s)', t->>'schema', t->>'name',
              (SELECT string_agg(format('%I', c), ', ') FROM json_array_elements_text(t->'columns') c))
       || E'\t' || (p->>'key') || E'\t' || (p->>'sha256')
FROM json_array_elements((:'manifest')::json->'tables') t, json_array_elements(t->'parts') p;
SQL
)"
while IFS=$'\t' read -r table key sha; do
  [ -n "$table" ] || continue
  file="$work/${key#points/$point/}"
  echo "$sha  $file" | sha256sum --check --quiet --status || { echo "$key does not match its SHA-256" >&2; exit 3; }
  unpack "$file" | run_psql -c "COPY $table FROM STDIN"
done <<< "$plan"

# 5. Indexes, constraints, policies, 6. sequence positions.
unpack "$(schema_file post-data)" | run_psql >/dev/null
unpack "$(schema_file sequences)" | run_psql >/dev/null

# 7. Owners, grants, default privileges and the database's settings, last (psql's DBNAME names the target).
privileges="$(schema_file privileges)"
[ -z "$privileges" ] || unpack "$privileges" | run_psql >/dev/null
echo "restored point $point"
