export type { RgbaImage, Plane, Rect } from './rgba';
export { lumaPlane, checkRgba, MAX_PLANE_SIDE } from './rgba';
export { type Bits, hamming, toHex, fromHex, popcount32 } from './bits';
export { trimBorders, type TrimOptions } from './trim';
export { hashRegion, KINDS, type HashKind, type RegionHash } from './pdq';
export { cropGrid, type CropGridOptions, type UnitRect } from './crops';
export { hashImage, hashReference, HASH_VERSION, type ImageHash, type WindowHash, type ReferenceHash } from './image-hash';
export { HammingIndex, type HammingIndexOptions, type Neighbour } from './hamming-index';
export { WHOLE_MAX_DISTANCE, WINDOW_MAX_DISTANCE, MIN_QUALITY, WHOLE_INDEX, WINDOW_INDEX } from './thresholds';
