/**
 * A case becomes a notice input: the holder (or its agent) as sender, the
 * items' rights data as works, each confirmed listing with its evidence as an
 * infringing item. What only a person can say — the signature and the sworn
 * statements — must come from the request, never from a default.
 */
import type { CatalogueItem, RightsHolder } from '../../shared/model';
import type { NoticeInputDraft, Party } from '../../shared/notices';

export interface CaseListing {
  hitId: number;
  url: string;
  title: string;
  site: string;
  sellerId: string | null;
  sellerName: string | null;
  itemId: string;
  evidence: { sha256: string; kind: string; capturedAt: string }[];
}

export interface NoticeRequest {
  signature?: { name?: string; kind?: 'electronic' | 'physical' };
  statements?: { goodFaith?: boolean; accurate?: boolean; complete?: boolean; authorised?: boolean };
  explanation?: string;
  requestedMeasures?: ('delete' | 'block' | 'disconnect' | 'terminate')[];
  documents?: Record<string, { fileName?: string; sha256?: string }>;
  jurisdiction?: string[];
  /** Regime-specific fields (eBay `vero`, Alibaba `ipp`, video timestamps…), passed through to the builder. */
  extra?: Record<string, unknown>;
  /** Per listing: where on the page it infringes, test-buy order, video spans. */
  listings?: Record<
    string,
    {
      infringingParts?: string[];
      testBuyOrderId?: string;
      timestamps?: { start: number; end: number }[];
      listingId?: string;
    }
  >;
}

const EVIDENCE_KIND: Record<string, string> = {
  html: 'html',
  screenshot: 'screenshot',
  headers: 'headers',
  metadata: 'other',
};

function partyOf(h: {
  name?: string;
  address?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  email?: string;
  phone?: string;
  country?: string;
  identityNumber?: string;
}): Party {
  return {
    name: h.name,
    kind: 'organization',
    addressLine1: h.address,
    city: h.city,
    state: h.region,
    zip: h.postalCode,
    email: h.email,
    phone: h.phone,
    countryCode: h.country,
    identityNumber: h.identityNumber,
  };
}

export function composeNoticeInput(o: {
  reference: string;
  date: Date;
  holder: RightsHolder;
  items: CatalogueItem[];
  listings: CaseListing[];
  recipient: Party;
  request: NoticeRequest;
}): NoticeInputDraft {
  const { holder, request } = o;
  const byItem = new Map<string, CaseListing[]>();
  for (const l of o.listings) byItem.set(l.itemId, [...(byItem.get(l.itemId) ?? []), l]);
  const works = o.items
    .filter((i) => byItem.has(i.id))
    .map((item) => ({
      title: item.title,
      description: [item.title, ...item.aliases].join(' / '),
      rightsType: item.ipType,
      registrations: item.registrations.map((r) => ({ number: r.number, office: r.office })),
      owner: holder.name,
      officialUrls: item.officialDomains.map((d) => (/^https?:\/\//.test(d) ? d : `https://${d}/`)),
      items: byItem.get(item.id)!.map((l) => {
        const extra = request.listings?.[l.url] ?? {};
        return {
          url: l.url,
          title: l.title,
          seller: l.sellerName ?? l.sellerId ?? undefined,
          site: l.site,
          listingId: extra.listingId,
          infringingParts: extra.infringingParts ?? [],
          timestamps: extra.timestamps ?? [],
          testBuyOrderId: extra.testBuyOrderId,
          evidence: l.evidence.map((e) => ({
            sha256: e.sha256,
            kind: EVIDENCE_KIND[e.kind] ?? 'other',
            capturedAt: e.capturedAt,
          })),
        };
      }),
    }));
  const agent = holder.agent;
  return {
    ...(request.extra ?? {}),
    date: o.date,
    reference: o.reference,
    authority: agent ? 'agent' : 'owner',
    sender: agent ? partyOf(agent) : partyOf(holder),
    ...(agent ? { principal: partyOf(holder) } : {}),
    recipient: o.recipient,
    signature: request.signature,
    works,
    explanation: request.explanation,
    statements: request.statements ?? {},
    requestedMeasures: request.requestedMeasures ?? [],
    // Documents kept on the holder's profile are cited unless the request names others.
    documents: {
      ...(holder.identityProof ? { identityProof: holder.identityProof } : {}),
      ...(agent?.authorisationLetter ? { authorisationLetter: agent.authorisationLetter } : {}),
      ...request.documents,
    },
    jurisdiction: request.jurisdiction ?? [],
  } as NoticeInputDraft;
}
