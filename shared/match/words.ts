/**
 * Phrases that sellers and uploaders use for fakes and pirated copies, in the
 * folded form of `foldText` (lower case, simplified Chinese). Latin phrases
 * match on word boundaries; Chinese ones anywhere.
 */
export const COUNTERFEIT_WORDS = [
  'replica', 'replicas', '1:1', 'aaa', 'aaa+', 'mirror quality', 'mirror copy', 'top copy', 'super copy',
  'high copy', 'fake', 'knockoff', 'knock-off', 'dupe', 'unbranded', 'oem copy', 'same as original',
  '高仿', '复刻', 'a货', '原单', '精仿', '仿品', '超a', '一比一', '1比1', '同款', '山寨', '高倣',
];

export const PIRACY_WORDS = [
  'full movie', 'free download', 'download free', 'watch online free', 'watch free', 'cam', 'camrip', 'hdcam',
  'ts', 'hdts', 'telesync', 'telecine', 'cracked', 'crack', 'keygen', 'serial key', 'activation key',
  'license key generator', 'torrent', 'all episodes', 'complete series', 'full season', 'leaked', 'pirated',
  '枪版', '免费观看', '全集', '免费下载', '在线观看', '破解版', '破解', '注册机', '激活码', '盗版', '抢先版', '高清资源',
];

/** Phrases that mark an accessory or spare part for a product, not the product itself. */
export const COMPATIBILITY_PHRASES = [
  'compatible with', 'for use with', 'fits', 'replacement for', 'case for', 'cover for', 'adapter for',
  '适用于', '适配', '兼容', '配件',
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One regexp per list: Latin phrases need word boundaries, CJK ones cannot have them. */
export function phraseMatcher(phrases: string[]): (folded: string) => string[] {
  const parts = phrases.map((p) =>
    /^[\p{Script=Han}]/u.test(p) ? escape(p) : `(?<![\\p{L}\\p{N}])${escape(p)}(?![\\p{L}\\p{N}])`,
  );
  const re = new RegExp(parts.join('|'), 'gu');
  return (folded) => [...new Set(folded.match(re) ?? [])];
}
