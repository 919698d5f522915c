/**
 * Pieces every notice shares: parties, works, infringing items with the
 * evidence that backs each URL, statements and the signature. Labels are
 * parameters so the Chinese notice can print them in both languages.
 */
import type { RequiredElement } from './elements';
import type { Evidence, Item, NoticeInput, Party, Work } from './model';
import { clock, fields, type Block } from './render';

export interface Labels {
  name: string;
  address: string;
  phone: string;
  email: string;
  identity: string;
  listing: string;
  seller: string;
  site: string;
  id: string;
  where: string;
  timestamps: string;
  testBuy: string;
  evidence: string;
  captured: string;
  description: string;
  registration: string;
  owner: string;
  certificate: string;
}

export const EN: Labels = {
  name: 'Name',
  address: 'Address',
  phone: 'Phone',
  email: 'Email',
  identity: 'Registration / ID number',
  listing: 'Listing',
  seller: 'Seller',
  site: 'Site',
  id: 'ID',
  where: 'Infringing parts',
  timestamps: 'Timestamps',
  testBuy: 'Test-buy order',
  evidence: 'Evidence',
  captured: 'captured',
  description: 'Description',
  registration: 'Registration',
  owner: 'Owner',
  certificate: 'Certificate',
};

export function addressOf(p: Party): string | undefined {
  const cityLine = [p.city, [p.state, p.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const parts = [p.addressLine1, p.addressLine2, cityLine, p.countryCode].filter((s) => s && s.trim() !== '');
  return parts.length > 0 ? parts.join(', ') : undefined;
}

export function partyBlock(p: Party, l: Labels = EN): Block {
  return fields([
    [l.name, p.name],
    [l.address, addressOf(p)],
    [l.phone, p.phone],
    [l.email, p.email],
    [l.identity, p.identityNumber],
  ]);
}

export function evidenceText(e: Evidence, l: Labels = EN): string {
  const when = e.capturedAt ? ` ${l.captured} ${e.capturedAt.toISOString()}` : '';
  return `${e.kind ?? 'capture'} SHA-256 ${e.sha256 ?? '?'}${when}`;
}

/** One infringing item as a few lines: URL first, then what identifies it, then its evidence. */
export function itemText(item: Item, l: Labels = EN): string {
  const about = [
    item.title && `${l.listing}: ${item.title}`,
    item.seller && `${l.seller}: ${item.seller}`,
    item.site && `${l.site}: ${item.site}`,
    item.listingId && `${l.id}: ${item.listingId}`,
  ].filter(Boolean);
  return [
    item.url ?? item.listingId ?? '',
    about.join(' | '),
    item.infringingParts.length > 0 && `${l.where}: ${item.infringingParts.join(', ')}`,
    item.timestamps.length > 0 &&
      `${l.timestamps}: ${item.timestamps.map((t) => `${clock(t.start)}-${clock(t.end)}`).join(', ')}`,
    item.testBuyOrderId && `${l.testBuy}: ${item.testBuyOrderId}`,
    ...item.evidence.map((e) => `${l.evidence}: ${evidenceText(e, l)}`),
  ]
    .filter((s): s is string => typeof s === 'string' && s !== '')
    .join('\n');
}

export function registrationsText(w: Work): string | undefined {
  const regs = w.registrations.map((r) => [r.office, r.number].filter(Boolean).join(' ')).filter(Boolean);
  return regs.length > 0 ? regs.join('; ') : undefined;
}

export function workBlock(w: Work, l: Labels = EN): Block {
  return fields([
    [l.description, w.description],
    [l.registration, registrationsText(w)],
    [l.owner, w.owner],
    [l.certificate, w.certificate && attachmentText(w.certificate)],
  ]);
}

export function attachmentText(a: { fileName?: string | undefined; sha256?: string | undefined }): string {
  return [a.fileName, a.sha256 && `SHA-256 ${a.sha256}`].filter(Boolean).join(', ');
}

export function signatureText(input: NoticeInput): string {
  const s = input.signature;
  if (!s?.name) return '';
  return s.kind === 'physical' ? `${s.name} (signed by hand; original on file)` : `/s/ ${s.name}`;
}

/** The statement sentences of the elements that apply, in list order: what the notice swears to. */
export function statementsOf<T>(elements: readonly RequiredElement<T>[], input: T): string[] {
  return elements.filter((e) => e.text && (!e.when || e.when(input))).map((e) => e.text as string);
}

/** Dates stay Date here; the regime's JSON round trip makes them ISO strings. */
export function evidenceJson(e: Evidence) {
  return { sha256: e.sha256, kind: e.kind, capturedAt: e.capturedAt };
}

export function itemJson(item: Item) {
  return {
    url: item.url,
    title: item.title,
    seller: item.seller,
    site: item.site,
    listingId: item.listingId,
    infringingParts: item.infringingParts.length > 0 ? item.infringingParts : undefined,
    timestamps: item.timestamps.length > 0 ? item.timestamps : undefined,
    testBuyOrderId: item.testBuyOrderId,
    evidence: item.evidence.map(evidenceJson),
  };
}

export function workJson(w: Work) {
  return {
    title: w.title,
    description: w.description,
    rightsType: w.rightsType,
    registrations: w.registrations,
    owner: w.owner,
    officialUrls: w.officialUrls.length > 0 ? w.officialUrls : undefined,
    certificate: w.certificate,
    items: w.items.map(itemJson),
  };
}

export function partyJson(p: Party | undefined) {
  return p && { ...p };
}

/** The parts of the structured form every legal notice shares. */
export function noticeJson(input: NoticeInput, statements: string[]) {
  return {
    date: input.date,
    reference: input.reference,
    authority: input.authority,
    sender: partyJson(input.sender),
    principal: partyJson(input.principal),
    recipient: partyJson(input.recipient),
    works: input.works.map(workJson),
    statements,
    signature: input.signature?.name ? { ...input.signature, text: signatureText(input) } : undefined,
  };
}

/** "Title A", "Title B" (+3 more): keeps subject lines short whatever the number of works. */
export function titlesOf(works: Work[], max = 2): string {
  const titles = works.map((w) => w.title ?? '').filter(Boolean);
  const shown = titles.slice(0, max).join(', ');
  return titles.length > max ? `${shown} (+${titles.length - max} more)` : shown;
}

export function urlCount(input: { works: { items: Item[] }[] }): number {
  return input.works.reduce((n, w) => n + w.items.length, 0);
}

/** Project rule, not statute: a URL is only noticed with the capture that shows it, so a dispute can be answered. */
export const EVIDENCE_ELEMENT: RequiredElement<NoticeInput> = {
  id: 'evidence',
  label: 'evidence (SHA-256 and capture time) for each listed URL',
  basis: 'counterscan: every noticed URL cites its captured evidence',
  paths: ['works.*.items.*.evidence.*.sha256', 'works.*.items.*.evidence.*.capturedAt'],
};
