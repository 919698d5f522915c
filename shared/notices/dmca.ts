/** US DMCA notification of claimed infringement, 17 U.S.C. §512(c)(3)(A)(i)–(vi). */
import type { RequiredElement } from './elements';
import { NoticeInputSchema, type NoticeInput } from './model';
import {
  EVIDENCE_ELEMENT,
  itemText,
  noticeJson,
  partyBlock,
  signatureText,
  statementsOf,
  titlesOf,
  urlCount,
  workBlock,
} from './parts';
import { defineRegime } from './regime';
import { fields, heading, isoDay, list, paragraph, type Block } from './render';

const LAW = '17 U.S.C. §512(c)(3)';

/** Copyright only: software is a copyright work too. Trademark goes through eu-dsa or a platform shape. */
const COPYRIGHT_TYPES = new Set([undefined, 'copyright', 'software']);

const schema = NoticeInputSchema.superRefine((input, ctx) => {
  input.works.forEach((w, i) => {
    if (!COPYRIGHT_TYPES.has(w.rightsType)) {
      ctx.addIssue({
        code: 'custom',
        path: ['works', i, 'rightsType'],
        message: `a DMCA notice covers copyright only, not ${w.rightsType}; use eu-dsa or a platform report`,
      });
    }
  });
});

const requiredElements: RequiredElement<NoticeInput>[] = [
  {
    id: 'signature',
    label: 'physical or electronic signature of the copyright owner or a person authorised to act for it',
    basis: `${LAW}(A)(i)`,
    paths: ['signature.name'],
  },
  {
    id: 'copyrighted-work',
    label: 'identification of the copyrighted work claimed to be infringed',
    basis: `${LAW}(A)(ii)`,
    paths: ['works.*.title'],
  },
  {
    id: 'infringing-material',
    label: 'identification of the infringing material and its location (URL)',
    basis: `${LAW}(A)(iii)`,
    paths: ['works.*.items.*.url'],
  },
  { id: 'complainant-name', label: 'name of the complaining party', basis: `${LAW}(A)(iv)`, paths: ['sender.name'] },
  {
    id: 'complainant-address',
    label: 'postal address of the complaining party',
    basis: `${LAW}(A)(iv)`,
    paths: ['sender.addressLine1', 'sender.city', 'sender.countryCode'],
  },
  {
    id: 'complainant-phone',
    label: 'telephone number of the complaining party',
    basis: `${LAW}(A)(iv)`,
    paths: ['sender.phone'],
  },
  {
    id: 'complainant-email',
    label: 'email address of the complaining party',
    basis: `${LAW}(A)(iv)`,
    paths: ['sender.email'],
  },
  {
    id: 'owner',
    label: 'name of the copyright owner the agent acts for',
    basis: `${LAW}(A)(vi)`,
    paths: ['principal.name'],
    when: (i) => i.authority === 'agent',
  },
  {
    id: 'good-faith',
    label: 'statement of good-faith belief that the use is not authorised by the owner, its agent or the law',
    basis: `${LAW}(A)(v)`,
    paths: ['statements.goodFaith'],
    text:
      'I have a good faith belief that use of the material in the manner complained of is not authorized by the ' +
      'copyright owner, its agent, or the law.',
  },
  {
    id: 'accuracy-and-authority',
    label:
      'statement that the information is accurate and, under penalty of perjury, that the signer is authorised ' +
      'to act for the owner',
    basis: `${LAW}(A)(vi)`,
    paths: ['statements.accurate', 'statements.authorised'],
    text:
      'The information in this notification is accurate, and under penalty of perjury, I am authorized to act on ' +
      'behalf of the owner of an exclusive right that is allegedly infringed.',
  },
  EVIDENCE_ELEMENT,
];

function render(input: NoticeInput) {
  const statements = statementsOf(requiredElements, input);
  const onBehalf =
    input.authority === 'agent' && input.principal?.name
      ? `I am the authorised agent of ${input.principal.name}, the owner of the copyrights identified below.`
      : 'I am the owner of the copyrights identified below.';
  const blocks: Block[] = [
    heading(`Notification of claimed infringement under ${LAW}`),
    fields([
      ['To', input.recipient?.name ? `${input.recipient.name} (designated agent)` : undefined],
      ['Date', isoDay(input.date)],
      ['Reference', input.reference],
    ]),
    paragraph(onBehalf),
    heading('Complaining party'),
    partyBlock(input.sender),
    ...(input.authority === 'agent' && input.principal
      ? [heading('Copyright owner'), partyBlock(input.principal)]
      : []),
    ...input.works.flatMap((w, i) => [
      heading(`Copyrighted work ${i + 1}: ${w.title ?? ''}`),
      workBlock(w),
      paragraph('Infringing material and where it is:'),
      list(w.items.map((item) => itemText(item))),
    ]),
    // The reviewer's own words on why these copies infringe, when given: never required, never invented.
    ...(input.explanation ? [heading('Description of the infringement'), paragraph(input.explanation)] : []),
    heading('Statements'),
    list(statements),
    heading('Signature'),
    fields([
      ['Signed', signatureText(input)],
      ['Date', isoDay(input.date)],
    ]),
  ];
  return {
    subject: `DMCA notice of claimed infringement: ${titlesOf(input.works)} (${urlCount(input)} URLs)`,
    blocks,
    json: { regime: 'dmca', law: LAW, ...noticeJson(input, statements) },
    statements,
  };
}

export const dmca = defineRegime({
  id: 'dmca',
  title: 'US DMCA notification (17 U.S.C. §512(c)(3))',
  jurisdictions: ['US'],
  schema,
  requiredElements,
  render,
  /** §512(g) restores the material 10–14 business days after a counter-notice. */
  counterClock: 'dmca',
  lumenType: 'DMCA',
});
