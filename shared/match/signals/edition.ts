/**
 * edition_version: years ("2007" / "2010"), versions ("CS3", "v2", "II"),
 * licence forms (upgrade, academic, OEM), platforms (Windows, Mac), tiers
 * (pro, standard, home) and variants (women's, kids', a case or a kit) the
 * item's title and the listing's share or differ in.
 */
import { compareEditions } from '../editions';
import type { SignalFamily } from './family';

export const edition: SignalFamily = {
  id: 'edition',
  signals: [{ name: 'edition_version', kind: 'identity' }],
  features: [
    'year_match',
    'year_conflict',
    'version_match',
    'version_conflict',
    'licence_diff',
    'platform_conflict',
    'tier_diff',
    'variant_diff',
    'shared',
  ],
  absent: 'no year, version or edition to compare',
  compute({ text, item }, out, at) {
    const c = compareEditions(item.editions, text.editions);
    out[at] = c.yearMatch ? 1 : 0;
    out[at + 1] = c.yearConflict ? 1 : 0;
    out[at + 2] = c.versionMatch ? 1 : 0;
    out[at + 3] = c.versionConflict ? 1 : 0;
    out[at + 4] = Math.min(3, c.licenceDiff.length);
    out[at + 5] = c.platformConflict ? 1 : 0;
    out[at + 6] = Math.min(3, c.tierDiff.length);
    out[at + 7] = Math.min(3, c.variantDiff.length);
    out[at + 8] = Math.min(3, c.shared.length);
  },
  explain({ text, item }, values, at) {
    let any = false;
    for (let i = 0; i < 9; i++) any ||= values[at + i] !== 0;
    if (!any) return [];
    const c = compareEditions(item.editions, text.editions);
    const list = (s: Set<string>) => [...s].join('/');
    const parts: string[] = [];
    if (c.yearMatch || c.yearConflict)
      parts.push(`year ${list(text.editions.years)}${c.yearMatch ? ' =' : ` ≠ ${list(item.editions.years)}`}`);
    if (c.versionMatch || c.versionConflict) {
      parts.push(
        `version ${list(text.editions.versions)}${c.versionMatch ? ' =' : ` ≠ ${list(item.editions.versions)}`}`,
      );
    }
    if (c.platformConflict)
      parts.push(
        `platform ${list(text.editions.editions.get('platform')!)} ≠ ${list(item.editions.editions.get('platform')!)}`,
      );
    const differ = [...c.licenceDiff, ...c.tierDiff, ...c.variantDiff];
    if (differ.length) parts.push(`only one names ${differ.join(', ')}`);
    if (c.shared.length) parts.push(`both name ${c.shared.join(', ')}`);
    return [{ name: 'edition_version', evidence: parts.join('; ') }];
  },
};
