-- Image hash version 2 (shared/image HASH_VERSION): besides the whole-image
-- and coarse hashes, each view keeps nine region hashes (a copy with a
-- watermark over part of it still agrees in the rest) and colour hashes,
-- and each crop-grid window of a reference its colour hashes (a crop of one
-- product cut out on white no longer matches another of the same outline).
-- Packed as the 030 columns (shared/image packBits, big-endian words):
--   view_regions   256-bit hash and its mirror per region, per view: v0r0 v0r0m v0r1 … v1r0 …
--   view_colour    64-bit colour hashes per view: u0 um0 v0 vm0 u1 …
--   window_colour  64-bit colour hashes per crop-grid window: u0 v0 u1 v1 …
-- Rows hashed with version 1 have none of them; the reference index loads
-- only rows of the current version, and the refresh re-hashes the others.
ALTER TABLE reference_images
  ADD COLUMN view_regions bytea,
  ADD COLUMN view_region_qualities jsonb,
  ADD COLUMN view_colour bytea,
  ADD COLUMN view_colour_qualities jsonb,
  ADD COLUMN window_colour bytea;

ALTER TABLE listing_images
  ADD COLUMN view_regions bytea,
  ADD COLUMN view_region_qualities jsonb,
  ADD COLUMN view_colour bytea,
  ADD COLUMN view_colour_qualities jsonb;
