# Sourced by scripts/benchmark-shapes.sh: databases of other shapes than the reference one, made
# deterministically on the server (no random(): every value is a function of its row number), so
# that the same shape and scale give the same rows on every machine.
#   ensure_shape DB SHAPE SCALE   creates DB as SHAPE at SCALE unless it already is exactly that
# Shapes, each about 400 MB on disk at scale 1 and about 4 GB at scale 10:
#   narrow  one unpartitioned table of 1.2 M narrow rows per scale (about 200 bytes of COPY text
#           each: bigint key, waybill, event type, station, timestamptz, short note) and three small
#           tables (150,000, 20,000 and 2,000 rows) with foreign keys between them
#   many    2,000 tables per scale of 1,000 rows each (a key and a few short columns)
#   wide    20,000 rows per scale of about 20 KB each: TOASTed text (compressible) and bytea (not)
# The reference tracking database is scripts/lib/seeded-source.sh's. Needs $pg and a log function.

shape_sql() {
  local shape="$1" scale="$2"
  case "$shape" in
    narrow) cat <<SQL
CREATE TABLE stations (id int PRIMARY KEY, code text NOT NULL UNIQUE, city text NOT NULL);
CREATE TABLE couriers (id int PRIMARY KEY, station_id int NOT NULL REFERENCES stations, name text NOT NULL,
  phone text);
CREATE TABLE parcels (id bigint PRIMARY KEY, waybill text NOT NULL UNIQUE, station_id int NOT NULL REFERENCES stations,
  created_at timestamptz NOT NULL);
CREATE TABLE scans (id bigint PRIMARY KEY, waybill text NOT NULL, event_type text NOT NULL,
  station_id int NOT NULL REFERENCES stations, courier_id int REFERENCES couriers, event_time timestamptz NOT NULL,
  note text);
INSERT INTO stations SELECT i, 'ST' || lpad(i::text, 5, '0'), 'city-' || (i % 97) FROM generate_series(1, 2000) i;
INSERT INTO couriers SELECT i, 1 + i % 2000, 'courier ' || md5(i::text), '+86-1' || lpad((i * 7919 % 1000000000)::text, 10, '0')
  FROM generate_series(1, 20000) i;
INSERT INTO parcels SELECT i, 'CN' || lpad(i::text, 12, '0'), 1 + (i * 31) % 2000,
  timestamptz '2026-01-01 00:00:00+00' + (i * interval '37 seconds') FROM generate_series(1, 150000) i;
INSERT INTO scans SELECT i, 'CN' || lpad((1 + i % 150000)::text, 12, '0'),
  (ARRAY['created','picked_up','arrived','departed','out_for_delivery','delivered'])[1 + i % 6],
  1 + (i * 13) % 2000, CASE WHEN i % 5 = 0 THEN NULL ELSE 1 + (i * 17) % 20000 END,
  timestamptz '2026-01-01 00:00:00+00' + (i * interval '2 seconds'),
  'scan ' || md5(i::text) || ' ' || md5((i + 1)::text) || ' ' || substr(md5((i * 3)::text), 1, 8 + i % 24)
  FROM generate_series(1, 1200000 * $scale) i;
CREATE INDEX scans_waybill ON scans (waybill);
CREATE INDEX scans_event_time ON scans (event_time);
SQL
    ;;
    many) cat <<SQL
DO \$\$
BEGIN
  FOR t IN 1 .. 2000 * $scale LOOP
    EXECUTE format('CREATE TABLE t%s (id int PRIMARY KEY, code text NOT NULL, amount numeric(12,2), seen timestamptz,'
      ' note text)', t);
    EXECUTE format('INSERT INTO t%s SELECT i, ''C'' || (i * %s), (i * %s %% 100000) / 100.0,'
      ' timestamptz ''2026-01-01 00:00:00+00'' + i * interval ''1 minute'', md5((i + %s)::text) || md5(i::text) ||'
      ' md5((i * %s)::text) FROM generate_series(1, 1000) i', t, t, t, t, t);
  END LOOP;
END
\$\$;
SQL
    ;;
    wide) cat <<SQL
CREATE TABLE documents (id bigint PRIMARY KEY, title text NOT NULL, body text NOT NULL, scan bytea NOT NULL);
INSERT INTO documents SELECT i, 'document ' || i,
  (SELECT string_agg('line ' || j || ' of document ' || i || ': ' || md5((i * 1000 + j)::text), E'\n')
     FROM generate_series(1, 160) j),
  (SELECT decode(string_agg(md5((i * 10000 + j)::text), ''), 'hex') FROM generate_series(1, 640) j)
  FROM generate_series(1, 20000 * $scale) i;
SQL
    ;;
    *) echo "unknown shape $shape (narrow, many, wide)" >&2; return 2 ;;
  esac
}

ensure_shape() {
  local db="$1" shape="$2" scale="$3" stamp
  stamp="$shape scale $scale"
  if [ "$(psql $pg -d postgres -Atc "SELECT count(*) FROM pg_database WHERE datname = '$db'")" = 1 ] &&
     [ "$(psql $pg -d postgres -Atc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$db'")" = "$stamp" ]; then
    return 0
  fi
  log "making $db: $stamp"
  psql $pg -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  shape_sql "$shape" "$scale" | psql $pg -d "$db" -q -v ON_ERROR_STOP=1 >&2
  psql $pg -d "$db" -qc "VACUUM ANALYZE" -c "COMMENT ON DATABASE $db IS '$stamp'"
}
