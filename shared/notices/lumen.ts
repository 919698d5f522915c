/**
 * Export of a built notice in the Lumen database's notice shape: the body of
 * Lumen's notice-submission API (POST /notices), whose nested records use
 * Rails' `*_attributes` names (`entity_notice_roles_attributes`,
 * `works_attributes`, `infringing_urls_attributes`), as in Lumen's
 * NoticesController and its API documentation.
 */
import type { NoticeInput, Party } from './model';
import { evidenceText } from './parts';
import type { Notice } from './regime';
import { regimeById } from './registry';
import { isoDay } from './render';

export type LumenType = 'DMCA' | 'Trademark' | 'Other';
export type LumenAction = 'Yes' | 'No' | 'Partial' | 'Unspecified';
export type LumenRole = 'sender' | 'principal' | 'recipient' | 'submitter';

export interface LumenEntity {
  name: string;
  kind: 'individual' | 'organization';
  address_line_1: string | null;
  address_line_2?: string;
  city: string | null;
  state: string | null;
  zip: string | null;
  country_code: string | null;
  email: string | null;
  phone?: string;
}

export interface LumenWork {
  description: string;
  infringing_urls_attributes: { url: string }[];
  copyrighted_urls_attributes: { url: string }[];
}

export interface LumenNotice {
  notice: {
    type: LumenType;
    title: string;
    subject: string;
    body: string;
    date_sent: string;
    jurisdiction_list: string;
    action_taken: LumenAction;
    mark_registration_number: string | null;
    entity_notice_roles_attributes: { name: LumenRole; entity_attributes: LumenEntity }[];
    works_attributes: LumenWork[];
  };
}

export interface LumenOptions {
  /** What the recipient did; not known when the notice leaves. Default `Unspecified`. */
  actionTaken?: LumenAction;
}

const COPYRIGHT = new Set(['copyright', 'software']);
const TRADEMARK = new Set(['trademark', 'trade_name']);

/**
 * The regime's declared Lumen type; for `by-rights` regimes, Lumen files copyright notices from any
 * country as DMCA, trademark as Trademark, the rest as Other.
 */
export function lumenType(notice: Notice): LumenType {
  const declared = regimeById(notice.regime)?.lumenType ?? 'by-rights';
  if (declared !== 'by-rights') return declared;
  const types = notice.input.works.map((w) => w.rightsType ?? '');
  if (types.length > 0 && types.every((t) => COPYRIGHT.has(t))) return 'DMCA';
  if (types.length > 0 && types.every((t) => TRADEMARK.has(t))) return 'Trademark';
  return 'Other';
}

function entity(p: Party): LumenEntity {
  return {
    name: p.name ?? '',
    // Lumen knows only these two kinds; senders here are mostly firms.
    kind: p.kind ?? 'organization',
    address_line_1: p.addressLine1 || null,
    ...(p.addressLine2 ? { address_line_2: p.addressLine2 } : {}),
    city: p.city || null,
    state: p.state || null,
    zip: p.zip || null,
    country_code: p.countryCode || null,
    email: p.email || null,
    ...(p.phone ? { phone: p.phone } : {}),
  };
}

function roles(input: NoticeInput): LumenNotice['notice']['entity_notice_roles_attributes'] {
  const principal = input.principal ?? (input.authority === 'agent' ? undefined : input.sender);
  const list: [LumenRole, Party | undefined][] = [
    ['sender', input.sender],
    ['principal', principal],
    ['recipient', input.recipient],
    ['submitter', input.submitter ?? input.sender],
  ];
  return list
    .filter((r): r is [LumenRole, Party] => !!r[1]?.name)
    .map(([name, p]) => ({ name, entity_attributes: entity(p) }));
}

/**
 * Lumen asks that the body hold what fits no other field and no personal data:
 * so the explanation, the statements and the evidence behind each URL, but not
 * the contact block (that goes into the entities).
 */
function body(notice: Notice): string {
  const { input } = notice;
  const evidence = input.works.flatMap((w) =>
    w.items.map((it) => `${it.url ?? it.listingId ?? ''}: ${it.evidence.map((e) => evidenceText(e)).join('; ')}`),
  );
  const parts = [
    input.explanation ?? '',
    notice.statements.join('\n'),
    evidence.length > 0 ? `Evidence:\n${evidence.join('\n')}` : '',
  ];
  return parts.filter((s) => s.trim() !== '').join('\n\n');
}

export function toLumen(notice: Notice, options: LumenOptions = {}): LumenNotice {
  const { input } = notice;
  const type = lumenType(notice);
  const marks = input.works
    .filter((w) => TRADEMARK.has(w.rightsType ?? ''))
    .flatMap((w) => w.registrations.map((r) => r.number))
    .filter((n): n is string => !!n);
  return {
    notice: {
      type,
      // Lumen's own default title reads "<type> notice to <recipient>".
      title: input.recipient?.name ? `${type} notice to ${input.recipient.name}` : `${type} notice`,
      subject: notice.subject,
      body: body(notice),
      date_sent: isoDay(input.date),
      jurisdiction_list: notice.jurisdictions.join(', '),
      action_taken: options.actionTaken ?? 'Unspecified',
      mark_registration_number: marks.length > 0 ? marks.join(', ') : null,
      entity_notice_roles_attributes: roles(input),
      works_attributes: input.works.map((w) => ({
        description: [w.title, w.description].filter(Boolean).join(': '),
        infringing_urls_attributes: w.items.filter((it) => it.url).map((it) => ({ url: it.url as string })),
        copyrighted_urls_attributes: w.officialUrls.map((url) => ({ url })),
      })),
    },
  };
}
