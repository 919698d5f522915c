-- Verification of noticed listings, and sellers for the repeat-infringer list.
-- Touches no existing table, so it applies before or after 004.

-- Every re-fetch of a noticed (or removed) listing, whatever it found. A hit
-- moves through the workflow only from here (audited, actor 'verifier');
-- checks that could not tell (network, robots.txt, 403) are kept as 'error'.
CREATE TABLE verifications (
  id              bigserial PRIMARY KEY,
  hit_id          bigint NOT NULL REFERENCES hits(id),
  -- The URL requested: the hit's listing, or for 'relisted' the new listing.
  url             text NOT NULL,
  checked_at      timestamptz NOT NULL,
  -- NULL when no response was had (network error, refused by robots.txt).
  http_status     integer,
  outcome         text NOT NULL CHECK (outcome IN ('removed', 'still_up', 'relisted', 'error')),
  -- What decided it: 'HTTP 404', 'unavailable marker .item-unavailable', 'same seller, title similarity 0.91 …'
  reason          text NOT NULL,
  evidence_sha256 text REFERENCES evidence(sha256),
  status_before   text NOT NULL,
  status_after    text NOT NULL,
  -- When the notice this check follows up was sent (the audited move to notice_sent).
  noticed_at      timestamptz,
  -- On the first check that found the listing removed after that notice: checked_at - noticed_at.
  time_to_removal_ms bigint,
  relisted_url    text
);
CREATE INDEX verifications_hit ON verifications (hit_id, checked_at DESC);
CREATE INDEX verifications_outcome ON verifications (outcome, checked_at);

-- Sellers as the repeat-infringer list sees them, recomputed from listings,
-- hits and verifications by refreshSellerScores(): one row per seller per
-- site; sellers linked across sites share a group. seller_key is
-- COALESCE(listings.seller_id, 'name:' || listings.seller_name), so SQL
-- elsewhere (the inbox) can join it to listings.
CREATE TABLE seller_scores (
  site          text NOT NULL,
  seller_key    text NOT NULL,
  seller_name   text,
  shop_url      text,
  group_id      text NOT NULL,
  score         real NOT NULL CHECK (score >= 0 AND score <= 1),
  -- [{"name": "confirmed_in_window", "weight": 0.375, "evidence": "3 confirmed in 90 days"}, …]
  reasons       jsonb NOT NULL,
  blacklisted   boolean NOT NULL,
  -- Per-seller figures (listings, hits, confirmed, sold, turnover per currency, links).
  figures       jsonb NOT NULL,
  computed_at   timestamptz NOT NULL,
  PRIMARY KEY (site, seller_key)
);
CREATE INDEX seller_scores_group ON seller_scores (group_id);
CREATE INDEX seller_scores_rank ON seller_scores (blacklisted, score DESC);

-- Sellers a reviewer put on (or took off) the blacklist by hand. One row per
-- entry; removing one sets removed_at, so the history stays. Each change is
-- also in the audit log.
CREATE TABLE seller_blacklist (
  id          bigserial PRIMARY KEY,
  site        text NOT NULL,
  seller_key  text NOT NULL,
  reason      text NOT NULL,
  added_by    text NOT NULL,
  added_at    timestamptz NOT NULL DEFAULT now(),
  removed_by  text,
  removed_at  timestamptz
);
-- At most one live entry per seller.
CREATE UNIQUE INDEX seller_blacklist_live ON seller_blacklist (site, seller_key) WHERE removed_at IS NULL;
