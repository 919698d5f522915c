-- Each holder's own view of sellers: the same figures, links, score and
-- blacklist mark as seller_scores, computed from that holder's hits alone
-- (plus the reviewers' manual blacklist, which is meant for everyone). A
-- holder's token reads these rows, never seller_scores, which counts every
-- holder's confirmed hits. Replaced as a whole by each seller refresh.
CREATE TABLE holder_seller_scores (
  holder_id     text NOT NULL REFERENCES holders(id),
  site          text NOT NULL,
  seller_key    text NOT NULL,
  seller_name   text,
  shop_url      text,
  group_id      text NOT NULL,
  score         real NOT NULL CHECK (score >= 0 AND score <= 1),
  reasons       jsonb NOT NULL,
  blacklisted   boolean NOT NULL,
  figures       jsonb NOT NULL,
  computed_at   timestamptz NOT NULL,
  PRIMARY KEY (holder_id, site, seller_key)
);
CREATE INDEX holder_seller_scores_group ON holder_seller_scores (holder_id, group_id);
