/**
 * Discovery's triage queue (reviewers and admins; holders never see the tab,
 * the API refuses them): candidate sites as the API ranks them — infringing
 * first, then by evidence score — each with its kind, score, where it was
 * found and the reasons behind the score. Accept, Reject (each with a reason)
 * or mark Official; an accepted site is a pirate site at once, offered to
 * the Site blocking view.
 */
import type { CandidateAccepted, DiscoveryCandidate } from '../../../../shared/model';
import { byId, formatWeight, h, replace } from '../../../utils/dom';
import type { EnforcementApi } from '../../../utils/enforcement-api';
import { errorText } from '../../../utils/pages';

type Status = 'new' | 'accepted' | 'rejected' | 'official' | 'all';

let api: EnforcementApi | undefined;
/** Where "Offer for blocking" goes: the side panel's Site blocking view, with the domain filled in. */
let toBlocking: (domain: string) => void = () => undefined;

const say = (text: string, kind = 'muted') => {
  const el = byId('discovery-message');
  el.className = kind;
  el.textContent = text;
};

export function setDiscoveryContext(a: EnforcementApi | undefined, block: (domain: string) => void): void {
  api = a;
  toBlocking = block;
}

export async function showDiscovery(): Promise<void> {
  const list = byId('candidates');
  if (!api) return replace(list, h('p', { class: 'error' }, 'Not connected.'));
  const status = byId<HTMLSelectElement>('discovery-status').value as Status;
  say('Loading…');
  try {
    const { candidates } = await api.candidates(status);
    say(candidates.length ? `${candidates.length} candidate${candidates.length === 1 ? '' : 's'}` : 'Queue empty.');
    replace(list, ...candidates.map(row));
  } catch (e) {
    say(`Cannot list candidates: ${errorText(e)}`, 'error');
    replace(list);
  }
}

function row(c: DiscoveryCandidate): HTMLElement {
  const reason = h('input', {
    attrs: { type: 'text', 'data-field': 'reason', placeholder: 'reason (for the audit log)', maxlength: 2000 },
  });
  const outcome = h('div', { attrs: { 'data-testid': 'outcome' } });
  const decide = async (decision: 'accept' | 'reject' | 'official') => {
    if (!api) return;
    const why = reason.value.trim();
    if (decision !== 'official' && why.length < 3) {
      reason.focus();
      return say(`Say why you ${decision} ${c.domain} (at least 3 characters).`, 'error');
    }
    try {
      if (decision === 'accept') {
        const r = await api.acceptCandidate(c.id, why);
        replace(outcome, ...accepted(r));
        say(`${c.domain} accepted.`, 'okay');
      } else {
        const r = await api.decideCandidate(c.id, decision, why || undefined);
        replace(outcome, h('p', { class: 'muted' }, `${r.status}${r.decisionReason ? `: ${r.decisionReason}` : ''}`));
        say(`${c.domain} ${r.status}.`, 'okay');
      }
      el.dataset.status = decision === 'accept' ? 'accepted' : decision === 'reject' ? 'rejected' : 'official';
      for (const b of buttons) b.disabled = true;
      reason.disabled = true;
    } catch (e) {
      say(`${c.domain} not decided: ${errorText(e)}`, 'error');
    }
  };
  const button = (decision: 'accept' | 'reject' | 'official', label: string) =>
    h(
      'button',
      {
        class: decision === 'accept' ? 'primary' : undefined,
        attrs: { type: 'button', 'data-action': decision, disabled: c.status !== 'new' },
        on: { click: () => void decide(decision) },
      },
      label,
    );
  const buttons = [button('accept', 'Accept'), button('reject', 'Reject'), button('official', 'Official')];
  const reasons = [
    ...c.nameReasons.map((r) => `${r.kind}: ${r.detail}`),
    ...(c.signals ?? []).map((s) => `${formatWeight(s.weight)} ${s.signal.replace(/_/g, ' ')}: ${s.detail}`),
    ...(c.mirrorOf ?? []).map((m) => `mirror of ${m.domain} (${m.score.toFixed(2)})`),
  ];
  const el = h(
    'div',
    { class: 'notice candidate', attrs: { 'data-candidate': c.id, 'data-domain': c.domain, 'data-status': c.status } },
    h(
      'div',
      { class: 'row' },
      h('span', { class: 'score' }, c.score.toFixed(2)),
      h('b', { class: 'break' }, c.unicode === c.domain ? c.domain : `${c.unicode} (${c.domain})`),
      h(
        'span',
        { class: `pill ${c.infringing ? 'confirmed' : 'new'}`, attrs: { 'data-testid': 'kind' } },
        c.kind ?? 'unchecked',
      ),
      c.infringing ? h('span', { class: 'muted' }, 'infringing') : null,
    ),
    h(
      'p',
      { class: 'muted break', attrs: { 'data-testid': 'sources' } },
      c.sources.map((s) => `${s.source}: ${s.detail}${s.by ? ` (by ${s.by})` : ''}`).join(' · '),
    ),
    reasons.length
      ? h('ul', { class: 'plain signals', attrs: { 'data-testid': 'reasons' } }, ...reasons.map((r) => h('li', {}, r)))
      : null,
    c.status === 'new'
      ? h('div', {}, reason, h('div', { class: 'row actions' }, ...buttons))
      : h(
          'p',
          { class: 'muted' },
          `${c.status}${c.decidedBy ? ` by ${c.decidedBy}` : ''}${c.decisionReason ? `: ${c.decisionReason}` : ''}`,
        ),
    outcome,
  );
  if (c.status === 'accepted' && c.pirateSiteId !== null) outcome.appendChild(blockButton(c.domain));
  return el;
}

function accepted(r: CandidateAccepted): HTMLElement[] {
  return [
    h(
      'p',
      { class: 'okay', attrs: { 'data-testid': 'pirate-site', 'data-site': r.pirateSiteId } },
      `Recorded as pirate site #${r.pirateSiteId}`,
      r.mirrors.length ? ` with mirrors ${r.mirrors.join(', ')}` : '',
      '.',
    ),
    h(
      'p',
      { class: 'muted', attrs: { 'data-testid': 'sweep', 'data-queued': String(r.sweepQueued) } },
      r.sweepQueued
        ? `Sweep queued (${r.adapter ?? 'adapter'}): \`counterscan discover sweep\` runs it.`
        : 'No template reader knows this site: no sweep queued.',
    ),
    blockButton(r.candidate.domain),
  ];
}

function blockButton(domain: string): HTMLElement {
  return h(
    'button',
    { attrs: { type: 'button', 'data-action': 'to-blocking' }, on: { click: () => toBlocking(domain) } },
    'Site blocking…',
  );
}
