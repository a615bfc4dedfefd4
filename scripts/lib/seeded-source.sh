# Sourced by the benchmark scripts: the seeded tracking database they share.
#   ensure_seeded DB SHIPMENTS   seeds DB unless it already holds exactly SHIPMENTS shipments
# Needs $pg (psql connection options) and a log function; $pg_port names the port when it is not 5432.
ensure_seeded() {
  local db="$1" shipments="$2"
  if [ "$(psql $pg -d postgres -Atc "SELECT count(*) FROM pg_database WHERE datname = '$db'")" = 0 ] ||
     [ "$(psql $pg -d "$db" -Atc "SELECT count(*) FROM tracking.shipments" 2>/dev/null || echo 0)" != "$shipments" ]; then
    log "seeding $shipments shipments into $db"
    psql $pg -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    DRKIT_SOURCE_URL="jdbc:postgresql://127.0.0.1:${pg_port:-5432}/$db?user=postgres" ./drkit tracking seed --shipments "$shipments" >&2
    psql $pg -d "$db" -qc "VACUUM ANALYZE"
  fi
}
