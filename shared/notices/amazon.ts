/**
 * A marketplace report in the shape of Amazon's Report Infringement form: one
 * IP type per report, at most 50 listings (ASIN or URL), the registration or
 * patent number, where on the page the infringement is, and test-buy orders.
 */
import type { RequiredElement } from './elements';
import { allItems, NoticeInputSchema, ownerOf, ownerPath, type NoticeInput, type Work } from './model';
import { EVIDENCE_ELEMENT, evidenceJson, itemText, registrationsText, signatureText, statementsOf } from './parts';
import { defineRegime } from './regime';
import { fields, heading, isoDay, list, paragraph, type Block } from './render';

export const AMAZON_MAX_LISTINGS = 50;
const RULE = 'Amazon Report Infringement form';

/** Amazon's four IP types; software is reported as copyright, a trade name as a trademark. */
const IP_TYPE: Partial<Record<NonNullable<Work['rightsType']>, string>> = {
  trademark: 'trademark',
  trade_name: 'trademark',
  copyright: 'copyright',
  software: 'copyright',
  patent: 'patent',
  design: 'design',
};
const NEEDS_NUMBER = new Set(['trademark', 'patent', 'design']);

function ipTypes(input: NoticeInput): string[] {
  return [...new Set(input.works.map((w) => w.rightsType && IP_TYPE[w.rightsType]).filter((t): t is string => !!t))];
}

const schema = NoticeInputSchema.superRefine((input, ctx) => {
  input.works.forEach((w, i) => {
    if (w.rightsType && !IP_TYPE[w.rightsType]) {
      const message = `Amazon takes trademark, copyright, patent or design, not ${w.rightsType}`;
      ctx.addIssue({ code: 'custom', path: ['works', i, 'rightsType'], message });
    }
  });
  const types = ipTypes(input);
  if (types.length > 1) {
    const message = `one IP type per Amazon report; this one mixes ${types.join(' and ')}: split it`;
    ctx.addIssue({ code: 'custom', path: ['works'], message });
  }
  const n = allItems(input).length;
  if (n > AMAZON_MAX_LISTINGS) {
    const message = `at most ${AMAZON_MAX_LISTINGS} listings per Amazon report; this one has ${n}: split it`;
    ctx.addIssue({ code: 'custom', path: ['works'], message });
  }
});

const requiredElements: RequiredElement<NoticeInput>[] = [
  {
    id: 'relationship',
    label: 'your relationship to the rights owner (owner or authorised agent)',
    basis: RULE,
    paths: ['authority'],
  },
  {
    id: 'rights-owner',
    label: 'name of the rights owner',
    basis: RULE,
    paths: ['principal.name'],
    // When the owner files for itself its name is the contact name, asked for below.
    when: (i) => ownerPath(i) === 'principal',
  },
  { id: 'contact-name', label: 'contact name', basis: RULE, paths: ['sender.name'] },
  { id: 'contact-email', label: 'contact email', basis: RULE, paths: ['sender.email'] },
  { id: 'contact-phone', label: 'contact phone', basis: RULE, paths: ['sender.phone'] },
  {
    id: 'ip-type',
    label: 'type of IP (trademark, copyright, patent or design)',
    basis: RULE,
    paths: ['works.*.rightsType'],
  },
  {
    id: 'protected-right',
    label: 'the trademark, copyrighted work, patent or design concerned',
    basis: RULE,
    paths: ['works.*.title'],
  },
  {
    id: 'registration-number',
    label: 'registration number (trademark, design) or patent number (patent)',
    basis: RULE,
    paths: ['works.*.registrations.*.number'],
    when: (i) => ipTypes(i).some((t) => NEEDS_NUMBER.has(t)),
  },
  {
    id: 'listings',
    label: 'the listings reported (ASIN or URL)',
    basis: RULE,
    paths: ['works.*.items.*.listingId', 'works.*.items.*.url'],
    check: (i) =>
      i.works.length > 0 &&
      i.works.every((w) => w.items.length > 0 && w.items.every((it) => !!(it.listingId?.trim() || it.url))),
  },
  {
    id: 'where',
    label: 'where on the page the infringement is (title, image, description, the product itself…)',
    basis: RULE,
    paths: ['works.*.items.*.infringingParts'],
  },
  {
    id: 'good-faith',
    label: 'statement of good-faith belief that the use is contrary to law',
    basis: RULE,
    paths: ['statements.goodFaith'],
    text:
      'I have a good faith belief that the content(s) described above violate(s) my rights described above or ' +
      'those held by the rights owner, and that the use of such content(s) is contrary to law.',
  },
  {
    id: 'accuracy',
    label:
      'declaration under penalty of perjury that the information is accurate and the signer is the owner or its agent',
    basis: RULE,
    paths: ['statements.accurate', 'statements.authorised'],
    text:
      'I declare, under penalty of perjury, that the information contained in this notification is correct and ' +
      'accurate and that I am the owner or agent of the owner of the rights described above.',
  },
  { id: 'signature', label: 'electronic signature', basis: RULE, paths: ['signature.name'] },
  EVIDENCE_ELEMENT,
];

function render(input: NoticeInput) {
  const statements = statementsOf(requiredElements, input);
  const ipType = ipTypes(input)[0] ?? '';
  const listings = input.works.flatMap((w) =>
    w.items.map((it) => ({
      asin: it.listingId,
      url: it.url,
      right: w.title,
      title: it.title,
      seller: it.seller,
      where: it.infringingParts,
      testBuyOrderId: it.testBuyOrderId,
      evidence: it.evidence.map(evidenceJson),
    })),
  );
  const owner = ownerOf(input);
  const blocks: Block[] = [
    heading(`Amazon infringement report (${ipType})`),
    fields([
      ['Date', isoDay(input.date)],
      ['Reference', input.reference],
      [
        'Relationship to rights owner',
        input.authority === 'agent' ? 'agent (authorised to act for the rights owner)' : 'owner (rights owner)',
      ],
      ['Rights owner', owner.name],
      ['Contact name', input.sender.name],
      ['Contact email', input.sender.email],
      ['Contact phone', input.sender.phone],
      ['IP type', ipType],
    ]),
    heading('Rights'),
    list(input.works.map((w) => [w.title, registrationsText(w), w.description].filter(Boolean).join('\n'))),
    heading(`Listings (${listings.length} of at most ${AMAZON_MAX_LISTINGS})`),
    list(input.works.flatMap((w) => w.items.map((it) => itemText(it)))),
    ...(input.explanation ? [heading('Additional information'), paragraph(input.explanation)] : []),
    heading('Declarations'),
    list(statements),
    fields([['Electronic signature', signatureText(input)]]),
  ];
  return {
    subject: `Amazon infringement report (${ipType}): ${listings.length} listings`,
    blocks,
    json: {
      regime: 'amazon',
      date: input.date,
      reference: input.reference,
      ipType,
      relationship: input.authority,
      rightsOwner: owner.name,
      contact: { name: input.sender.name, email: input.sender.email, phone: input.sender.phone },
      rights: input.works.map((w) => ({
        name: w.title,
        registrations: w.registrations,
        description: w.description,
      })),
      listings,
      additionalInformation: input.explanation,
      declarations: statements,
      signature: input.signature?.name,
    },
    statements,
  };
}

export const amazon = defineRegime({
  id: 'amazon',
  title: 'Amazon-style marketplace infringement report',
  jurisdictions: [],
  schema,
  requiredElements,
  render,
  /** The marketplace's own process; no statutory clock. */
  counterClock: undefined,
  lumenType: 'by-rights',
});
