-- Evidence bytes kept in the database for fleets (COUNTERSCAN_EVIDENCE_STORE=database):
-- every process reads what any process captured. The evidence table still describes them.
CREATE TABLE IF NOT EXISTS evidence_blobs (
  sha256  text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes   bytea NOT NULL
);
