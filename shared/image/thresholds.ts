/**
 * Distances at which two photos are the same photo, and the least detail a
 * photo must have to be matched at all.
 *
 * Measured two ways: on seeded synthetic photos (test/unit/image-robustness
 * .test.ts prints the table) and on 96 real pictures, the wallpapers of
 * Debian's background packages (now test/bench/images.bench.ts). Figures
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
 * 12,960 pairs of different pictures. PDQ's authors use 31 for near-exact
 * copies. On bench:images (230 real photographs, every copy against every
 * other photo) whole-image false positives stayed at 45 of 580k pairs from
 * 48 up to 56, while watermark recall rose from 0.92 to 0.95 and JPEG q30
 * from 0.996 to 1.0: 56. The index (WHOLE_INDEX) finds everything within
 * 27 exactly and, on the benchmark sample, nearly everything within 56.
 */
export const WHOLE_MAX_DISTANCE = 56;

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
 * 32 bits set, so distances are even. A real crop also sits near the windows
 * a step or a scale away from its best one; an unrelated photo that comes
 * close to one window by chance is far from the rest. On bench:images
 * (230 real photographs, 11 transforms, 580k unrelated pairs) crop-window
 * false positives, not whole-image ones, set the false-positive rate: with
 * one rule (9 windows within 18) it was 0.12 % at crop 20 % recall 0.93;
 * tightening that one rule to 0.1 % cost crops (0.90) and most crop +
 * watermark + JPEG copies. Two tiers do better: a best window within
 * WINDOW_CLOSE_DISTANCE (8) needs WINDOW_CLOSE_MIN_SUPPORT (3) windows
 * within WINDOW_CLOSE_SUPPORT_DISTANCE (18); one at 10 needs
 * WINDOW_MIN_SUPPORT (6) within WINDOW_SUPPORT_DISTANCE (14) — 0.089 %
 * false positives, crop 20 % recall 0.92, crop 30 % 0.86.
 */
export const WINDOW_CLOSE_DISTANCE = 8;
export const WINDOW_CLOSE_SUPPORT_DISTANCE = 18;
export const WINDOW_CLOSE_MIN_SUPPORT = 3;
export const WINDOW_SUPPORT_DISTANCE = 14;
export const WINDOW_MIN_SUPPORT = 6;

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
