/** registration_number: the item's trademark, patent or variety registration number in the listing, however spaced. */
import type { SignalFamily } from './family';

export const registration: SignalFamily = {
  id: 'registration',
  signals: [{ name: 'registration_number', kind: 'identity' }],
  features: ['exact'],
  monotone: { exact: 1 },
  absent: 'no registration number',
  compute({ text, item }, out, at) {
    out[at] = item.registrations.some((r) => text.allTokens.has(r.compact)) ? 1 : 0;
  },
  explain({ text, item }, values, at) {
    const hit = values[at] ? item.registrations.find((r) => text.allTokens.has(r.compact)) : undefined;
    return hit ? [{ name: 'registration_number', evidence: hit.raw }] : [];
  },
};
