/**
 * Alibaba IP Protection (IPP) complaint: the documents IPP asks for (identity
 * proof, IP certificate, an authorisation letter when an agent files, a
 * test-buy report for counterfeit claims) and the infringing links.
 */
import { z } from 'zod';
import type { RequiredElement } from './elements';
import { NoticeInputSchema, ownerOf, ownerPath, type Attachment } from './model';
import { EVIDENCE_ELEMENT, attachmentText, evidenceJson, itemText, registrationsText } from './parts';
import { defineRegime } from './regime';
import { fields, heading, isoDay, list, paragraph, type Block } from './render';

const RULE = 'Alibaba IPP complaint';

export const IPP_REASONS = {
  trademark_counterfeit: { label: 'Counterfeit goods bearing the trademark (假冒商标)', needsTestBuy: true },
  trademark_misuse: { label: 'Unauthorised use of the trademark in the listing (商标滥用)', needsTestBuy: false },
  copyright: { label: 'Copyright infringement (著作权侵权)', needsTestBuy: false },
  patent: { label: 'Patent infringement (专利侵权)', needsTestBuy: false },
} as const;
export type IppReason = keyof typeof IPP_REASONS;

const schema = NoticeInputSchema.extend({
  alibaba: z.object({ reason: z.enum(Object.keys(IPP_REASONS) as [IppReason, ...IppReason[]]).optional() }).default({}),
});
export type IppInput = z.output<typeof schema>;

const requiredElements: RequiredElement<IppInput>[] = [
  { id: 'right-holder', label: 'name of the right holder', basis: RULE, paths: (i) => [`${ownerPath(i)}.name`] },
  {
    id: 'identity-proof',
    label: "proof of the right holder's identity (business licence or ID document)",
    basis: RULE,
    paths: ['documents.identityProof'],
  },
  {
    id: 'ip-certificate',
    label: 'IP certificate of each right (registration certificate)',
    basis: RULE,
    paths: ['works.*.certificate'],
  },
  {
    id: 'authorisation-letter',
    label: "the right holder's authorisation letter for the agent",
    basis: RULE,
    paths: ['documents.authorisationLetter'],
    when: (i) => i.authority === 'agent',
  },
  { id: 'complaint-reason', label: 'reason for the complaint', basis: RULE, paths: ['alibaba.reason'] },
  {
    id: 'test-buy-report',
    label: 'test-buy report (counterfeit complaints)',
    basis: RULE,
    paths: ['documents.testBuyReport'],
    when: (i) => !!i.alibaba.reason && IPP_REASONS[i.alibaba.reason].needsTestBuy,
  },
  { id: 'infringing-links', label: 'the infringing links', basis: RULE, paths: ['works.*.items.*.url'] },
  EVIDENCE_ELEMENT,
];

const doc = (a: Attachment | undefined) => (a ? attachmentText(a) : undefined);

function render(input: IppInput) {
  const owner = ownerOf(input);
  const reason = input.alibaba.reason;
  const links = input.works.flatMap((w) => w.items);
  const agent = input.authority === 'agent' ? input.sender : undefined;
  const blocks: Block[] = [
    heading(`Alibaba IPP complaint: ${reason ?? ''}`),
    fields([
      ['Date', isoDay(input.date)],
      ['Reference', input.reference],
      ['Reason', reason && `${reason}: ${IPP_REASONS[reason].label}`],
      ['Right holder', owner.name],
      ['Identity proof', doc(input.documents.identityProof)],
      ['Agent', agent?.name],
      ['Authorisation letter', doc(input.documents.authorisationLetter)],
      ['Test-buy report', doc(input.documents.testBuyReport)],
    ]),
    heading('IP rights'),
    list(
      input.works.map((w) =>
        [w.title, w.rightsType, registrationsText(w), w.certificate && `Certificate: ${attachmentText(w.certificate)}`]
          .filter(Boolean)
          .join('\n'),
      ),
    ),
    heading(`Infringing links (${links.length})`),
    list(links.map((it) => itemText(it))),
    ...(input.explanation ? [heading('Description'), paragraph(input.explanation)] : []),
  ];
  return {
    subject: `Alibaba IPP complaint (${reason ?? ''}): ${links.length} links`,
    blocks,
    json: {
      regime: 'alibaba-ipp',
      date: input.date,
      reference: input.reference,
      submission: {
        rightHolder: {
          name: owner.name,
          identityNumber: owner.identityNumber,
          identityProof: input.documents.identityProof,
        },
        agent: agent && {
          name: agent.name,
          email: agent.email,
          authorisationLetter: input.documents.authorisationLetter,
        },
        ipRights: input.works.map((w) => ({
          type: w.rightsType,
          name: w.title,
          registrationNumbers: w.registrations.map((r) => r.number),
          certificate: w.certificate,
        })),
        complaint: {
          reason,
          links: links.map((it) => ({ url: it.url, title: it.title, seller: it.seller, productId: it.listingId })),
          testBuyReport: input.documents.testBuyReport,
          description: input.explanation,
        },
      },
      evidence: links.map((it) => ({ url: it.url, evidence: it.evidence.map(evidenceJson) })),
    },
    statements: [],
  };
}

export const alibabaIpp = defineRegime({
  id: 'alibaba-ipp',
  title: 'Alibaba IPP complaint',
  jurisdictions: ['CN'],
  schema,
  requiredElements,
  render,
  /** Alibaba's platforms are bound by E-Commerce Law Art. 43. */
  counterClock: 'cn-ecommerce',
  lumenType: 'by-rights',
});
