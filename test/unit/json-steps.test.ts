import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJsonSteps } from '../../crawler/catalogue/json-steps';
import { parseCatalogue, parseCatalogueSliced } from '../../crawler/catalogue/index';
import { runSync } from '../../crawler/catalogue/steps';

const parse = (text: string) => runSync(parseJsonSteps(text));

describe('JSON parsed in steps', () => {
  const documents = [
    '[]',
    '{}',
    ' [1, 2.5e3, -0, "a", true, false, null, [], {}, [[1]], {"a": {"b": [1, {"c": "]}"}]}}] ',
    '{"items": [{"id": "a\\"b\\\\", "x": "\\u00e9\\ud83d\\ude00"}, {"id": "c"}], "holders": [], "other": ' +
      '{"items": [1]}, "n": 3}',
    '{"__proto__": {"polluted": true}, "items": []}',
    '{"a": 1, "a": 2}',
    '"just a string"',
    '42',
    '\n\t{ "items" : [ 1 , 2 ] }\r\n',
  ];
  for (const text of documents) {
    it(`equals JSON.parse for ${JSON.stringify(text).slice(0, 50)}`, () => {
      expect(parse(text)).toEqual(JSON.parse(text));
    });
  }

  it('keeps "__proto__" an own property, as JSON.parse does', () => {
    const value = parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('yields once per element of the root array or of a member array', () => {
    const steps = parseJsonSteps(
      JSON.stringify({ holders: [{ id: 'h' }], items: Array.from({ length: 50 }, (_, i) => ({ id: `i${i}` })) }),
    );
    let yields = 0;
    while (!steps.next().done) yields++;
    expect(yields).toBe(51);
  });

  const broken: [string, RegExp, number][] = [
    ['[1 2]', /Expected ',' or '\]' after array element/, 3],
    ['{"a": 1 "b": 2}', /Expected ',' or '\}' after property value/, 8],
    ['{"a" 1}', /Expected ':' after property name/, 5],
    ['{a: 1}', /Expected property name/, 1],
    ['[1, 2', /Unexpected end of JSON input/, 5],
    ['{"items": [{"id": "x"}', /Unexpected end of JSON input/, 22],
    ['["unterminated]', /Unterminated string/, 15],
    ['[1] x', /Unexpected non-whitespace character after JSON/, 4],
    ['[{"a": tru}]', /Unexpected token|not valid JSON|Unexpected/, 1],
    ['[1,]', /Unexpected/, 3],
  ];
  for (const [text, message, position] of broken) {
    it(`refuses ${text} with the fault's offset`, () => {
      let error: unknown;
      try {
        parse(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(JsonSyntaxError);
      expect((error as JsonSyntaxError).message).toMatch(message);
      expect((error as JsonSyntaxError).position).toBe(position);
    });
  }
});

describe('catalogue parsed in time slices', () => {
  const items = Array.from({ length: 300 }, (_, i) => ({
    id: `item-${i}`,
    holder: 'acme',
    ipType: 'trademark',
    title: `Item ${i}`,
  }));

  it('gives the same catalogue as the one-go parse, for JSON, JSON Lines and CSV', async () => {
    const json = JSON.stringify({ items });
    expect(await parseCatalogueSliced(json, 'c.json', {}, 0)).toEqual(parseCatalogue(json, 'c.json'));
    const lines = items.map((i) => JSON.stringify(i)).join('\n');
    expect(await parseCatalogueSliced(lines, 'c.jsonl', {}, 0)).toEqual(parseCatalogue(lines, 'c.jsonl'));
    const csv = [
      'id,holder,ip_type,title',
      ...items.map((i) => `${i.id},${i.holder},${i.ipType},"${i.title}, ""quoted"""`),
    ].join('\n');
    expect((await parseCatalogueSliced(csv, 'c.csv', {}, 0)).items).toHaveLength(300);
  });

  it('reads CSV records, multi-byte text and quoted newlines across its chunks', () => {
    const long = '流浪地球'.repeat(9000); // 36,000 characters: the rows straddle csv-parse's 64 KiB chunks
    const csv = [
      'id,holder,ip_type,title,aliases',
      ...Array.from({ length: 4 }, (_, i) => `film-${i},studio,copyright,"Title ${i}\nsecond line","${long}|😀"`),
    ].join('\n');
    const cat = parseCatalogue(csv, 'c.csv');
    expect(cat.items.map((i) => i.id)).toEqual(['film-0', 'film-1', 'film-2', 'film-3']);
    expect(cat.items[3]!.title).toBe('Title 3\nsecond line');
    expect(cat.items[3]!.aliases).toEqual([long, '😀']);
  });

  it('removes NUL and lone surrogates from what it reads', () => {
    const json =
      '{"items": [{"id": "x1", "holder": "acme", "ipType": "trademark", "title": "Rolex\\u0000 Sub \\ud800"}]}';
    expect(parseCatalogue(json, 'c.json').items[0]!.title).toBe('Rolex Sub \ufffd');
    expect(
      parseCatalogue('id,holder,ip_type,title\nx1,acme,trademark,Rolex\u0000 Sub\n', 'c.csv').items[0]!.title,
    ).toBe('Rolex Sub');
  });

  it("refuses an id in another holder's namespace", () => {
    expect(() =>
      parseCatalogue(JSON.stringify([{ id: 'other:x1', holder: 'acme', ipType: 'trademark', title: 'X' }]), 'c.json'),
    ).toThrow(/namespace/);
    expect(
      parseCatalogue(JSON.stringify([{ id: 'acme:x1', holder: 'acme', ipType: 'trademark', title: 'X' }]), 'c.json')
        .items[0]!.id,
    ).toBe('acme:x1');
  });
});
