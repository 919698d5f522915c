-- Core records: catalogue, listings with history, hits with their reasons,
-- sweeps, content-addressed evidence and the audit log.
CREATE TABLE holders (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  data        jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE items (
  id          text PRIMARY KEY,
  holder_id   text NOT NULL REFERENCES holders(id),
  ip_type     text NOT NULL,
  title       text NOT NULL,
  data        jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX items_holder ON items (holder_id);

CREATE TABLE sweeps (
  id           text PRIMARY KEY,
  site         text NOT NULL,
  origin       text NOT NULL,
  campaign     text,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  stats        jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE TABLE listings (
  url            text PRIMARY KEY,
  site           text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('product', 'video')),
  title          text NOT NULL,
  price          numeric,
  currency       text,
  seller_id      text,
  seller_name    text,
  data           jsonb NOT NULL,
  content_hash   text,
  first_seen_at  timestamptz NOT NULL DEFAULT now(),
  last_seen_at   timestamptz NOT NULL DEFAULT now(),
  fetch_count    integer NOT NULL DEFAULT 1
);
CREATE INDEX listings_site ON listings (site);
CREATE INDEX listings_seller ON listings (site, seller_id);

-- One row per distinct version of a listing page, so a changed price or title is kept.
CREATE TABLE listing_versions (
  listing_url   text NOT NULL REFERENCES listings(url),
  content_hash  text NOT NULL,
  fetched_at    timestamptz NOT NULL,
  data          jsonb NOT NULL,
  PRIMARY KEY (listing_url, content_hash)
);

CREATE TABLE evidence (
  sha256        text PRIMARY KEY,
  kind          text NOT NULL,
  content_type  text NOT NULL,
  size          integer NOT NULL,
  listing_url   text,
  captured_at   timestamptz NOT NULL,
  storage_path  text NOT NULL
);

CREATE TABLE hits (
  id             bigserial PRIMARY KEY,
  listing_url    text NOT NULL REFERENCES listings(url),
  item_id        text NOT NULL REFERENCES items(id),
  score          real NOT NULL CHECK (score >= 0 AND score <= 1),
  signals        jsonb NOT NULL,
  status         text NOT NULL DEFAULT 'new'
                 CHECK (status IN ('new', 'confirmed', 'dismissed', 'notice_sent', 'removed', 'rejected', 'relisted')),
  evidence_sha256 text REFERENCES evidence(sha256),
  sweep_id       text REFERENCES sweeps(id),
  first_seen_at  timestamptz NOT NULL DEFAULT now(),
  last_seen_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (listing_url, item_id)
);
CREATE INDEX hits_status ON hits (status, score DESC);
CREATE INDEX hits_item ON hits (item_id);

CREATE TABLE audit_log (
  id      bigserial PRIMARY KEY,
  at      timestamptz NOT NULL DEFAULT now(),
  actor   text NOT NULL,
  action  text NOT NULL,
  target  text NOT NULL,
  before  jsonb,
  after   jsonb
);
