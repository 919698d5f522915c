/**
 * Composing a notice for a case: the regime, the platform it goes to and how
 * (email or its web form), the holder's readiness for that choice, and what
 * only the reviewer may write — the signature, the sworn statements (never
 * ticked by default), the measures asked for and a description. "Build
 * draft" asks the API, which gates every listing; an edited draft is rebuilt
 * in place, or discarded.
 */
import type { CaseView, ChannelView, NoticeView, Readiness } from '../../../../shared/model';
import { h, replace } from '../../../utils/dom';
import type { NoticeWords } from '../../../utils/enforcement-api';
import { errorText } from '../../../utils/pages';
import type { NoticesContext } from './context';
import { previewBox } from './preview';
import { readinessBox } from './readiness';
import { refusalBox } from './refusals';

export interface ComposerData {
  kase: CaseView;
  regimes: { id: string; name: string }[];
  channels: ChannelView[];
  readiness: Readiness | undefined;
  /** The case's draft being edited, if any. */
  draft: NoticeView | undefined;
  /** What the reviewer wrote last in this panel (an edited draft starts from it). */
  words: NoticeWords | undefined;
}

const STATEMENTS: [keyof NonNullable<NoticeWords['statements']>, string][] = [
  ['goodFaith', 'I have a good-faith belief that the use is not authorised by the owner, its agent or the law.'],
  ['accurate', 'The information in this notice is accurate.'],
  ['authorised', 'Under penalty of perjury, I am the owner or authorised to act for the owner.'],
  ['complete', 'The notice is complete to the best of my knowledge.'],
];
const MEASURES = ['delete', 'block', 'disconnect', 'terminate'] as const;

/** How the regime's notice can reach a platform, from the readiness answer (email first when it can). */
function methodsOf(r: Readiness | undefined, regime: string): string[] {
  return r?.regimes.find((x) => x.regime === regime)?.channels.map((c) => c.channel) ?? ['email'];
}

export function renderComposer(
  el: HTMLElement,
  ctx: NoticesContext,
  d: ComposerData,
  onDraft: (n: NoticeView | undefined, words?: NoticeWords) => void,
): void {
  const regime = h(
    'select',
    { attrs: { id: 'regime', 'aria-label': 'Regime' } },
    ...d.regimes.map((r) => h('option', { attrs: { value: r.id } }, r.name)),
  );
  const channel = h(
    'select',
    { attrs: { id: 'channel', 'aria-label': 'Platform' } },
    ...d.channels.map((c) => h('option', { attrs: { value: c.id } }, `${c.name} <${c.email}>`)),
  );
  const method = h('select', { attrs: { id: 'method', 'aria-label': 'Sent by' } });
  if (d.draft) {
    regime.value = d.draft.regime;
    channel.value = d.draft.channelId;
    regime.disabled = channel.disabled = true;
  }
  const ready = h('div', { attrs: { id: 'readiness' } });
  const signature = h('input', { attrs: { id: 'signature', type: 'text', autocomplete: 'name' } });
  const explanation = h('textarea', { attrs: { id: 'explanation', rows: 3 } });
  const statements = STATEMENTS.map(([key, text]) => ({
    key,
    box: h('input', { attrs: { type: 'checkbox', 'data-statement': key, id: `st-${key}` } }),
    text,
  }));
  const measures = MEASURES.map((m) => ({
    m,
    box: h('input', { attrs: { type: 'checkbox', 'data-measure': m, id: `me-${m}` } }),
  }));
  const result = h('div', { attrs: { id: 'compose-result' } }, d.draft ? previewBox(d.draft) : null);

  const refresh = () => {
    const keep = method.value;
    replace(method, ...methodsOf(d.readiness, regime.value).map((m) => h('option', { attrs: { value: m } }, m)));
    if ([...method.options].some((o) => o.value === keep)) method.value = keep;
    replace(ready, readinessBox(d.readiness, regime.value, method.value));
  };
  regime.addEventListener('change', refresh);
  method.addEventListener('change', refresh);
  refresh();

  const words = (): NoticeWords => ({
    signature: signature.value.trim() ? { name: signature.value.trim(), kind: 'electronic' } : undefined,
    statements: Object.fromEntries(statements.map((s) => [s.key, s.box.checked])),
    requestedMeasures: measures.filter((x) => x.box.checked).map((x) => x.m),
    explanation: explanation.value.trim() || undefined,
  });
  const build = async () => {
    ctx.say(d.draft ? 'Rebuilding the draft…' : 'Building the draft…');
    try {
      const n = d.draft
        ? await ctx.api.reviseNotice(d.draft.id, words())
        : await ctx.api.createNotice(d.kase.id, regime.value, channel.value, words());
      ctx.say(`Draft #${n.id} ready: check the preview, then send.`, 'okay');
      onDraft(n, words());
    } catch (e) {
      ctx.say(`Not built: ${errorText(e)}`, 'error');
      replace(result, refusalBox(e), d.draft ? previewBox(d.draft) : null);
    }
  };
  const discard = async () => {
    if (!d.draft) return;
    try {
      await ctx.api.discardNotice(d.draft.id);
      ctx.say(`Draft #${d.draft.id} discarded.`, 'okay');
      onDraft(undefined);
    } catch (e) {
      ctx.say(`Not discarded: ${errorText(e)}`, 'error');
    }
  };

  replace(
    el,
    h('h2', {}, d.draft ? `Edit draft #${d.draft.id}` : 'New notice'),
    h('label', { attrs: { for: 'regime' } }, 'Regime'),
    regime,
    h('label', { attrs: { for: 'channel' } }, 'Platform'),
    d.channels.length ? channel : h('p', { class: 'error' }, 'No platforms yet: an admin adds one (PUT /v1/channels).'),
    h('label', { attrs: { for: 'method' } }, 'Sent by'),
    method,
    ready,
    h('label', { attrs: { for: 'signature' } }, 'Signature (full name of the person signing)'),
    signature,
    h('label', {}, 'Statements (the signer makes them: tick each one that is true)'),
    ...statements.map((s) => h('div', { class: 'row' }, s.box, h('label', { attrs: { for: s.box.id } }, s.text))),
    h('label', {}, 'Measures requested'),
    h(
      'div',
      { class: 'row' },
      ...measures.map((x) => h('span', { class: 'row' }, x.box, h('label', { attrs: { for: x.box.id } }, x.m))),
    ),
    h('label', { attrs: { for: 'explanation' } }, 'Description of the infringement (free text)'),
    explanation,
    h(
      'div',
      { class: 'row actions' },
      h(
        'button',
        { class: 'primary', attrs: { id: 'build', type: 'button' }, on: { click: () => void build() } },
        d.draft ? 'Update draft' : 'Build draft',
      ),
      d.draft
        ? h('button', { attrs: { id: 'discard', type: 'button' }, on: { click: () => void discard() } }, 'Discard')
        : null,
    ),
    result,
  );
  if (d.words) fill(d.words);

  function fill(w: NoticeWords): void {
    signature.value = w.signature?.name ?? '';
    explanation.value = w.explanation ?? '';
    for (const s of statements) s.box.checked = !!w.statements?.[s.key];
    for (const x of measures) x.box.checked = !!w.requestedMeasures?.includes(x.m);
  }
}
