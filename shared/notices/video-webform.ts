/**
 * A video platform's copyright removal webform (YouTube-like): who you are and
 * your authority, the work, each video with the span where the work appears,
 * and the sworn statements. Produced as the fields to fill in.
 */
import type { RequiredElement } from './elements';
import { NoticeInputSchema, type NoticeInput } from './model';
import { EVIDENCE_ELEMENT, evidenceJson, itemText, signatureText, statementsOf } from './parts';
import { defineRegime } from './regime';
import { clock, fields, heading, isoDay, list, type Block } from './render';

const RULE = 'video platform copyright removal webform';

const requiredElements: RequiredElement<NoticeInput>[] = [
  { id: 'full-legal-name', label: 'your full legal name', basis: RULE, paths: ['sender.name'] },
  { id: 'email', label: 'your email address', basis: RULE, paths: ['sender.email'] },
  { id: 'authority', label: 'your authority: copyright owner or authorised agent', basis: RULE, paths: ['authority'] },
  {
    id: 'copyright-owner',
    label: 'name of the copyright owner you act for',
    basis: RULE,
    paths: ['principal.name'],
    when: (i) => i.authority === 'agent',
  },
  { id: 'work', label: 'the copyrighted work', basis: RULE, paths: ['works.*.title'] },
  { id: 'video-urls', label: 'URL of each infringing video', basis: RULE, paths: ['works.*.items.*.url'] },
  {
    id: 'timestamps',
    label: 'start and end time of the infringing part of each video',
    basis: RULE,
    paths: ['works.*.items.*.timestamps'],
  },
  {
    id: 'good-faith',
    label: 'statement of good-faith belief that the use is not authorised',
    basis: '17 U.S.C. §512(c)(3)(A)(v)',
    paths: ['statements.goodFaith'],
    text:
      'I have a good faith belief that use of the material in the manner complained of is not authorized by the ' +
      'copyright owner, its agent, or the law.',
  },
  {
    id: 'accuracy',
    label: 'statement that the information is accurate and, under penalty of perjury, that you may act for the owner',
    basis: '17 U.S.C. §512(c)(3)(A)(vi)',
    paths: ['statements.accurate', 'statements.authorised'],
    text:
      'The information in this notification is accurate, and under penalty of perjury, I am the owner, or an ' +
      'agent authorized to act on behalf of the owner, of an exclusive right that is allegedly infringed.',
  },
  { id: 'signature', label: 'signature (your full legal name)', basis: RULE, paths: ['signature.name'] },
  EVIDENCE_ELEMENT,
];

function render(input: NoticeInput) {
  const statements = statementsOf(requiredElements, input);
  const videos = input.works.flatMap((w) =>
    w.items.map((it) => ({
      url: it.url,
      videoId: it.listingId,
      title: it.title,
      uploader: it.seller,
      work: w.title,
      timestamps: it.timestamps.map((t) => ({ ...t, text: `${clock(t.start)}-${clock(t.end)}` })),
      evidence: it.evidence.map(evidenceJson),
    })),
  );
  const blocks: Block[] = [
    heading('Copyright removal request'),
    fields([
      ['Date', isoDay(input.date)],
      ['Reference', input.reference],
      ['Full legal name', input.sender.name],
      ['Email', input.sender.email],
      [
        'Authority',
        input.authority === 'agent' ? 'agent (authorised to act for the copyright owner)' : 'owner (copyright owner)',
      ],
      ['Copyright owner', input.authority === 'agent' ? input.principal?.name : input.sender.name],
    ]),
    ...input.works.flatMap((w) => [
      heading(`Work: ${w.title ?? ''}`),
      fields([['Description', w.description]]),
      list(w.items.map((it) => itemText(it))),
    ]),
    heading('Statements'),
    list(statements),
    fields([['Signature', signatureText(input)]]),
  ];
  return {
    subject: `Copyright removal request: ${videos.length} videos`,
    blocks,
    json: {
      regime: 'video-webform',
      date: input.date,
      reference: input.reference,
      submission: {
        fullLegalName: input.sender.name,
        email: input.sender.email,
        authority: input.authority,
        copyrightOwner: input.authority === 'agent' ? input.principal?.name : input.sender.name,
        works: input.works.map((w) => ({ title: w.title, description: w.description, type: w.rightsType })),
        videos,
        statements,
        signature: input.signature?.name,
      },
    },
    statements,
  };
}

export const videoWebform = defineRegime({
  id: 'video-webform',
  title: 'Video platform copyright removal webform',
  jurisdictions: [],
  schema: NoticeInputSchema,
  requiredElements,
  render,
  /** The platforms' webforms are DMCA notices: §512(g) applies. */
  counterClock: 'dmca',
  lumenType: 'by-rights',
});
