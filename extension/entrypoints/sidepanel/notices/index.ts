/**
 * The notices view: hits from the inbox grouped into a case, the composer
 * (with the holder's readiness and the accuracy gate's refusals), the
 * preview, and the case's outbox. One case at a time.
 */
import type { CaseView, ChannelView, NoticeView, Readiness } from '../../../../shared/model';
import type { HitView } from '../../../utils/api-schemas';
import { byId, h, replace } from '../../../utils/dom';
import type { NoticeWords } from '../../../utils/enforcement-api';
import { errorText } from '../../../utils/pages';
import { renderCaseHits } from './case-hits';
import { renderCasePicker } from './case-picker';
import { renderComposer } from './composer';
import type { NoticesContext } from './context';
import { renderOutbox } from './outbox';

let ctx: NoticesContext | undefined;
let kase: CaseView | undefined;
let draft: NoticeView | undefined;
let words: NoticeWords | undefined;
let lists: { regimes: { id: string; name: string }[]; channels: ChannelView[] } | undefined;

export function setNoticesContext(c: NoticesContext | undefined): void {
  ctx = c;
  lists = undefined;
}

/** From the inbox: these hits are to be noticed (a new case, or added to an open one). */
export async function chooseHits(hits: HitView[]): Promise<void> {
  kase = undefined;
  draft = undefined;
  if (!ctx) return;
  ctx.say('');
  replace(byId('composer'));
  replace(byId('outbox'));
  await renderCasePicker(byId('case'), ctx, hits, (c) => void openCase(c));
}

/** The tab opened on its own: the case shown, or a picker of open cases. */
export async function showNotices(): Promise<void> {
  if (kase) return render();
  await chooseHits([]);
}

async function openCase(c: CaseView): Promise<void> {
  kase = c;
  if (!ctx) return;
  try {
    draft = (await ctx.api.notices(c.id)).notices.find((n) => n.state === 'draft');
  } catch {
    draft = undefined;
  }
  await render();
}

async function render(): Promise<void> {
  if (!ctx || !kase) return;
  const c = ctx;
  const k = kase;
  const caseEl = byId('case');
  await renderCaseHits(caseEl, c, k, (changed) => void openCase(changed));
  caseEl.appendChild(
    h(
      'button',
      { attrs: { type: 'button', id: 'case-other' }, on: { click: () => void chooseHits([]) } },
      'Other case…',
    ),
  );
  let readiness: Readiness | undefined;
  try {
    lists ??= { regimes: (await c.api.regimes()).regimes, channels: (await c.api.channels()).channels };
    readiness = await c.api.readiness(k.holderId);
  } catch (e) {
    c.say(`Cannot read regimes, platforms or readiness: ${errorText(e)}`, 'error');
  }
  renderComposer(
    byId('composer'),
    c,
    { kase: k, regimes: lists?.regimes ?? [], channels: lists?.channels ?? [], readiness, draft, words },
    (n, w) => {
      draft = n;
      if (w) words = w;
      void render();
    },
  );
  await renderOutbox(byId('outbox'), c, k.id, () => void openCase(k));
}
