/**
 * Phrases that sellers and uploaders use for fakes and pirated copies, in the
 * folded form of `foldText` (lower case, simplified Chinese). Latin phrases
 * match on word boundaries; Chinese ones anywhere.
 */
export const COUNTERFEIT_WORDS = [
  'replica',
  'replicas',
  '1:1',
  'aaa',
  'aaa+',
  'mirror quality',
  'mirror copy',
  'top copy',
  'super copy',
  'high copy',
  'fake',
  'knockoff',
  'knock-off',
  'dupe',
  'unbranded',
  'oem copy',
  'same as original',
  // Not 同款 ("same style"): genuine shops write 专柜同款 ("as sold at the counter") and 男女同款 ("unisex").
  '高仿',
  '复刻',
  'a货',
  '原单',
  '精仿',
  '仿品',
  '超a',
  '一比一',
  '1比1',
  '山寨',
  '高倣',
];

export const PIRACY_WORDS = [
  'full movie',
  'free download',
  'download free',
  'watch online free',
  'watch free',
  'cam',
  'camrip',
  'hdcam',
  'ts',
  'hdts',
  'telesync',
  'telecine',
  'cracked',
  'crack',
  'keygen',
  'serial key',
  'activation key',
  'license key generator',
  'torrent',
  'all episodes',
  'complete series',
  'full season',
  'leaked',
  'pirated',
  '枪版',
  '免费观看',
  '全集',
  '免费下载',
  '在线观看',
  '破解版',
  '破解',
  '注册机',
  '激活码',
  '盗版',
  '抢先版',
  '高清资源',
];

/**
 * Piracy words that name a way of copying a film (a camcorder in the
 * cinema, a telesync): said of a video upload, or of a film sold on a
 * marketplace, they mean a pirated copy; of a camera or a cable, nothing
 * ("dash cam", "TS connector").
 */
export const VIDEO_RIP_WORDS: ReadonlySet<string> = new Set([
  'cam',
  'ts',
  'hdcam',
  'camrip',
  'hdts',
  'telesync',
  'telecine',
]);

/**
 * "AAA" is a replica grade, and a battery size: beside a battery word it
 * says the size ("Energizer lithium AAA", "AAA碱性电池").
 */
export const BATTERY_WORDS = /batter|电池|alkaline|lithium|nimh|rechargeable|\d\s*mah\b|[57]号/;

/** Phrases that mark an accessory or spare part for a product, not the product itself. */
export const COMPATIBILITY_PHRASES = [
  'compatible with',
  'for use with',
  'fits',
  'replacement for',
  'case for',
  'cover for',
  'adapter for',
  '适用于',
  '适配',
  '兼容',
  '配件',
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A letter or digit of a script written with spaces between words (not Han or kana). */
const SPACED_WORD_CHAR = '[[\\p{L}\\p{N}]--[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}]]';
const HAN = /^\p{Script=Han}$/u;

/**
 * One regexp per list. A Latin (or digit) end of a phrase needs a word
 * boundary there, so "aaa" does not fire inside "aaab" nor "ts" inside
 * "pants"; a Chinese character next to it is a boundary, since Chinese has no
 * spaces ("精品a货包包", "维洛兰1:1运动鞋"). A Han end needs none. Longer phrases
 * are tried first, so the evidence says "aaa+" rather than "aaa".
 */
export function phraseMatcher(phrases: string[]): (folded: string) => string[] {
  const parts = [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) => {
      const head = HAN.test(p[0] ?? '') ? '' : `(?<!${SPACED_WORD_CHAR})`;
      const tail = HAN.test(p.at(-1) ?? '') ? '' : `(?!${SPACED_WORD_CHAR})`;
      return `${head}${escape(p)}${tail}`;
    });
  const re = new RegExp(parts.join('|'), 'gv');
  return (folded) => [...new Set(folded.match(re) ?? [])];
}
