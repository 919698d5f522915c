/**
 * The side panel's hand-over helpers: a notice's JSON as web-form rows, the
 * domain a blocking request is for, and the mailto: link a request is sent
 * with (only a plain address from RDAP's answers goes in).
 */
import { describe, expect, it } from 'vitest';
import { domainOf } from '../../extension/entrypoints/sidepanel/blocking/domain';
import { mailtoOf } from '../../extension/entrypoints/sidepanel/blocking/mailto';
import { flattenFields } from '../../extension/utils/flatten';

describe('flattenFields', () => {
  it('gives one row per filled field, in order, with array indexes, and leaves empty ones out', () => {
    expect(
      flattenFields({
        regime: 'cn-ecommerce',
        rightHolder: { name: 'Voltrix', identityNumber: '9133', phone: null, email: '' },
        works: [{ items: [{ url: 'http://a/1', evidence: [{ sha256: 'ab' }] }, { url: 'http://a/2' }] }],
        count: 2,
        sworn: true,
      }),
    ).toEqual([
      ['regime', 'cn-ecommerce'],
      ['rightHolder.name', 'Voltrix'],
      ['rightHolder.identityNumber', '9133'],
      ['works[0].items[0].url', 'http://a/1'],
      ['works[0].items[0].evidence[0].sha256', 'ab'],
      ['works[0].items[1].url', 'http://a/2'],
      ['count', '2'],
      ['sworn', 'true'],
    ]);
  });
});

describe('domainOf', () => {
  it('is the host without www., and nothing for an IP address or a bare name', () => {
    expect(domainOf('http://www.StreamVault.com/watch/1')).toBe('streamvault.com');
    expect(domainOf('https://reelmirror.com:8443/v/3')).toBe('reelmirror.com');
    expect(domainOf('http://127.0.0.1:8402/watch/1')).toBeUndefined();
    expect(domainOf('http://localhost/x')).toBeUndefined();
    expect(domainOf('not a url')).toBeUndefined();
  });
});

describe('mailtoOf', () => {
  it('encodes subject and body, and cuts a long body with a note', () => {
    const link = mailtoOf('abuse@registrar.example', 'Blocking: a & b', `line 1\n${'x'.repeat(3000)}`)!;
    const u = new URL(link);
    expect(u.protocol).toBe('mailto:');
    expect(decodeURIComponent(u.pathname)).toBe('abuse@registrar.example');
    expect(u.searchParams.get('subject')).toBe('Blocking: a & b');
    const body = u.searchParams.get('body')!;
    expect(body.length).toBeLessThan(1900);
    expect(body).toMatch(/the full request is attached\)$/);
  });

  it('refuses anything but a plain address (RDAP answers are other people’s data)', () => {
    for (const bad of ['a@b.example?cc=x@y.example', 'a@b.example,c@d.example', 'javascript:alert(1)', 'a b@c.example'])
      expect(mailtoOf(bad, 's', 'b'), bad).toBeUndefined();
  });
});
