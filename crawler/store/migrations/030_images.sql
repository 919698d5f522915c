-- Image matching (issue 15). A reference image is one of a catalogue item's
-- image URLs, fetched once and hashed; it is fetched again only to ask
-- whether it changed (ETag / Last-Modified), and re-hashed only when its
-- bytes did (sha256) or the hash function did (hash_version). A row that
-- failed keeps its reason and is tried again later; it never blocks a sweep.
-- Hashes are packed 32-bit words, big-endian (shared/image packBits):
--   view_bits    256-bit whole-image hash and its mirror, per view: b0 m0 b1 m1 …
--   view_coarse  64-bit coarse hash and its mirror, per view: c0 cm0 c1 cm1 …
--   window_bits  64-bit hash per crop-grid window, in cropGrid() order
CREATE TABLE reference_images (
  item_id          text NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  url              text NOT NULL,
  status           text NOT NULL CHECK (status IN ('ok', 'failed')),
  error            text,
  sha256           text,
  etag             text,
  last_modified    text,
  content_type     text,
  width            integer,
  height           integer,
  hash_version     integer,
  view_bits        bytea,
  view_coarse      bytea,
  view_qualities   jsonb,
  view_rects       jsonb,
  window_bits      bytea,
  window_qualities jsonb,
  hashed_at        timestamptz,
  checked_at       timestamptz NOT NULL,
  PRIMARY KEY (item_id, url)
);
CREATE INDEX reference_images_url ON reference_images (url);

-- A listing's photos as the images stage saw them: per listing and image
-- URL, the hash (or why there is none). A photo already hashed for any
-- listing is not fetched again while its row is fresh.
CREATE TABLE listing_images (
  listing_url     text NOT NULL,
  image_url       text NOT NULL,
  status          text NOT NULL CHECK (status IN ('ok', 'failed')),
  error           text,
  sha256          text,
  hash_version    integer,
  view_bits       bytea,
  view_coarse     bytea,
  view_qualities  jsonb,
  view_rects      jsonb,
  checked_at      timestamptz NOT NULL,
  PRIMARY KEY (listing_url, image_url)
);
CREATE INDEX listing_images_image ON listing_images (image_url, checked_at);
