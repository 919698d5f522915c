/**
 * Distances at which two photos are the same photo, and the least detail a
 * photo must have to be matched at all.
 *
 * Measured on seeded synthetic photos (test/unit/image-robustness.test.ts
 * prints the table; README "Figures"): unrelated photos sit at 98..142 of
 * 256 bits on the whole-image hash and no closer than 14 of 64 on the best of
 * a reference's 677 coarse windows; transformed copies stay within the
 * figures below. Real photographs share more low-frequency structure than
 * synthetic ones (sky above, ground below), so these leave room on the
 * unrelated side rather than squeezing out the last transformed copy.
 */

/**
 * Whole-image 256-bit distance for a match. Resizing, recompression, borders
 * and mirroring stay under 10; brightness ±20 % under 42; a strong text
 * watermark or a 40° hue turn reach 30..66. PDQ's authors use 31 for
 * near-exact copies; unrelated photos are ~128 apart (random bits) and
 * seldom under 90. 48 sits between, and the multi-index search finds all
 * within 31 and ~97 % between 32 and 48 with one-bit probes.
 */
export const WHOLE_MAX_DISTANCE = 48;

/**
 * Coarse 64-bit distance between a listing photo and the best window of a
 * reference for a crop match. A crop keeping 60–80 % of each side lands
 * 4..12 from its nearest window (4..14 with a watermark and JPEG on top);
 * unrelated photos' best window is 14..24. A lower weight than a whole-image
 * match fits the thinner margin.
 */
export const WINDOW_MAX_DISTANCE = 10;

/**
 * The neighbourhood check on a crop match. Both coarse hashes have exactly
 * 32 bits set, so distances are even. On 40 photos × 4 crop transforms, the
 * crops that came within 12 of a window had 5..68 windows within 18 (all
 * but one 9 or more); the 11 unrelated pairs that came within 12 of one
 * window by chance had 3..16 (all but two under 9). Requiring 9 keeps 99 %
 * of those crops and drops 9 of the 11 chance matches.
 */
export const WINDOW_SUPPORT_DISTANCE = 18;
export const WINDOW_MIN_SUPPORT = 9;

/**
 * PDQ's quality floor for a reference photo (and each of its windows):
 * below 50 (a flat colour scores 0, a smooth gradient ~44) the hash bits
 * come from noise, and two plain backgrounds would "match". Such photos are
 * not stored.
 */
export const MIN_QUALITY = 50;

/**
 * The floor for a listing photo, lower: the measure is absolute contrast, so
 * a copy darkened by 20 % of a reference scoring 55 scores ~44, and on
 * wallpapers a tenth of darkened copies fell under 50. Flat photos (0..10)
 * still never match, and a reference above 50 has the structure to keep a
 * low-detail listing photo from matching it by chance.
 */
export const MIN_LISTING_QUALITY = 25;

/**
 * Index shapes for the two hash kinds, chosen with `npm run bench:image` at
 * a million hashes: 14 substrings of 18–19 bits make buckets of ~2–4 hashes,
 * exact up to 27 bits and 1.0 recall to 48 on the sample, ~0.2 ms a query;
 * the 64-bit window hashes need two-bit probes to reach 12 (exact to 11).
 */
export const WHOLE_INDEX = { bits: 256, chunks: 14, maxRadius: 1 } as const;
export const WINDOW_INDEX = { bits: 64, chunks: 4, maxRadius: 2 } as const;
