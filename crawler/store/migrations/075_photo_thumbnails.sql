-- Thumbnails of matched photos (issue 15): a small JPEG of each hashed
-- reference photo and of each listing photo that matched one, kept in the
-- evidence store (content-addressed) and named here, so a reviewer sees the
-- matched pair after the listing's photo is gone and without the API
-- fetching a URL for a client.
ALTER TABLE reference_images ADD COLUMN thumb_sha256 text;
ALTER TABLE listing_images ADD COLUMN thumb_sha256 text;
