-- drill --failover is kept beside the restore drills: its RTO is a promotion's, not a restore's, so the
-- history tells them apart and `status` (the restore RTO) reads only restore drills.
ALTER TABLE drkit_drill
    ADD COLUMN kind text NOT NULL DEFAULT 'restore';
