/**
 * Distances at which two photos are the same photo, and the least detail a
 * photo must have to be matched at all.
 *
 * Measured two ways: on seeded synthetic photos (test/unit/image-robustness
 * .test.ts prints the table) and on real photographs: bench:images (230 of
 * them from Debian's wallpaper packages and Tux Paint's photographic
 * stamps, 11 transforms, every copy against every other photo: 52,670
 * unrelated pairs a transform). Real pictures share far more low-frequency
 * structure than synthetic ones (smooth skies, gradients, centred subjects,
 * round products cut out on white), and the false-positive side was tuned on
 * them: the target is at most 0.1 % false positives for each transform.
 * Figures are for hash version 2 unless they say otherwise.
 */

/**
 * Whole-image 256-bit distance for a match. Resizing, recompression,
 * borders and mirroring stay under 10 (median 0–2); brightness ±20 % and a
 * 40° hue turn under ~45; a strong text watermark 30..120 (which is why
 * regions exist, below). Unrelated photos sit at 98..142 (synthetic) and,
 * on real pictures, at 104 and above for 99 % of pairs; under 56 on
 * bench:images were only variants of one picture under two names (the same
 * stamp in two folders, one wallpaper in warm and cold colours) and one
 * cymbal against one planet. PDQ's authors use 31 for near-exact copies. The
 * index (WHOLE_INDEX) finds everything within 27 exactly and, on the
 * benchmark sample, nearly everything within 56.
 */
export const WHOLE_MAX_DISTANCE = 56;

/**
 * A region match: at least REGION_MIN_AGREEING of a view's nine region
 * hashes (REGIONS: half the width and height, 3×3 overlapping) within
 * REGION_MAX_DISTANCE of the same regions of a reference view, in the same
 * orientation. A watermark across the lower third and a logo in a corner
 * move the whole-image hash 58–120 bits on low-detail photos (1 in 20
 * missed at version 1) but leave the top row's regions where they were:
 * watermark recall 1.000 on bench:images. Unrelated pairs rarely have even
 * one region within 24; those with two were planets (discs on white, whose
 * corners are the same arc): 0–3 a transform. At 32, up to 4 more false
 * positives a transform, with one region enough up to 8 more; at three
 * regions, watermark recall 0.978.
 */
export const REGION_MAX_DISTANCE = 24;
export const REGION_MIN_AGREEING = 2;

/**
 * Coarse 64-bit luma distance between a listing photo and a window of a
 * reference, for a crop match (the index searches to it). Both hashes have
 * exactly 32 bits set, so distances are even. Crops keeping 70–90 % of each
 * side land 0..14 from their nearest window; unrelated photos' best window
 * is 14..24 on synthetic photos but 6..12 for about 1 % of real pairs —
 * round cut-outs on white above all, whose outline is most of their luma.
 */
export const WINDOW_MAX_DISTANCE = 12;

/**
 * Between photos in colour, a window counts when 2 × its luma distance plus
 * the distance of its colour hashes (u and v, 128 bits) is within 48: a crop
 * of the kiwi stamp comes as near a window of the Uranus stamp in luma as
 * many crops come to their own photo, and nowhere near it in colour. On bench:images crops of 10/20/30 % (of each
 * side) are found 0.987/0.939/0.913 with 7–12 false positives a transform
 * (0.02 %), where luma alone with the neighbourhood check below gave
 * 0.948/0.922/0.857 with 41/72/105 (0.08/0.14/0.20 %). At 50: crops
 * 0.987/0.948/0.926 for up to 4 more false positives; at 46,
 * 0.978/0.930/0.896. Luma allowed to 14: 0.952 and 0.922 for crops of 20
 * and 30 %, but the 64-bit index is exact only to 11.
 */
export const WINDOW_MAX_COLOUR_DISTANCE = 48;

/**
 * The colour quality (ColourHash.quality) both photos need for the colour
 * rule: a grey photo's colour planes are flat and their bits noise. Of the
 * 230 bench photos 4 score 0 (grey), five more 4–9, the median 65. At 5 or
 * 10 the figures above barely move; at 20, crop 30 % false positives double
 * as more pairs fall back to luma alone.
 */
export const MIN_COLOUR_QUALITY = 10;

/**
 * Crop matches where either photo is grey: luma only, so the neighbourhood
 * must agree. A real crop also sits near the windows a step or a scale away
 * from its best one; an unrelated photo that comes close to one window by
 * chance is far from the rest. Two tiers: a best window within
 * WINDOW_CLOSE_DISTANCE (8) needs WINDOW_CLOSE_MIN_SUPPORT (3) windows
 * within WINDOW_CLOSE_SUPPORT_DISTANCE (18); one up to
 * WINDOW_GREY_MAX_DISTANCE (10) needs WINDOW_MIN_SUPPORT (6) within
 * WINDOW_SUPPORT_DISTANCE (14). Applied to every pair at version 1 this was
 * 0.08–0.20 % false positives a crop transform at recall 0.95/0.92/0.86.
 */
export const WINDOW_GREY_MAX_DISTANCE = 10;
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
 * Index shapes, chosen with `npm run bench:image` and bench:images at a
 * million hashes: 14 substrings of 18–19 bits make buckets of ~2–4 hashes,
 * exact up to 27 bits and 1.0 recall to 48 on the sample, ~0.2 ms a query
 * (the whole-image views and their regions); the 64-bit window hashes take
 * 4 × 16 bits with two-bit probes (exact to 11, ~97 % of pairs at 12), kept
 * beside their postings so a bucket is one sequential read: ~0.15 ms a query
 * on bench:images' real windows plus random fill, where 3 × 21 bits with
 * three-bit probes took 0.3 ms and the postings alone 0.64 ms.
 */
export const WHOLE_INDEX = { bits: 256, chunks: 14, maxRadius: 1 } as const;
export const WINDOW_INDEX = { bits: 64, chunks: 4, maxRadius: 2 } as const;
