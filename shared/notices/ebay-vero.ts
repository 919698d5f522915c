/**
 * eBay VeRO report items, in the shape of the VeRO API's report request
 * (`reportItems`: itemId, reason code, brand, messageToSeller, patent).
 * eBay's numeric reason-code ids differ per site and are fetched by the VeRO
 * member; give them in `vero.reasonCodeIds` and the payload carries them.
 */
import { z } from 'zod';
import type { RequiredElement } from './elements';
import { ItemSchema, NoticeInputSchema, WorkSchema } from './model';
import { EVIDENCE_ELEMENT, evidenceJson, itemText } from './parts';
import { defineRegime } from './regime';
import { fields, heading, isoDay, list } from './render';

export const VERO_MAX_ITEMS = 150;
export const VERO_BRAND_MAX = 50;
export const VERO_MESSAGE_MAX = 1000;
const RULE = 'eBay VeRO report';

/** Reasons a VeRO member can give; patent and design reasons must name the patent. */
export const VERO_REASONS = {
  trademark_counterfeit: { label: 'Item is a counterfeit product bearing our trademark', needsPatent: false },
  trademark_unauthorised_use: { label: 'Listing uses our trademark without authorisation', needsPatent: false },
  copyright_unauthorised_copy: { label: 'Item is an unauthorised copy of our copyrighted work', needsPatent: false },
  copyright_image: { label: 'Listing uses our copyrighted image', needsPatent: false },
  copyright_text: { label: 'Listing uses our copyrighted text', needsPatent: false },
  patent_infringement: { label: 'Item infringes our patent', needsPatent: true },
  design_patent_infringement: { label: 'Item infringes our design patent', needsPatent: true },
} as const;
export type VeroReason = keyof typeof VERO_REASONS;
const REASON_CODES = Object.keys(VERO_REASONS) as [VeroReason, ...VeroReason[]];

const VeroItemSchema = ItemSchema.extend({
  reasonCode: z.enum(REASON_CODES).optional(),
  patent: z.string().optional(),
});

const schema = NoticeInputSchema.extend({
  works: z.array(WorkSchema.extend({ items: z.array(VeroItemSchema).default([]) })).default([]),
  vero: z
    .object({
      brand: z.string().max(VERO_BRAND_MAX, `eBay VeRO brand is at most ${VERO_BRAND_MAX} characters`).optional(),
      messageToSeller: z
        .string()
        .max(VERO_MESSAGE_MAX, `eBay VeRO messageToSeller is at most ${VERO_MESSAGE_MAX} characters`)
        .optional(),
      copyEmailToRightsOwner: z.boolean().default(true),
      /** The member's site-specific numeric ids for our reason codes. */
      reasonCodeIds: z.partialRecord(z.enum(REASON_CODES), z.number().int()).default({}),
    })
    .default({ copyEmailToRightsOwner: true, reasonCodeIds: {} }),
}).superRefine((input, ctx) => {
  const n = input.works.reduce((k, w) => k + w.items.length, 0);
  if (n > VERO_MAX_ITEMS) {
    const message = `at most ${VERO_MAX_ITEMS} items per eBay VeRO report; this one has ${n}: split it`;
    ctx.addIssue({ code: 'custom', path: ['works'], message });
  }
});
export type VeroInput = z.output<typeof schema>;

const items = (i: VeroInput) => i.works.flatMap((w) => w.items);
const needsPatent = (code: VeroReason | undefined) => !!code && VERO_REASONS[code].needsPatent;

const requiredElements: RequiredElement<VeroInput>[] = [
  { id: 'item-id', label: 'eBay item number of each reported item', basis: RULE, paths: ['works.*.items.*.listingId'] },
  {
    id: 'reason-code',
    label: 'VeRO reason code of each reported item',
    basis: RULE,
    paths: ['works.*.items.*.reasonCode'],
  },
  {
    id: 'patent',
    label: 'patent number for items reported under a patent reason',
    basis: RULE,
    paths: ['works.*.items.*.patent'],
    when: (i) => items(i).some((it) => needsPatent(it.reasonCode)),
    check: (i) => items(i).every((it) => !needsPatent(it.reasonCode) || !!it.patent?.trim()),
  },
  { id: 'brand', label: `brand name (at most ${VERO_BRAND_MAX} characters)`, basis: RULE, paths: ['vero.brand'] },
  {
    id: 'message-to-seller',
    label: `message to the seller (at most ${VERO_MESSAGE_MAX} characters)`,
    basis: RULE,
    paths: ['vero.messageToSeller'],
  },
  EVIDENCE_ELEMENT,
];

function render(input: VeroInput) {
  const v = input.vero;
  const reportItems = items(input).map((it) => ({
    itemId: it.listingId,
    veroReasonCode: it.reasonCode,
    veroReasonCodeId: it.reasonCode && v.reasonCodeIds[it.reasonCode],
    brand: v.brand,
    messageToSeller: v.messageToSeller,
    patent: needsPatent(it.reasonCode) ? it.patent : undefined,
    copyEmailToRightsOwner: v.copyEmailToRightsOwner,
  }));
  const describe = (it: (typeof input.works)[number]['items'][number]) =>
    [
      `Item ${it.listingId ?? ''}: ${it.reasonCode ?? ''} (${it.reasonCode ? VERO_REASONS[it.reasonCode].label : ''})`,
      needsPatent(it.reasonCode) ? `Patent: ${it.patent ?? ''}` : '',
      itemText(it),
    ]
      .filter(Boolean)
      .join('\n');
  return {
    subject: `eBay VeRO report: ${reportItems.length} items, brand ${v.brand ?? ''}`,
    blocks: [
      heading('eBay VeRO report'),
      fields([
        ['Date', isoDay(input.date)],
        ['Reference', input.reference],
        ['Brand', v.brand],
        ['Message to seller', v.messageToSeller],
      ]),
      heading(`Reported items (${reportItems.length} of at most ${VERO_MAX_ITEMS})`),
      list(items(input).map(describe)),
    ],
    json: {
      regime: 'ebay-vero',
      date: input.date,
      reference: input.reference,
      // The request body for eBay; the evidence stays with us, cited per item.
      submission: { reportItems },
      evidence: items(input).map((it) => ({
        itemId: it.listingId,
        url: it.url,
        evidence: it.evidence.map(evidenceJson),
      })),
    },
    statements: [],
  };
}

export const ebayVero = defineRegime({
  id: 'ebay-vero',
  title: 'eBay VeRO report',
  jurisdictions: [],
  schema,
  requiredElements,
  render,
  /** The marketplace's own process; no statutory clock. */
  counterClock: undefined,
  lumenType: 'by-rights',
});
