/** Pixels in: decoding fetched image bytes safely, and the reference photos' in-process index. */
export { decodeImage, ImageDecodeError, type DecodeOptions } from './decode';
export { loadReferenceImageIndex, ReferenceImageIndex } from './reference-index';
export { photoThumbnailJpeg, thumbnailJpeg } from './thumbnail';
