/**
 * Site blocking: a pirate site recorded by its main domain (from a hit's
 * page, or "this whole site" from the popup), mirrors linked with the
 * reviewer's reason, and a blocking request built for the site and all its
 * mirrors — addressed through RDAP to registrar and host abuse desks, and to
 * the access providers or regulator chosen — to review, export or send.
 */
import type { ChannelView, PirateSiteView } from '../../../../shared/model';
import { byId, h, replace } from '../../../utils/dom';
import type { EnforcementApi } from '../../../utils/enforcement-api';
import { errorText } from '../../../utils/pages';
import { domainOf } from './domain';
import { renderRequest } from './request';

let api: EnforcementApi | undefined;
/** The domain the reviewer came with (a hit's host, or the page the popup was opened on). */
let proposed: { domain: string; name: string } | undefined;

const say = (text: string, kind = 'muted') => {
  const el = byId('blocking-message');
  el.className = kind;
  el.textContent = text;
};

export function setBlockingApi(a: EnforcementApi | undefined): void {
  api = a;
}

/** Come to this view for a site: the form is filled with its domain, or the site is shown if already recorded. */
export async function proposeSite(url: string, name?: string): Promise<void> {
  const domain = domainOf(url) ?? '';
  proposed = { domain, name: name ?? domain.split('.')[0] ?? '' };
  if (!domain) say(`${url} has no domain name a registrar or host could act on: type the site's domain.`, 'error');
  await showBlocking();
}

export async function showBlocking(): Promise<void> {
  if (!api) return replace(byId('sites'), h('p', { class: 'error' }, 'Not connected.'));
  let sites: PirateSiteView[] = [];
  let channels: ChannelView[] = [];
  try {
    [sites, channels] = await Promise.all([
      api.pirateSites().then((r) => r.sites),
      api.channels().then((r) => r.channels),
    ]);
  } catch (e) {
    say(`Cannot list pirate sites: ${errorText(e)}`, 'error');
  }
  const known = proposed && sites.find((s) => s.domains.some((d) => d.domain === proposed!.domain));
  replace(
    byId('sites'),
    h('h2', {}, 'Record a pirate site'),
    known ? h('p', { class: 'muted' }, `${proposed!.domain} is already recorded as "${known.name}".`) : recordForm(),
    h('h2', {}, `Pirate sites (${sites.length})`),
    ...sites.map((s) => siteRow(s, channels)),
  );
}

function recordForm(): HTMLElement {
  const name = h('input', { attrs: { type: 'text', id: 'site-name', value: proposed?.name ?? '' } });
  const domain = h('input', { attrs: { type: 'text', id: 'site-domain', value: proposed?.domain ?? '' } });
  const record = async () => {
    if (!api) return;
    try {
      const s = await api.recordPirateSite(name.value.trim(), domain.value.trim());
      say(`Recorded ${s.name} (${domain.value.trim()}).`, 'okay');
      proposed = undefined;
      await showBlocking();
    } catch (e) {
      say(`Not recorded: ${errorText(e)}`, 'error');
    }
  };
  return h(
    'div',
    {},
    h('label', { attrs: { for: 'site-name' } }, 'Name'),
    name,
    h('label', { attrs: { for: 'site-domain' } }, 'Main domain'),
    domain,
    h(
      'div',
      { class: 'row actions' },
      h(
        'button',
        { class: 'primary', attrs: { type: 'button', id: 'site-record' }, on: { click: () => void record() } },
        'Record site',
      ),
    ),
  );
}

function siteRow(s: PirateSiteView, channels: ChannelView[]): HTMLElement {
  const mirror = h('input', { attrs: { type: 'text', 'data-field': 'mirror-domain', placeholder: 'mirror.example' } });
  const reason = h('input', {
    attrs: { type: 'text', 'data-field': 'mirror-reason', placeholder: 'why it is the same site' },
  });
  const link = async () => {
    if (!api) return;
    try {
      await api.linkMirror(s.id, mirror.value.trim(), reason.value.trim());
      say(`${mirror.value.trim()} linked to ${s.name}.`, 'okay');
      await showBlocking();
    } catch (e) {
      say(`Mirror not linked: ${errorText(e)}`, 'error');
    }
  };
  const request = h('div', { attrs: { 'data-testid': 'blocking-request' } });
  return h(
    'div',
    { class: 'notice', attrs: { 'data-site': s.id } },
    h('b', {}, s.name),
    h(
      'ul',
      { class: 'plain', attrs: { 'data-testid': 'domains' } },
      ...s.domains.map((d) =>
        h(
          'li',
          { attrs: { 'data-domain': d.domain, 'data-role': d.role } },
          `${d.domain} · ${d.role}`,
          h('span', { class: 'muted' }, d.reasons.length ? ` — ${d.reasons.map((r) => r.detail).join('; ')}` : ''),
        ),
      ),
    ),
    h(
      'details',
      {},
      h('summary', {}, 'Link a mirror'),
      mirror,
      reason,
      h(
        'button',
        { attrs: { type: 'button', 'data-action': 'link-mirror' }, on: { click: () => void link() } },
        'Link',
      ),
    ),
    h(
      'details',
      { attrs: { 'data-testid': 'build-request' } },
      h('summary', {}, 'Build a blocking request'),
      h('div', {}, ...buildForm(s, channels, request)),
    ),
    request,
  );
}

function buildForm(s: PirateSiteView, channels: ChannelView[], into: HTMLElement): HTMLElement[] {
  const ground = h('textarea', { attrs: { 'data-field': 'legal-ground', rows: 3 } });
  const providers = channels.map((c) => ({
    c,
    box: h('input', { attrs: { type: 'checkbox', 'data-provider': c.id, id: `ap-${s.id}-${c.id}` } }),
  }));
  const build = async () => {
    if (!api) return;
    say('Looking up the abuse contacts (RDAP) and building the request…');
    try {
      const r = await api.buildBlockingRequest(s.id, {
        legalGround: ground.value.trim(),
        accessProviders: providers.filter((p) => p.box.checked).map((p) => p.c.id),
      });
      say(`Blocking request #${r.id} built: review it below, then export or send.`, 'okay');
      renderRequest(into, r, s);
    } catch (e) {
      say(`Not built: ${errorText(e)}`, 'error');
    }
  };
  const parts: (HTMLElement | null)[] = [
    h('label', {}, 'Legal ground (the law and why this site is blocked)'),
    ground,
    channels.length ? h('label', {}, 'Also to these access providers') : null,
    ...providers.map((p) => h('div', { class: 'row' }, p.box, h('label', { attrs: { for: p.box.id } }, p.c.name))),
    h(
      'button',
      {
        class: 'primary',
        attrs: { type: 'button', 'data-action': 'build-request' },
        on: { click: () => void build() },
      },
      'Build request',
    ),
  ];
  return parts.filter((x): x is HTMLElement => x !== null);
}
