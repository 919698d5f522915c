import type { RightsHolder } from '../../shared/model';
import { profileReadiness, type ChannelReadiness, type ProfileGap, type RegimeReadiness } from '../../shared/notices';
import { composeNoticeInput } from './compose';

/** Where each notice field comes from on the holder's profile, to tell a holder which field to fill. */
const PARTY_FIELD: Record<string, string> = {
  name: 'name',
  addressLine1: 'address',
  city: 'city',
  state: 'region',
  zip: 'postalCode',
  countryCode: 'country',
  email: 'email',
  phone: 'phone',
  identityNumber: 'identityNumber',
};

function profileField(path: string, agent: boolean): string {
  const [head, key] = path.split('.');
  if (head === 'signature') return 'signatory.name';
  if (head === 'documents') return key === 'identityProof' ? 'identityProof' : 'agent.authorisationLetter';
  if (head === 'authority') return 'agent';
  const field = PARTY_FIELD[key ?? ''] ?? key ?? head!;
  // The sender is the agent when the holder has one; the principal is always the holder.
  return head === 'sender' && agent ? `agent.${field}` : field;
}

/** A gap with the profile fields that fill it. */
export type FieldGap = ProfileGap & { fields: string[] };

export interface HolderReadiness {
  holderId: string;
  /** Regimes whose every profile element is there. */
  ready: string[];
  regimes: (Omit<RegimeReadiness, 'missing' | 'channels'> & {
    missing: FieldGap[];
    channels: (Omit<ChannelReadiness, 'missing'> & { missing: FieldGap[] })[];
  })[];
}

/**
 * What the holder's profile still lacks, per regime and channel, in the profile's own field
 * names. The notice input is composed exactly as for a real case (with no works), and the
 * profile's signatory stands in for the signature each notice is given.
 */
export function holderReadiness(holder: RightsHolder): HolderReadiness {
  const probe = composeNoticeInput({
    reference: 'readiness',
    date: new Date(0),
    holder,
    items: [],
    listings: [],
    recipient: {},
    request: holder.signatory ? { signature: { name: holder.signatory.name } } : {},
  });
  const agent = !!holder.agent;
  const withFields = (g: ProfileGap): FieldGap => ({
    ...g,
    fields: [...new Set(g.paths.map((p) => profileField(p, agent)))],
  });
  const regimes: HolderReadiness['regimes'] = profileReadiness(probe).map((r) => ({
    ...r,
    missing: r.missing.map(withFields),
    channels: r.channels.map((c) => ({ ...c, missing: c.missing.map(withFields) })),
  }));
  return { holderId: holder.id, ready: regimes.filter((r) => r.ready).map((r) => r.regime), regimes };
}
