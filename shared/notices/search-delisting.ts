/**
 * Search-engine delisting request (Google-copyright-removal-like): for each
 * work, the pirate site's page URLs to drop from results. The fallback when a
 * site ignores notices: it cannot be made to remove, but it can be made hard to find.
 */
import type { RequiredElement } from './elements';
import { NoticeInputSchema, type Item, type NoticeInput } from './model';
import { EVIDENCE_ELEMENT, evidenceJson, itemText, signatureText, statementsOf } from './parts';
import { defineRegime } from './regime';
import { fields, heading, isoDay, list, type Block } from './render';

const RULE = 'search engine copyright removal request';

const requiredElements: RequiredElement<NoticeInput>[] = [
  { id: 'notifier-name', label: 'your name', basis: RULE, paths: ['sender.name'] },
  { id: 'notifier-email', label: 'your email address', basis: RULE, paths: ['sender.email'] },
  { id: 'country', label: 'your country', basis: RULE, paths: ['sender.countryCode'] },
  {
    id: 'copyright-owner',
    label: 'name of the copyright owner you represent',
    basis: RULE,
    paths: ['principal.name'],
    when: (i) => i.authority === 'agent',
  },
  {
    id: 'work',
    label: 'identification of each copyrighted work',
    basis: '17 U.S.C. §512(d)(3)',
    paths: ['works.*.title'],
  },
  {
    id: 'infringing-urls',
    label: "URLs of the pirate site's pages for each work",
    basis: '17 U.S.C. §512(d)(3)',
    paths: ['works.*.items.*.url'],
  },
  {
    id: 'good-faith',
    label: 'statement of good-faith belief that the use is not authorised',
    basis: '17 U.S.C. §512(c)(3)(A)(v)',
    paths: ['statements.goodFaith'],
    text:
      'I have a good faith belief that use of the copyrighted materials described above as allegedly infringing ' +
      'is not authorized by the copyright owner, its agent, or the law.',
  },
  {
    id: 'accuracy',
    label: 'statement that the information is accurate and, under penalty of perjury, that you may act for the owner',
    basis: '17 U.S.C. §512(c)(3)(A)(vi)',
    paths: ['statements.accurate', 'statements.authorised'],
    text:
      'The information in this notification is accurate, and I swear, under penalty of perjury, that I am the ' +
      'copyright owner or am authorized to act on behalf of the owner of an exclusive right that is allegedly ' +
      'infringed.',
  },
  { id: 'signature', label: 'signature', basis: '17 U.S.C. §512(c)(3)(A)(i)', paths: ['signature.name'] },
  EVIDENCE_ELEMENT,
];

/** The item's site as given, else the URL's host: one request lists a pirate site's pages together. */
function siteOf(item: Item): string {
  if (item.site) return item.site;
  return item.url ? new URL(item.url).hostname : '';
}

function bySite(items: Item[]): { site: string; items: Item[] }[] {
  const groups = new Map<string, Item[]>();
  for (const it of items) groups.set(siteOf(it), [...(groups.get(siteOf(it)) ?? []), it]);
  return [...groups].map(([site, its]) => ({ site, items: its }));
}

function render(input: NoticeInput) {
  const statements = statementsOf(requiredElements, input);
  const requests = input.works.map((w) => ({
    work: w.title,
    description: w.description,
    authorisedExample: w.officialUrls[0],
    sites: bySite(w.items).map((g) => ({
      site: g.site,
      urls: g.items.map((it) => it.url),
      evidence: g.items.map((it) => ({ url: it.url, evidence: it.evidence.map(evidenceJson) })),
    })),
  }));
  const sites = [...new Set(requests.flatMap((r) => r.sites.map((s) => s.site)))];
  const urlTotal = requests.reduce((n, r) => n + r.sites.reduce((k, s) => k + s.urls.length, 0), 0);
  const blocks: Block[] = [
    heading('Request to remove copyright-infringing pages from search results'),
    fields([
      ['Date', isoDay(input.date)],
      ['Reference', input.reference],
      ['Name', input.sender.name],
      ['Email', input.sender.email],
      ['Country', input.sender.countryCode],
      ['Copyright owner', input.authority === 'agent' ? input.principal?.name : input.sender.name],
    ]),
    ...input.works.flatMap((w) => [
      heading(`Work: ${w.title ?? ''}`),
      fields([
        ['Description', w.description],
        ['Authorised example', w.officialUrls.join('\n')],
      ]),
      ...bySite(w.items).flatMap((g) => [heading(`Pages on ${g.site}`), list(g.items.map((it) => itemText(it)))]),
    ]),
    heading('Statements'),
    list(statements),
    fields([['Signature', signatureText(input)]]),
  ];
  return {
    subject: `Search delisting request: ${urlTotal} URLs on ${sites.join(', ')}`,
    blocks,
    json: {
      regime: 'search-delisting',
      date: input.date,
      reference: input.reference,
      submission: {
        name: input.sender.name,
        email: input.sender.email,
        country: input.sender.countryCode,
        copyrightOwner: input.authority === 'agent' ? input.principal?.name : input.sender.name,
        requests,
        statements,
        signature: input.signature?.name,
      },
    },
    statements,
  };
}

export const searchDelisting = defineRegime({
  id: 'search-delisting',
  title: 'Search engine delisting request',
  jurisdictions: [],
  schema: NoticeInputSchema,
  requiredElements,
  render,
  /** Search engines handle delisting requests as DMCA notices: §512(g) applies. */
  counterClock: 'dmca',
  lumenType: 'by-rights',
});
