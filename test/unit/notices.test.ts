import { describe, expect, it } from 'vitest';
import {
  buildNotice,
  buildNoticeOrThrow,
  escapeHtml,
  NoticeIncompleteError,
  noticeRegimes,
  pathsOf,
  REGIME_IDS,
  type Notice,
  type NoticeResult,
  type RegimeId,
  type RequiredElement,
} from '../../shared/notices';
import { baseInput, CAPTURED_AT, completeInput, hash, item } from '../fixtures/notices/inputs';

type Elements = readonly RequiredElement<unknown>[];
const elementsOf = (id: RegimeId) => noticeRegimes[id].requiredElements as Elements;
const parse = (id: RegimeId, input: unknown) => noticeRegimes[id].schema.parse(input) as unknown;

/** Delete what a dotted path (with `*` for every array member) points at. */
function unset(value: unknown, keys: string[]): void {
  const [key, ...rest] = keys;
  if (key === undefined || value === null || typeof value !== 'object') return;
  if (key === '*') {
    if (Array.isArray(value)) for (const v of value) unset(v, rest);
    return;
  }
  const obj = value as Record<string, unknown>;
  if (rest.length === 0) delete obj[key];
  else unset(obj[key], rest);
}

/** Every value a dotted path reaches. */
function valuesAt(value: unknown, keys: string[]): unknown[] {
  const [key, ...rest] = keys;
  if (key === undefined) return [value];
  if (key === '*') return Array.isArray(value) ? value.flatMap((v) => valuesAt(v, rest)) : [];
  if (value === null || typeof value !== 'object') return [];
  return valuesAt((value as Record<string, unknown>)[key], rest);
}

/** Strings, dates, numbers and flags inside a value, however deeply nested. */
function leaves(value: unknown): (string | number | boolean | Date)[] {
  if (value instanceof Date || ['string', 'number', 'boolean'].includes(typeof value)) return [value as string];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [];
}

const built = (r: NoticeResult): Notice => {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r)}`);
  return r.notice;
};

/** The input variants each regime is checked with: an agent filing, and the owner filing itself. */
function variants(id: RegimeId): [string, () => Record<string, unknown>][] {
  return [
    ['agent files', () => completeInput(id)],
    [
      'owner files',
      () => {
        const input = completeInput(id);
        input.authority = 'owner';
        delete input.principal;
        return input;
      },
    ],
  ];
}

/** The elements each regime must ask for, written out here so a dropped element fails a test. */
const EXPECTED_ELEMENTS: Record<RegimeId, string[]> = {
  dmca: [
    'signature',
    'copyrighted-work',
    'infringing-material',
    'complainant-name',
    'complainant-address',
    'complainant-phone',
    'complainant-email',
    'owner',
    'good-faith',
    'accuracy-and-authority',
    'evidence',
  ],
  'eu-dsa': ['explanation', 'location', 'notifier-name', 'notifier-email', 'bona-fide-statement', 'evidence'],
  'cn-ecommerce': [
    'preliminary-evidence',
    'right-holder-identity',
    'rights-certificate',
    'infringing-links',
    'necessary-measures',
  ],
  amazon: [
    'relationship',
    'rights-owner',
    'contact-name',
    'contact-email',
    'contact-phone',
    'ip-type',
    'protected-right',
    'registration-number',
    'listings',
    'where',
    'good-faith',
    'accuracy',
    'signature',
    'evidence',
  ],
  'ebay-vero': ['item-id', 'reason-code', 'patent', 'brand', 'message-to-seller', 'evidence'],
  'alibaba-ipp': [
    'right-holder',
    'identity-proof',
    'ip-certificate',
    'authorisation-letter',
    'complaint-reason',
    'test-buy-report',
    'infringing-links',
    'evidence',
  ],
  'video-webform': [
    'full-legal-name',
    'email',
    'authority',
    'copyright-owner',
    'work',
    'video-urls',
    'timestamps',
    'good-faith',
    'accuracy',
    'signature',
    'evidence',
  ],
  'search-delisting': [
    'notifier-name',
    'notifier-email',
    'country',
    'copyright-owner',
    'work',
    'infringing-urls',
    'good-faith',
    'accuracy',
    'signature',
    'evidence',
  ],
};

describe.each(REGIME_IDS)('%s notice', (id) => {
  const elements = elementsOf(id);

  it('asks for the elements its law or platform requires', () => {
    expect(elements.map((e) => e.id)).toEqual(EXPECTED_ELEMENTS[id]);
  });

  it('has a registry entry under its own id and unique element ids with labels and a basis', () => {
    expect(noticeRegimes[id].id).toBe(id);
    expect(new Set(elements.map((e) => e.id)).size).toBe(elements.length);
    for (const e of elements) {
      expect(e.label.length).toBeGreaterThan(3);
      expect(e.basis.length).toBeGreaterThan(3);
    }
  });

  for (const [variant, make] of variants(id)) {
    describe(variant, () => {
      it('builds from the complete input', () => {
        const r = buildNotice(id, make());
        expect(r.ok, JSON.stringify(r)).toBe(true);
      });

      const applicable = elements.filter((e) => !e.when || e.when(parse(id, make())));
      it.each(applicable.map((e) => [e.id, e] as const))('refuses without %s, naming exactly it', (_, element) => {
        const input = make();
        for (const path of pathsOf(element, parse(id, input))) unset(input, path.split('.'));
        const r = buildNotice(id, input);
        expect(r).toEqual({
          ok: false,
          regime: id,
          missing: [{ id: element.id, label: element.label }],
          violations: [],
        });
        expect(() => buildNoticeOrThrow(id, input)).toThrow(element.label);
      });

      it('contains every element in its text, HTML and JSON', () => {
        const input = make();
        const notice = built(buildNotice(id, input));
        const parsed = parse(id, input);
        const json = JSON.stringify(notice.json);
        let checked = 0;
        for (const element of applicable) {
          for (const path of pathsOf(element, parsed)) {
            for (const leaf of leaves(valuesAt(parsed, path.split('.')))) {
              checked++;
              if (typeof leaf === 'number') {
                expect(json, `${element.id}: ${path}`).toContain(String(leaf));
                continue;
              }
              // A flag stands for the statement the element words.
              const shown =
                typeof leaf === 'boolean' ? element.text! : leaf instanceof Date ? leaf.toISOString() : leaf;
              expect(shown, `${element.id}: ${path}`).toBeTruthy();
              expect(notice.text, `${element.id}: ${path} in text`).toContain(shown);
              expect(notice.html, `${element.id}: ${path} in HTML`).toContain(escapeHtml(shown));
              expect(json, `${element.id}: ${path} in JSON`).toContain(JSON.stringify(shown).slice(1, -1));
            }
          }
        }
        expect(checked).toBeGreaterThanOrEqual(applicable.length);
      });
    });
  }

  it('cites every evidence hash and capture time next to the URLs', () => {
    const notice = built(buildNotice(id, completeInput(id)));
    for (const n of [1, 2]) {
      expect(notice.text).toContain(hash(n));
      expect(notice.text).toContain(hash(n + 100));
      expect(JSON.stringify(notice.json)).toContain(hash(n));
    }
    expect(notice.text).toContain(CAPTURED_AT);
  });

  it('escapes hostile listing text in HTML and keeps the subject on one line', () => {
    const input = completeInput(id) as ReturnType<typeof baseInput>;
    const w = input.works[0]!;
    w.title = 'Tom & Jerry <b>bold</b>\r\nBcc: victim@example.com';
    w.items[0]!.title = '<script>alert("pwned")</script>';
    w.items[0]!.seller = '"><img src=x onerror=alert(1)>';
    const notice = built(buildNotice(id, input));
    expect(notice.html).not.toContain('<script>');
    expect(notice.html).not.toContain('<img');
    expect(notice.html).not.toContain('<b>');
    expect(notice.html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(notice.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(notice.text).toContain('<script>alert("pwned")</script>');
    expect(notice.subject).not.toMatch(/[\r\n]/);
    expect(notice.html).not.toMatch(/<title>[^<]*[\r\n]/);
  });

  it('is deterministic: the same input gives the same notice, dated from the input', () => {
    const a = built(buildNotice(id, completeInput(id)));
    const b = built(buildNotice(id, completeInput(id)));
    expect({ ...a, input: null }).toEqual({ ...b, input: null });
    expect(a.text).toContain('2025-03-07');
  });

  it('refuses a javascript: URL as an infringing location', () => {
    const input = completeInput(id) as ReturnType<typeof baseInput>;
    input.works[0]!.items[0]!.url = 'javascript:alert(1)';
    const r = buildNotice(id, input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.violations.map((v) => v.path)).toContain('works.0.items.0.url');
  });
});

describe('refusals', () => {
  it('name every missing element in the thrown error message', () => {
    const input = completeInput('dmca');
    delete input.signature;
    (input.statements as Record<string, unknown>).goodFaith = false;
    let error: unknown;
    try {
      buildNoticeOrThrow('dmca', input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NoticeIncompleteError);
    const e = error as NoticeIncompleteError;
    expect(e.missing.map((m) => m.id)).toEqual(['signature', 'good-faith']);
    for (const m of e.missing) expect(e.message).toContain(m.label);
    expect(e.message).toMatch(/^dmca notice refused: /);
  });

  it('treat blank strings from forms as missing', () => {
    const input = completeInput('eu-dsa');
    (input.sender as Record<string, unknown>).email = '';
    input.explanation = '   ';
    const r = buildNotice('eu-dsa', input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.missing.map((m) => m.id)).toEqual(['explanation', 'notifier-email']);
  });

  it('DMCA refuses a trademark claim: it covers copyright only', () => {
    const r = buildNotice('dmca', baseInput('trademark'));
    expect(r).toMatchObject({
      ok: false,
      violations: [{ path: 'works.0.rightsType', message: expect.stringContaining('copyright only') }],
    });
  });
});

describe('platform limits', () => {
  const amazonWith = (items: unknown[], rightsType = 'trademark') => {
    const input = baseInput(rightsType);
    input.works[0]!.items = items as (typeof input.works)[0]['items'];
    return input;
  };
  const many = (n: number) => Array.from({ length: n }, (_, i) => item(i + 1));

  it('Amazon takes 50 listings and refuses 51, naming the limit', () => {
    expect(buildNotice('amazon', amazonWith(many(50))).ok).toBe(true);
    const r = buildNotice('amazon', amazonWith(many(51)));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.violations[0]?.message).toMatch(/at most 50 listings.*has 51/);
  });

  it('Amazon refuses a report mixing IP types', () => {
    const input = baseInput('trademark');
    input.works.push({ ...structuredClone(input.works[0]!), title: 'Summit manual', rightsType: 'copyright' });
    const r = buildNotice('amazon', input);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.violations[0]?.message).toMatch(/one IP type per Amazon report; this one mixes trademark and copyright/);
  });

  it('Amazon refuses a trademark or patent without its registration number, and takes copyright without one', () => {
    for (const type of ['trademark', 'patent', 'design']) {
      const input = baseInput(type);
      input.works[0]!.registrations = [];
      const r = buildNotice('amazon', input);
      expect(r.ok ? [] : r.missing.map((m) => m.id), type).toEqual(['registration-number']);
    }
    const copyright = baseInput('copyright');
    copyright.works[0]!.registrations = [];
    expect(buildNotice('amazon', copyright).ok).toBe(true);
  });

  it('Amazon accepts an ASIN without a URL and carries test-buy order ids', () => {
    const input = amazonWith([item(1, { url: undefined })]);
    const notice = built(buildNotice('amazon', input));
    const listing = (notice.json.listings as Record<string, unknown>[])[0]!;
    expect(listing).toMatchObject({
      asin: 'B0VELO0001',
      testBuyOrderId: '111-0000001-1234567',
      where: ['title', 'image'],
    });
    expect(listing.url).toBeUndefined();
  });

  const vero = (patch: Record<string, unknown>) => {
    const input = completeInput('ebay-vero');
    input.vero = { ...(input.vero as object), ...patch };
    return input;
  };

  it('eBay VeRO takes a 50-character brand and refuses 51', () => {
    expect(buildNotice('ebay-vero', vero({ brand: 'B'.repeat(50) })).ok).toBe(true);
    const r = buildNotice('ebay-vero', vero({ brand: 'B'.repeat(51) }));
    expect(r).toMatchObject({
      ok: false,
      violations: [{ path: 'vero.brand', message: expect.stringContaining('at most 50') }],
    });
  });

  it('eBay VeRO takes a 1000-character message to the seller and refuses 1001', () => {
    expect(buildNotice('ebay-vero', vero({ messageToSeller: 'm'.repeat(1000) })).ok).toBe(true);
    const r = buildNotice('ebay-vero', vero({ messageToSeller: 'm'.repeat(1001) }));
    expect(r).toMatchObject({
      ok: false,
      violations: [{ path: 'vero.messageToSeller', message: expect.stringContaining('at most 1000') }],
    });
  });

  it('eBay VeRO asks for a patent number only where the reason needs one', () => {
    const input = completeInput('ebay-vero') as ReturnType<typeof baseInput>;
    const [first, second] = input.works[0]!.items as Record<string, unknown>[];
    delete second!.patent;
    expect(buildNotice('ebay-vero', input)).toMatchObject({ ok: false, missing: [{ id: 'patent' }] });
    second!.reasonCode = 'copyright_image';
    expect(buildNotice('ebay-vero', input).ok).toBe(true);
    expect(first!.patent).toBeUndefined();
  });

  it('eBay VeRO refuses a reason code outside its list and carries the member’s numeric ids', () => {
    const input = completeInput('ebay-vero') as ReturnType<typeof baseInput>;
    (input.works[0]!.items[0] as Record<string, unknown>).reasonCode = 'looks_fake';
    expect(buildNotice('ebay-vero', input)).toMatchObject({
      ok: false,
      violations: [{ path: 'works.0.items.0.reasonCode' }],
    });
    const ids = buildNotice('ebay-vero', vero({ reasonCodeIds: { trademark_counterfeit: 9001 } }));
    const items = (built(ids).json.submission as { reportItems: Record<string, unknown>[] }).reportItems;
    expect(items[0]).toMatchObject({
      itemId: 'B0VELO0001',
      veroReasonCode: 'trademark_counterfeit',
      veroReasonCodeId: 9001,
      brand: 'VELORAN',
    });
    expect(items[1]).toMatchObject({ veroReasonCode: 'patent_infringement', patent: 'US 9,876,543' });
  });

  it(
    'Alibaba IPP asks for a test-buy report only for counterfeit claims and an authorisation letter only from ' +
      'agents',
    () => {
      const input = completeInput('alibaba-ipp');
      delete (input.documents as Record<string, unknown>).testBuyReport;
      delete (input.documents as Record<string, unknown>).authorisationLetter;
      expect(buildNotice('alibaba-ipp', input)).toMatchObject({
        ok: false,
        missing: [{ id: 'authorisation-letter' }, { id: 'test-buy-report' }],
      });
      input.alibaba = { reason: 'trademark_misuse' };
      input.authority = 'owner';
      expect(buildNotice('alibaba-ipp', input).ok).toBe(true);
    },
  );
});

describe('bilingual Chinese notice', () => {
  it('writes the request in Chinese and English', () => {
    const notice = built(buildNotice('cn-ecommerce', completeInput('cn-ecommerce')));
    expect(notice.text).toContain('电子商务法');
    expect(notice.text).toContain('删除、屏蔽、断开链接、终止交易和服务');
    expect(notice.text).toContain('delete, block, disconnect links, terminate transactions and services');
    expect(notice.html).toContain('lang="zh-CN"');
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters and nothing else', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a> 高仿`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt; 高仿',
    );
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });
});
