/** EU Digital Services Act (Regulation (EU) 2022/2065) Art. 16(2): notice of illegal content, trademark included. */
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

const LAW = 'Regulation (EU) 2022/2065 (Digital Services Act) Art. 16(2)';

const requiredElements: RequiredElement<NoticeInput>[] = [
  {
    id: 'explanation',
    label: 'a sufficiently substantiated explanation of why the content is illegal',
    basis: `${LAW}(a)`,
    paths: ['explanation'],
  },
  {
    id: 'location',
    label: 'the exact electronic location of the content (URLs)',
    basis: `${LAW}(b)`,
    paths: ['works.*.items.*.url'],
  },
  {
    id: 'notifier-name',
    label: 'name of the individual or entity submitting the notice',
    basis: `${LAW}(c)`,
    paths: ['sender.name'],
  },
  { id: 'notifier-email', label: 'email address of the notifier', basis: `${LAW}(c)`, paths: ['sender.email'] },
  {
    id: 'bona-fide-statement',
    label: 'statement of bona fide belief that the information and allegations are accurate and complete',
    basis: `${LAW}(d)`,
    paths: ['statements.accurate', 'statements.complete'],
    text:
      'I confirm my bona fide belief that the information and allegations contained in this notice are accurate ' +
      'and complete.',
  },
  EVIDENCE_ELEMENT,
];

function render(input: NoticeInput) {
  const statements = statementsOf(requiredElements, input);
  const blocks: Block[] = [
    heading(`Notice of illegal content under ${LAW}`),
    fields([
      ['To', input.recipient?.name],
      ['Date', isoDay(input.date)],
      ['Reference', input.reference],
    ]),
    heading('Notifier'),
    partyBlock(input.sender),
    ...(input.principal?.name ? [paragraph(`Acting on behalf of the rights holder ${input.principal.name}.`)] : []),
    heading('Why the content is illegal'),
    paragraph(input.explanation ?? ''),
    ...input.works.flatMap((w, i) => [
      heading(`Right ${i + 1}: ${w.title ?? ''}${w.rightsType ? ` (${w.rightsType})` : ''}`),
      workBlock(w),
      paragraph('Exact location of the illegal content:'),
      list(w.items.map((item) => itemText(item))),
    ]),
    heading('Statement'),
    list(statements),
    paragraph(
      'Please confirm receipt of this notice (Art. 16(4)) and inform me of your decision and of the redress ' +
        'possible (Art. 16(5)).',
    ),
    fields([
      ['Signed', signatureText(input)],
      ['Date', isoDay(input.date)],
    ]),
  ];
  return {
    subject: `DSA Art. 16 notice of illegal content: ${titlesOf(input.works)} (${urlCount(input)} URLs)`,
    blocks,
    json: { regime: 'eu-dsa', law: LAW, explanation: input.explanation, ...noticeJson(input, statements) },
    statements,
  };
}

export const euDsa = defineRegime({
  id: 'eu-dsa',
  title: 'EU Digital Services Act Art. 16 notice',
  jurisdictions: ['EU'],
  schema: NoticeInputSchema,
  requiredElements,
  render,
  /** The DSA gives a complaint route (Art. 20), not a restore clock. */
  counterClock: undefined,
  lumenType: 'by-rights',
});
