-- A drill of a point with tiers measures two RTOs: to serving (the hot tier restored and proven) and to
-- complete (rto_ms). Null for a drill of a point without tiers: it had no serving moment (not 0).
-- V11, not V8: issue 19's V10 may reach a catalog first, and Flyway refuses a lower version after it.
ALTER TABLE drkit_drill
    ADD COLUMN rto_serving_ms bigint,
    ADD COLUMN rto_serving_target_ms bigint;
