/** The `image_match` signal's words read back: the photo pair and how close it is, as the evidence package says. */
import { describe, expect, it } from 'vitest';
import { imageEvidence, photoPairOf, type ListingImageMatch } from '../../shared/match/image-signal';

const base = {
  itemId: 'acme:bag-1',
  referenceUrl: 'https://acme.example/bag.jpg',
  listingImageUrl: 'https://m.example/p/1.jpg',
};

describe('photoPairOf', () => {
  it('reads back the pair, the kind, the distance and the mirroring that imageEvidence wrote', () => {
    const cases: [ListingImageMatch, object][] = [
      [
        { ...base, kind: 'whole', distance: 6, mirrored: false },
        { kind: 'whole', distance: 6, bits: 256, mirrored: false },
      ],
      [
        { ...base, kind: 'whole', distance: 71, mirrored: true, regions: 3 },
        { kind: 'whole', distance: 71, bits: 256, mirrored: true },
      ],
      [
        { ...base, kind: 'window', distance: 9, mirrored: false, window: { x: 0.1, y: 0, w: 0.8, h: 0.9 }, colour: 20 },
        { kind: 'crop', distance: 9, bits: 64, mirrored: false },
      ],
      [
        {
          ...base,
          listingImageUrl: 'evidence:' + 'a'.repeat(64),
          kind: 'window',
          distance: 4,
          mirrored: true,
          window: { x: 0, y: 0, w: 0.7, h: 0.7 },
          support: 5,
        },
        { kind: 'crop', distance: 4, bits: 64, mirrored: true, listingImageUrl: 'evidence:' + 'a'.repeat(64) },
      ],
    ];
    for (const [match, want] of cases)
      expect(photoPairOf(imageEvidence(match))).toEqual({
        listingImageUrl: base.listingImageUrl,
        referenceUrl: base.referenceUrl,
        ...want,
      });
  });

  it('is undefined for another signal’s words', () => {
    expect(photoPairOf('brand term "acme" in the title')).toBeUndefined();
    expect(photoPairOf(undefined)).toBeUndefined();
  });
});
