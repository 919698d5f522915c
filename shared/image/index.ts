export type { RgbaImage } from './rgba';
export { lumaPlane } from './rgba';
export { type Bits, hamming, toHex, fromHex, packBits, packWords, unpackBits } from './bits';
export { trimBorders } from './trim';
export {
  HASH_VERSION,
  hashImage,
  hashReference,
  type ImageHash,
  type HashView,
  type ReferenceHash,
  windowAt,
  windowList,
  windowsFromBytes,
} from './image-hash';
export { HammingIndex } from './hamming-index';
export {
  WHOLE_MAX_DISTANCE,
  WINDOW_MAX_DISTANCE,
  WINDOW_MAX_COLOUR_DISTANCE,
  REGION_MAX_DISTANCE,
  REGION_MIN_AGREEING,
  MIN_COLOUR_QUALITY,
  MIN_QUALITY,
  MIN_LISTING_QUALITY,
  WHOLE_INDEX,
  WINDOW_INDEX,
} from './thresholds';
export { compareImages } from './compare';
export { imageDataToRgba, hashImageData } from './image-data';
