/**
 * The regime registry: every regime file in shared/notices is listed once
 * under its id and declares its required elements, counter-notice clock and
 * Lumen type; callers (the counter-notice route, the Lumen export) read them
 * from there. A new regime is one file, one line in the registry, and its
 * expectations added to the table below.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildNoticeOrThrow,
  COUNTER_NOTICE_RULES,
  counterClockOf,
  lumenType,
  noticeRegimes,
  regimeById,
  REGIME_IDS,
  type Notice,
  type RegimeId,
} from '../../shared/notices';
import { completeInput } from '../fixtures/notices/inputs';

const DIR = join(import.meta.dirname, '../../shared/notices');

/** What each regime must declare: its counter-notice clock and how Lumen files it. */
const EXPECTED: Record<RegimeId, { clock: keyof typeof COUNTER_NOTICE_RULES | undefined; lumen: string }> = {
  dmca: { clock: 'dmca', lumen: 'DMCA' },
  'video-webform': { clock: 'dmca', lumen: 'by-rights' },
  'search-delisting': { clock: 'dmca', lumen: 'by-rights' },
  'cn-ecommerce': { clock: 'cn-ecommerce', lumen: 'by-rights' },
  'alibaba-ipp': { clock: 'cn-ecommerce', lumen: 'by-rights' },
  amazon: { clock: undefined, lumen: 'by-rights' },
  'ebay-vero': { clock: undefined, lumen: 'by-rights' },
  'eu-dsa': { clock: undefined, lumen: 'by-rights' },
};

describe('notice regime registry', () => {
  it('lists every regime file once, under the id the file declares', () => {
    const declared = readdirSync(DIR)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) =>
        [...readFileSync(join(DIR, f), 'utf8').matchAll(/defineRegime\(\{\s*id: '([^']+)'/g)].map((m) => m[1]!),
      );
    expect(declared.sort()).toEqual([...REGIME_IDS].sort());
    for (const id of REGIME_IDS) expect(noticeRegimes[id].id).toBe(id);
  });

  it.each(REGIME_IDS)('%s declares its required elements, counter-notice clock and Lumen type', (id) => {
    const r = regimeById(id)!;
    expect(r.requiredElements.length).toBeGreaterThan(0);
    expect(Object.hasOwn(r, 'counterClock')).toBe(true);
    if (r.counterClock) expect(COUNTER_NOTICE_RULES[r.counterClock]).toBeDefined();
    expect(['DMCA', 'Trademark', 'Other', 'by-rights']).toContain(r.lumenType);
    expect({ clock: r.counterClock, lumen: r.lumenType }).toEqual(EXPECTED[id]);
    expect(counterClockOf(id)).toBe(EXPECTED[id].clock);
  });

  it('the Lumen export reads the declared type: fixed for DMCA, from the works for by-rights regimes', () => {
    const marks = (id: RegimeId) => {
      const input = completeInput(id) as { works: { rightsType?: string }[] };
      return { ...input, works: input.works.map((w) => ({ ...w, rightsType: 'trademark' })) };
    };
    // A DMCA notice is filed as DMCA whatever its works say (the builder refuses marks; the export does not ask).
    expect(lumenType({ regime: 'dmca', input: { works: [{ rightsType: 'trademark' }] } } as unknown as Notice)).toBe(
      'DMCA',
    );
    expect(lumenType(buildNoticeOrThrow('eu-dsa', marks('eu-dsa')))).toBe('Trademark');
  });

  it('an unknown regime has no clock', () => {
    expect(counterClockOf('no-such-regime')).toBeUndefined();
    expect(regimeById('no-such-regime')).toBeUndefined();
  });
});
