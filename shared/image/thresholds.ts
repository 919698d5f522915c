/**
 * Distances at which two photos are the same photo, and the least detail a
 * photo must have to be matched at all.
 *
 * Measured two ways: on seeded synthetic photos (test/unit/image-robustness
 * .test.ts prints the table) and on 96 real pictures, the wallpapers of
 * Debian's background packages (test/bench/image-photos.eval.ts). Figures
 * below are "synthetic; real". Real pictures share far more low-frequency
 * structure than synthetic ones (smooth skies, gradients, centred subjects),
 * and the false-positive side was tuned on them.
 */

/**
 * Whole-image 256-bit distance for a match. Resizing, recompression,
 * borders and mirroring stay under 10 (median 0–2); brightness ±20 % and a
 * 40° hue turn under ~45; a strong text watermark 30..70 (matched 100 % of
 * synthetic copies, 78 % of wallpapers, where the text is most of the detail).
 * Unrelated photos sit at 98..142 (synthetic) and, on real pictures, at
 * 104 and above for 99 % of pairs; the closer ones seen were variants of
 * one wallpaper (light/dark, sizes), and 2 whole-image matches remain in
 * 12,960 pairs of different pictures. PDQ's authors use 31 for near-exact copies; 48 sits between, and
 * the index (WHOLE_INDEX) finds everything within 27 exactly and, on the
 * benchmark sample, everything within 48.
 */
export const WHOLE_MAX_DISTANCE = 48;

/**
 * Coarse 64-bit distance between a listing photo and the best window of a
 * reference, for a crop match. Both hashes have exactly 32 bits set, so
 * distances are even. Crops keeping 60–90 % of each side land 0..14 from
 * their nearest window; unrelated photos' best window is 14..24 on
 * synthetic photos but 8..12 for 0.5 % of real pairs. At 10, real-picture
 * false positives fell from 0.22 % of pairs (at 12) to 0.03–0.07 % while
 * crops kept 79–96 % (60–80 % and 90 % crops). A crop match is weaker
 * evidence than a whole-image one and should weigh less.
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
 * the 64-bit window hashes need two-bit probes (4 × 16 bits: exact to 11,
 * so to WINDOW_MAX_DISTANCE).
 */
export const WHOLE_INDEX = { bits: 256, chunks: 14, maxRadius: 1 } as const;
export const WINDOW_INDEX = { bits: 64, chunks: 4, maxRadius: 2 } as const;
