/**
 * The declared size of an encoded image, read before any decoding (what the
 * extension checks against its pixel cap before createImageBitmap): right for
 * every raster format a shop serves, as sharp writes them; a 50,000 × 50,000
 * PNG header is read as just that; SVG, HTML and truncated headers are not
 * images.
 */
import { deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { imageInfo } from '../../shared/image/sniff';

const photo = () =>
  sharp({
    create: {
      width: 321,
      height: 123,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  });

describe('imageInfo', () => {
  for (const [format, label, encode] of [
    ['png', 'PNG', (s: Sharp) => s.png()],
    ['jpeg', 'baseline JPEG', (s: Sharp) => s.jpeg({ quality: 80 })],
    [
      'jpeg',
      'progressive JPEG after a long EXIF segment',
      (s: Sharp) => s.jpeg({ progressive: true }).withExif({ IFD0: { Copyright: 'x'.repeat(3000) } }),
    ],
    ['gif', 'GIF', (s: Sharp) => s.gif()],
    ['webp', 'lossy WebP', (s: Sharp) => s.webp({ quality: 70 })],
    ['webp', 'lossless WebP', (s: Sharp) => s.webp({ lossless: true })],
    ['avif', 'AVIF', (s: Sharp) => s.avif({ quality: 50 })],
  ] as const) {
    it(`reads the size of ${label}`, async () => {
      const bytes = await encode(photo()).toBuffer();
      expect(imageInfo(bytes)).toEqual({ format, width: 321, height: 123 });
    });
  }

  it('reads the size a hostile PNG header claims, without decoding anything', () => {
    const chunk = (type: string, data: Buffer) =>
      Buffer.concat([Buffer.from([0, 0, 0, data.length]), Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(50_000, 0);
    ihdr.writeUInt32BE(50_000, 4);
    const bomb = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(100))),
    ]);
    expect(imageInfo(bomb)).toEqual({ format: 'png', width: 50_000, height: 50_000 });
  });

  it('is undefined for what is not a raster image, or a header cut short', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(imageInfo(svg)).toBeUndefined();
    expect(imageInfo(Buffer.from('<!doctype html><html><body>not an image</body></html>'))).toBeUndefined();
    const jpeg = await photo().jpeg().toBuffer();
    expect(imageInfo(jpeg.subarray(0, 20))).toBeUndefined();
    expect(imageInfo(new Uint8Array(3))).toBeUndefined();
  });
});
