#!/usr/bin/env bash
# The fault suite of docs/RELIABILITY.md. drkit's jobs run as an operator runs them, against S3Proxy
# behind a fault-injecting proxy (io.drkit.core.testing.FaultProxy, seeded: 10 % of requests answered
# 503 SlowDown, 3 % cut in the middle of the answer, 5 % answered 300 ms late), and are killed with
# SIGKILL at random moments of their work (backup, restore, verify --restore, prune), ROUNDS rounds
# of each. Per job: runs, successes, clean failures, false integrity alarms, points lost or
# half-visible, data equal after restore. The table (Markdown) goes to stdout and to
# cli/target/fault-suite.md; the same test runs one round in the test suite (FaultSuiteIT).
#
#   scripts/fault-suite.sh [ROUNDS] [SHIPMENTS]      (defaults 10 and 1000; SEED=15, TIMEOUT=4h)
#
# Needs what the test suite needs: PostgreSQL on 127.0.0.1:5432 (or it starts an embedded one), pg_dump.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds="${1:-10}"
shipments="${2:-1000}"
out="$PWD/cli/target/fault-suite.md"
rm -f "$out"
status=0
timeout "${TIMEOUT:-4h}" ./mvnw -B -q -pl cli -am verify -Ddrkit.packages.skip=true -Dit.test=FaultSuiteIT \
  -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Ddrkit.fault.rounds="$rounds" -Ddrkit.fault.shipments="$shipments" -Ddrkit.fault.seed="${SEED:-15}" \
  -Ddrkit.fault.report="$out" >&2 || status=$?
if [ -f "$out" ]; then
  echo "Command: scripts/fault-suite.sh $rounds $shipments (seed ${SEED:-15}), $(nproc) cores"
  echo
  cat "$out"
fi
exit "$status"
