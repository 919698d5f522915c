/**
 * What a holder's profile still lacks for each regime and delivery channel, read from the
 * regimes' own required elements (the registry is the one place that says what is required):
 * the elements whose fields come from the profile — the sender, the owner when an agent files,
 * the documents kept on file, the signature — checked against a notice input made from the
 * profile alone. Elements that come with each case (works, listings, evidence, statements)
 * are not the profile's to fill and are left out.
 */
import { pathsOf, present, type RequiredElement } from './elements';
import { NoticeInputSchema, type NoticeInput } from './model';
import type { Regime } from './regime';
import { DELIVERY_CHANNELS, noticeRegimes, type DeliveryChannel, type RegimeId } from './registry';

export interface ProfileGap {
  id: string;
  label: string;
  basis: string;
  /** The notice input's fields the element reads that the profile leaves empty (`sender.phone`…). */
  paths: string[];
}

export interface ChannelReadiness {
  channel: DeliveryChannel;
  ready: boolean;
  missing: ProfileGap[];
}

export interface RegimeReadiness {
  regime: RegimeId;
  title: string;
  ready: boolean;
  missing: ProfileGap[];
  channels: ChannelReadiness[];
}

const PROFILE_PATH =
  /^(sender|principal)\.|^documents\.(identityProof|authorisationLetter)$|^signature\.name$|^authority$/;

/** What a channel needs of the sender beyond the regime's elements. */
const CHANNEL_NEEDS: Record<DeliveryChannel, readonly RequiredElement<NoticeInput>[]> = {
  email: [
    {
      id: 'reply-address',
      label: "the sender's email address, where the platform's answer and any counter-notice arrive",
      basis: 'email delivery',
      paths: ['sender.email'],
    },
  ],
  webform: [],
};

function gaps(elements: readonly RequiredElement<NoticeInput>[], input: NoticeInput): ProfileGap[] {
  const out: ProfileGap[] = [];
  for (const e of elements) {
    const paths = [...pathsOf(e, input)];
    if (paths.length === 0 || !paths.every((p) => PROFILE_PATH.test(p))) continue;
    if (e.when && !e.when(input)) continue;
    const absent = e.check ? (e.check(input) ? [] : paths) : paths.filter((p) => !present(input, p));
    if (absent.length) out.push({ id: e.id, label: e.label, basis: e.basis, paths: absent });
  }
  return out;
}

/** Per regime and channel, what the profile (as a notice input with no works) lacks. */
export function profileReadiness(profileInput: unknown): RegimeReadiness[] {
  return (Object.entries(noticeRegimes) as [RegimeId, Regime][]).map(([id, regime]) => {
    // The regime's own parse first (it may add fields); the common shape when the probe trips a rule about works.
    const parsed = regime.schema.safeParse(profileInput);
    const input = parsed.success ? parsed.data : NoticeInputSchema.parse(profileInput);
    const missing = gaps(regime.requiredElements, input);
    const channels = DELIVERY_CHANNELS[id].map((channel) => {
      const extra = gaps(CHANNEL_NEEDS[channel], input).filter(
        (g) => !missing.some((m) => m.paths.join() === g.paths.join()),
      );
      const all = [...missing, ...extra];
      return { channel, ready: all.length === 0, missing: all };
    });
    return { regime: id, title: regime.title, ready: missing.length === 0, missing, channels };
  });
}
