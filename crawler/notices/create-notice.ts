import { randomBytes } from 'node:crypto';
import { buildNotice, escapeHtml, type RegimeId } from '../../shared/notices';
import type { CatalogueItem } from '../../shared/model';
import { NoticeStateError, type NoticeRecord, type Scope, type Store } from '../store';
import { checkListings, type GateRefusal } from './accuracy-gate';
import { composeNoticeInput, type NoticeRequest } from './compose';
import { evidencePackageOf, type PackageStore } from './evidence-package';

/** Why a notice was not made: each problem named (missing elements, refused listings, limits). */
export class NoticeRefusedError extends Error {
  constructor(
    readonly code: 'notice_incomplete' | 'listings_refused' | 'empty_case' | 'unknown_channel',
    message: string,
    readonly problems: string[] = [],
    readonly refusals: GateRefusal[] = [],
  ) {
    super(message);
  }
}

/**
 * A case's confirmed listings → a notice draft under one regime, addressed to
 * one channel. Refused, with every reason, when a listing fails the accuracy
 * gate or the regime's required elements are not all there.
 */
export async function createNoticeForCase(
  store: Pick<Store, 'cases' | 'catalogue' | 'notices'> & PackageStore,
  o: {
    /** Where the API is reached from outside (COUNTERSCAN_PUBLIC_URL): the notice links its evidence package there. */
    publicUrl?: string;
    caseId: number;
    regime: RegimeId;
    channelId: string;
    request: NoticeRequest;
    actor: string;
    scope: Scope;
    now: Date;
  },
): Promise<NoticeRecord | null> {
  const prepared = await prepareNotice(store, o);
  if (!prepared) return null;
  const { kase, channel, listings, notice } = prepared;
  const created = await store.notices.create({
    caseId: kase.id,
    holderId: kase.holderId,
    channel,
    notice,
    urls: listings.map((l) => ({ url: l.url, hitId: l.hitId })),
    actor: o.actor,
  });
  if (!o.publicUrl) return created;
  await linkEvidencePackage(store, created, o.publicUrl);
  return store.notices.get(created.id, { holderId: null });
}

/**
 * A draft rebuilt with new free-text parts (explanation, signature, statements, per-listing
 * details): same case, regime and channel, gated again — its own URLs are not "already
 * noticed" by itself — and its evidence link kept. Only a draft may change: what was sent stays.
 */
export async function reviseNoticeDraft(
  store: Pick<Store, 'cases' | 'catalogue' | 'notices'> & PackageStore,
  o: { noticeId: number; request: NoticeRequest; actor: string; scope: Scope; now: Date; publicUrl?: string },
): Promise<NoticeRecord | null> {
  const draft = await store.notices.get(o.noticeId, o.scope);
  if (!draft) return null;
  if (draft.state !== 'draft')
    throw new NoticeStateError(`notice ${draft.id} is ${draft.state}; only a draft can be edited`);
  const prepared = await prepareNotice(store, {
    caseId: draft.caseId,
    regime: draft.regime as RegimeId,
    channelId: draft.channelId,
    request: o.request,
    scope: o.scope,
    now: o.now,
    ownNoticeId: draft.id,
  });
  if (!prepared) return null;
  const revised = await store.notices.revise(draft.id, prepared.notice, o.actor);
  if (!revised || !o.publicUrl) return revised;
  await linkEvidencePackage(store, revised, o.publicUrl);
  return store.notices.get(draft.id, { holderId: null });
}

/** The case's listings through the accuracy gate and into the regime's builder; refused with every reason. */
async function prepareNotice(
  store: Pick<Store, 'cases' | 'catalogue' | 'notices'>,
  o: {
    caseId: number;
    regime: RegimeId;
    channelId: string;
    request: NoticeRequest;
    scope: Scope;
    now: Date;
    /** The draft being rebuilt: its own open notice on a URL is no conflict. */
    ownNoticeId?: number;
  },
) {
  const { notices } = store;
  const kase = await store.cases.get(o.caseId, o.scope);
  if (!kase) return null;
  const channel = await notices.channel(o.channelId);
  if (!channel)
    throw new NoticeRefusedError(
      'unknown_channel',
      `no channel ${o.channelId}; an admin adds it with PUT /v1/channels/${o.channelId}`,
    );
  const listings = (await notices.caseListings(o.caseId)).map((l) =>
    l.openNoticeId !== null && l.openNoticeId === o.ownNoticeId ? { ...l, openNoticeId: null } : l,
  );
  if (!listings.length) throw new NoticeRefusedError('empty_case', `case ${o.caseId} has no listings to notice`);
  const items = new Map<string, CatalogueItem>();
  for (const id of new Set(listings.map((l) => l.itemId))) {
    const item = await store.catalogue.item(id);
    if (item) items.set(id, item);
  }
  const refusals = checkListings(listings, items);
  if (refusals.length) {
    throw new NoticeRefusedError(
      'listings_refused',
      `${refusals.length} listing(s) cannot be noticed`,
      refusals.map((r) => `${r.url}: ${r.reason}`),
      refusals,
    );
  }
  const holder = await store.catalogue.holder(kase.holderId);
  const input = composeNoticeInput({
    reference: `case ${kase.id}`,
    date: o.now,
    holder: holder ?? { id: kase.holderId, name: kase.holderId },
    items: [...items.values()],
    listings,
    recipient: { name: channel.name, email: channel.email, ...channel.party },
    request: o.request,
  });
  const built = buildNotice(o.regime, input);
  if (!built.ok) {
    const problems = [
      ...built.missing.map((m) => `missing: ${m.label}`),
      ...built.violations.map((v) => `${v.path ? `${v.path}: ` : ''}${v.message}`),
    ];
    throw new NoticeRefusedError('notice_incomplete', `the ${o.regime} notice lacks what it must contain`, problems);
  }
  return { kase, channel, listings, notice: built.notice };
}

/**
 * The evidence package is built with the notice and the notice's text names it: a link whose
 * key lets the recipient download it without an API token, and its SHA-256, so an attached
 * copy can be checked against what the notice cites.
 */
async function linkEvidencePackage(store: PackageStore, notice: NoticeRecord, publicUrl: string): Promise<void> {
  const { sha256 } = await evidencePackageOf(store, notice);
  // A revised draft keeps the key its first text gave out.
  const key =
    (await store.noticeEvidence.get(notice.id, { holderId: null }))?.key ?? randomBytes(24).toString('base64url');
  const link = `${publicUrl.replace(/\/+$/, '')}/v1/notices/${notice.id}/evidence.zip?key=${key}`;
  const what = "Evidence package (ZIP: each listing's screenshot, HTML, WARC capture and metadata)";
  const text = `${notice.text.trimEnd()}\n\n${what}, SHA-256 ${sha256}:\n${link}\n`;
  const para =
    `<p>${escapeHtml(what)}, SHA-256 <code>${sha256}</code>: <a ` +
    `href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`;
  const html = notice.html.includes('</body>')
    ? notice.html.replace('</body>', `${para}\n</body>`)
    : `${notice.html}\n${para}`;
  await store.noticeEvidence.setLink(notice.id, { key, text, html });
}
