/**
 * The flag dialog (a window of its own, or inside the popup): the evidence
 * already captured with its hashes, the catalogue item pre-selected by the
 * matcher, the reason and a note. Sending puts the flag in the outbox first,
 * so it is never lost; the answer says whether it reached the server.
 */
import '../../assets/pages.css';
import { browser } from 'wxt/browser';
import { FLAG_REASONS, type FlagReason } from '../../utils/api-schemas';
import { byId, h, replace, safeHttpUrl } from '../../utils/dom';
import { evidenceDb } from '../../utils/evidence-db';
import { ask, errorText } from '../../utils/pages';
import { catalogueItem } from '../../utils/settings';
import type { Draft } from '../background/drafts';

const params = new URLSearchParams(location.search);
const draftId = params.get('draft') ?? '';
const inPopup = params.get('in') === 'popup';
const status = byId('status');
const say = (text: string, kind = 'muted') => {
  status.className = kind;
  status.textContent = text;
};

const REASON_LABEL: Record<FlagReason, string> = {
  counterfeit: 'Counterfeit goods',
  piracy: 'Pirated copy',
  trademark: 'Trademark infringement',
  copyright: 'Copyright infringement',
  design: 'Design infringement',
  patent: 'Patent infringement',
  other: 'Other',
};

async function loadDraft(): Promise<Draft | undefined> {
  const key = `draft:${draftId}`;
  return (await browser.storage.session.get(key))[key] as Draft | undefined;
}

async function showEvidence(draft: Draft): Promise<void> {
  const shot = draft.evidence.find((e) => e.kind === 'screenshot');
  let img: HTMLImageElement | null = null;
  if (shot) {
    const stored = await evidenceDb.get(shot.sha256);
    if (stored && stored.contentType.startsWith('image/')) {
      img = h('img', {
        class: 'shot',
        attrs: {
          alt: 'Screenshot of the page',
          src: URL.createObjectURL(new Blob([stored.bytes], { type: stored.contentType })),
        },
      });
    }
  }
  replace(
    byId('evidence'),
    img,
    draft.screenshotError
      ? h(
          'p',
          { class: 'error' },
          'No screenshot: the browser allows one only after you use the counterscan button or Alt+Shift+F on ' +
            'the page, or with access to all sites. ',
          h(
            'button',
            { attrs: { type: 'button', id: 'addShot' }, on: { click: () => addScreenshot() } },
            'Allow and add screenshot',
          ),
        )
      : null,
    h(
      'ul',
      { class: 'plain hashes', attrs: { 'data-testid': 'evidence' } },
      ...draft.evidence.map((e) =>
        h(
          'li',
          { attrs: { 'data-kind': e.kind, 'data-sha256': e.sha256 } },
          h('b', {}, e.kind),
          ` ${(e.size / 1024).toFixed(1)} KiB · sha256 `,
          h('code', {}, e.sha256),
        ),
      ),
    ),
    h('p', { class: 'muted' }, `Captured ${new Date(draft.capturedAt).toLocaleString()}`),
  );
}

function addScreenshot(): void {
  // Straight from the click: the permission prompt needs the user's gesture.
  void browser.permissions.request({ origins: ['<all_urls>'] }).then(async (ok) => {
    if (!ok) return say('No access granted; the flag can be sent without a screenshot.', 'error');
    try {
      const { draft } = await ask<{ draft: Draft }>({ type: 'flag:screenshot', draftId });
      await showEvidence(draft);
    } catch (e) {
      say(`No screenshot: ${errorText(e)}`, 'error');
    }
  });
}

async function main(): Promise<void> {
  const draft = await loadDraft();
  if (!draft) {
    byId<HTMLFormElement>('form').hidden = true;
    return say('This flag was already sent or discarded.', 'error');
  }
  const link = safeHttpUrl(draft.listing.url);
  replace(
    byId('listing'),
    h('b', {}, draft.listing.title),
    h('br'),
    link ? h('a', { attrs: { href: link, target: '_blank', rel: 'noopener noreferrer' } }, link) : draft.listing.url,
  );
  await showEvidence(draft);

  // Items: the matcher's candidates first (best pre-selected), then the rest of the catalogue.
  const cache = await catalogueItem.getValue();
  const item = byId<HTMLSelectElement>('item');
  const seen = new Set<string>();
  const opt = (id: string, label: string) => h('option', { attrs: { value: id } }, label);
  for (const c of draft.candidates) seen.add(c.itemId);
  if (draft.candidates.length > 0) {
    item.appendChild(
      h(
        'optgroup',
        { attrs: { label: 'Suggested' } },
        ...draft.candidates.map((c) => opt(c.itemId, `${c.itemTitle} (${c.score.toFixed(2)})`)),
      ),
    );
  }
  const rest = (cache?.items ?? []).filter((i) => !seen.has(i.id));
  if (rest.length > 0)
    item.appendChild(h('optgroup', { attrs: { label: 'Catalogue' } }, ...rest.map((i) => opt(i.id, i.title))));
  item.appendChild(opt('', 'No catalogue item / not sure'));
  item.value = draft.itemId ?? '';

  const reason = byId<HTMLSelectElement>('reason');
  for (const r of FLAG_REASONS) reason.appendChild(opt(r, REASON_LABEL[r]));
  reason.value = draft.listing.kind === 'video' ? 'piracy' : 'counterfeit';

  byId('cancel').addEventListener('click', () => {
    void ask({ type: 'flag:cancel', draftId })
      .catch(() => undefined)
      .finally(() => (inPopup ? history.back() : window.close()));
  });
  byId<HTMLFormElement>('form').addEventListener('submit', (e) => {
    e.preventDefault();
    const send = byId<HTMLButtonElement>('send');
    send.disabled = true;
    say('Sending…');
    void ask<{ state: 'sent' | 'queued' | 'failed'; hitId?: number; error?: string }>({
      type: 'flag:submit',
      draftId,
      itemId: item.value || null,
      reason: reason.value,
      note: byId<HTMLTextAreaElement>('note').value,
    })
      .then((r) => {
        byId<HTMLFormElement>('form').hidden = true;
        if (r.state === 'sent') say(`Sent: hit #${r.hitId}.`, 'okay');
        else if (r.state === 'queued')
          say(`Saved; it will be sent when the server can be reached${r.error ? ` (${r.error})` : ''}.`, 'muted');
        else
          say(
            `The server refused the flag: ${r.error ?? 'unknown error'}. It stays in the outbox (see the popup).`,
            'error',
          );
        status.setAttribute('data-state', r.state);
      })
      .catch((err: unknown) => {
        send.disabled = false;
        say(errorText(err), 'error');
      });
  });
}

void main();
