import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CatalogueImportError,
  loadCatalogueFile,
  parseCatalogue,
  type CatalogueProblem,
} from '../../crawler/catalogue/index';
import { IP_TYPES } from '../../shared/model/index';

const BAD = join(import.meta.dirname, '../fixtures/catalogue/bad');

/** The problems of a refused import (fails the test if it was accepted). */
function problemsOf(run: () => unknown): CatalogueProblem[] {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogueImportError);
    return (e as CatalogueImportError).problems;
  }
  throw new Error('import was accepted');
}

async function loadProblems(
  file: string,
  options?: { minimal?: boolean },
): Promise<{ problems: CatalogueProblem[]; message: string }> {
  const err = await loadCatalogueFile(join(BAD, file), options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CatalogueImportError);
  const e = err as CatalogueImportError;
  return { problems: e.problems, message: e.message };
}

const GOOD_CSV = [
  'id,holder,ip_type,title,aliases,brand_terms,model_numbers,registrations,category,reference_price,currency,' +
    'authorised_sellers,official_domains,image_urls,runtime,territories,holder_name,holder_email',
  'film-1,studio,copyright,The Wandering Earth,流浪地球|流浪地球 ' +
    '2,,,"CNIPA:12345678|USPTO:87654321",film,,,,wanderingearth.example,,2:05:30,cn|WW,Studio ' +
    'Ltd,legal@studio.example',
  'film-2,studio,copyright,Short Film,短片,,,,film,,,,,,52:10,,,',
  'film-3,studio,copyright,Long Film,,,,,film,,,,,,1h52m,,Studio Ltd,',
  'film-4,studio,copyright,Plain Seconds,,,,,film,,,,,,6720,,,',
  'bag-1,acme,trademark,"Acme Tote, ' +
    'large",阿克米托特包,ACME|阿克米,AT-100|AT100,EUIPO:018000001,bags,"1,299.00",cny,Acme ' +
    'Flagship,acme.example,https://acme.example/a.jpg,,CN,Acme Ltd,',
].join('\n');

describe('CSV import', () => {
  it('holder_* and agent_* columns fill every profile element a notice regime asks for', () => {
    const csv = [
      'id,holder,ip_type,title,holder_name,holder_identity_number,holder_address,holder_city,holder_postal_code,' +
        'holder_country,holder_phone,holder_email,holder_signatory,holder_signatory_title,agent_name,agent_email,' +
        'agent_identity_number,agent_authorisation',
      'vx-1,voltrix,trademark,Voltrix 18650,Voltrix Energy Co.,91330200MA2H8XYZ1Q,6 Battery Ave,Ningbo,315000,CN,' +
        '+86 574 0000 0006,legal@voltrix.example,Li Wei,Legal Director,Mingjing IP,cases@mingjing.example,' +
        '91310000MA1K000001,power of attorney of 2026-01-05',
      'vx-2,voltrix,trademark,Voltrix Everpack,,,,,,,,,,,,,,',
    ].join('\n');
    const [holder] = parseCatalogue(csv, 'catalogue.csv').holders;
    expect(holder).toEqual({
      id: 'voltrix',
      name: 'Voltrix Energy Co.',
      identityNumber: '91330200MA2H8XYZ1Q',
      address: '6 Battery Ave',
      city: 'Ningbo',
      postalCode: '315000',
      country: 'CN',
      phone: '+86 574 0000 0006',
      email: 'legal@voltrix.example',
      signatory: { name: 'Li Wei', title: 'Legal Director' },
      agent: {
        name: 'Mingjing IP',
        email: 'cases@mingjing.example',
        identityNumber: '91310000MA1K000001',
        authorisation: 'power of attorney of 2026-01-05',
      },
    });
    // An agent's details without its name: named by column, not dropped.
    const nameless = problemsOf(() =>
      parseCatalogue(
        ['id,holder,ip_type,title,holder_name,agent_email', 'a,h,trademark,A,H Ltd,x@y.example'].join('\n'),
        'catalogue.csv',
      ),
    );
    expect(nameless).toEqual([
      expect.objectContaining({ field: 'agent_name', message: expect.stringMatching(/no agent_name/) }),
    ]);
  });

  it('reads a good file: lists, Chinese aliases, registrations, runtimes, prices and holders', () => {
    const cat = parseCatalogue(GOOD_CSV, 'catalogue.csv');
    expect(cat.items.map((i) => i.id)).toEqual(['film-1', 'film-2', 'film-3', 'film-4', 'bag-1']);
    const [film1, film2, film3, film4, bag] = cat.items;
    expect(film1!.aliases).toEqual(['流浪地球', '流浪地球 2']);
    expect(film1!.registrations).toEqual([
      { office: 'CNIPA', number: '12345678' },
      { office: 'USPTO', number: '87654321' },
    ]);
    expect(film1!.territories).toEqual(['CN', 'WW']);
    expect(film1!.runtimeSeconds).toBe(2 * 3600 + 5 * 60 + 30);
    expect(film2!.runtimeSeconds).toBe(52 * 60 + 10);
    expect(film3!.runtimeSeconds).toBe(112 * 60);
    expect(film4!.runtimeSeconds).toBe(6720);
    expect(bag!.title).toBe('Acme Tote, large');
    expect(bag!.brandTerms).toEqual(['ACME', '阿克米']);
    expect(bag!.modelNumbers).toEqual(['AT-100', 'AT100']);
    expect(bag!.referencePrice).toEqual({ amount: 1299, currency: 'CNY' });
    expect(bag!.runtimeSeconds).toBeUndefined();
    expect(cat.holders).toEqual([
      { id: 'studio', name: 'Studio Ltd', email: 'legal@studio.example' },
      { id: 'acme', name: 'Acme Ltd' },
    ]);
  });

  it('round-trips through JSON unchanged', () => {
    const fromCsv = parseCatalogue(GOOD_CSV, 'catalogue.csv');
    expect(parseCatalogue(JSON.stringify(fromCsv, null, 2), 'catalogue.json')).toEqual(fromCsv);
  });

  it('handles a BOM, CRLF line ends, blank lines and quoted line breaks, and counts physical lines', () => {
    const text = '\uFEFFid,holder,ip_type,title\r\na,h,trademark,"two\r\nlines"\r\n\r\nb,h,trademark,B\r\nc,h,tm,C\r\n';
    const problems = problemsOf(() => parseCatalogue(text, 'crlf.csv'));
    expect(problems).toEqual([expect.objectContaining({ file: 'crlf.csv', row: 3, line: 6, field: 'ip_type' })]);
    const ok = parseCatalogue(text.replace(',tm,', ',trademark,'), 'crlf.csv');
    expect(ok.items[0]!.title).toBe('two\r\nlines');
    expect(ok.holders).toEqual([{ id: 'h', name: 'h' }]);
  });

  it('names the line of a row with the wrong number of fields', async () => {
    const { problems, message } = await loadProblems('wrong-column-count.csv');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ row: 2, line: 3 });
    expect(problems[0]!.message).toMatch(/expected 5 .*got 6/);
    expect(message).toContain('wrong-column-count.csv: row 2 (line 3): wrong number of fields');
  });

  it('names the line where an unclosed quote opens', async () => {
    const { problems } = await loadProblems('unclosed-quote.csv');
    expect(problems).toEqual([
      expect.objectContaining({ row: 2, line: 3, message: expect.stringMatching(/never closed/) }),
    ]);
  });

  it(
    'names row, line and field for a missing required value ' + 'and a wrong IP type, listing the valid types',
    async () => {
      const { problems, message } = await loadProblems('bad-values.csv');
      expect(problems.map((p) => [p.row, p.line, p.field])).toEqual([
        [2, 3, 'ip_type'],
        [3, 4, 'title'],
        [4, 5, 'ip_type'],
      ]);
      expect(problems[0]!.message).toBe(`expected one of ${IP_TYPES.join('|')}, got 'tm'`);
      expect(problems[2]!.message).toContain("got 'Trade Mark'");
      expect(problems[1]!.message).toMatch(/required/);
      expect(message.split('\n')[1]).toMatch(
        /bad-values\.csv: row 2 \(line 3\), field ip_type: expected one of trademark\|trade_name\|/,
      );
    },
  );

  it('names both rows of a duplicate id', async () => {
    const { problems } = await loadProblems('duplicate-id.csv');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ row: 3, line: 5, field: 'id' });
    expect(problems[0]!.message).toContain("'bag-1'");
    expect(problems[0]!.message).toContain('row 1 (line 2)');
  });

  it('refuses unknown columns, naming them and suggesting near misses', async () => {
    const { problems } = await loadProblems('unknown-column.csv');
    expect(problems.map((p) => p.field)).toEqual(['brand_term', 'colour']);
    expect(problems[0]!.message).toContain("did you mean 'brand_terms'");
    expect(problems[0]!.line).toBe(1);
  });

  it('refuses a missing required column once, not once per row', () => {
    const problems = problemsOf(() => parseCatalogue('id,title\na,A\nb,B\n', 'c.csv'));
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['holder', 'required column missing'],
      ['ip_type', 'required column missing'],
    ]);
  });

  it('refuses conflicting holder values and undefined holders when holder columns are present', async () => {
    const { problems } = await loadProblems('holder-conflict.csv');
    expect(problems.map((p) => [p.row, p.field])).toEqual([
      [2, 'holder_name'],
      [3, 'holder'],
      [4, 'holder_email'],
    ]);
    expect(problems[0]!.message).toContain("'Acme Ltd' in row 1 (line 2)");
    expect(problems[0]!.message).toContain("'ACME Limited'");
  });

  it('reports unreadable runtimes, prices and registrations by column', () => {
    const text = [
      'id,holder,ip_type,title,runtime,reference_price,currency,registrations',
      'a,h,copyright,A,about two hours,,,',
      'b,h,trademark,B,,"1,5",EUR,',
      'c,h,trademark,C,,12,,CNIPA123',
    ].join('\n');
    const problems = problemsOf(() => parseCatalogue(text, 'c.csv'));
    expect(problems.map((p) => [p.row, p.field])).toEqual([
      [1, 'runtime'],
      [2, 'reference_price'],
      [3, 'registrations'],
      [3, 'currency'],
    ]);
    expect(problems[0]!.message).toContain('H:MM:SS');
    expect(problems[2]!.message).toContain('OFFICE:NUMBER');
  });

  it('returns nothing when one row of many is bad, and collects every problem', () => {
    const header = 'id,holder,ip_type,title';
    const rows = Array.from({ length: 300 }, (_, i) => `item-${i + 1},acme,trademark,Item ${i + 1}`);
    expect(parseCatalogue([header, ...rows].join('\n'), 'big.csv').items).toHaveLength(300);

    const oneBad = [...rows];
    oneBad[136] = 'item-137,acme,tm,Item 137';
    const problems = problemsOf(() => parseCatalogue([header, ...oneBad].join('\n'), 'big.csv'));
    expect(problems).toEqual([expect.objectContaining({ row: 137, line: 138, field: 'ip_type' })]);

    const allBad = rows.map((r) => r.replace('trademark', 'tm'));
    let err: CatalogueImportError | undefined;
    try {
      parseCatalogue([header, ...allBad].join('\n'), 'big.csv');
    } catch (e) {
      err = e as CatalogueImportError;
    }
    expect(err!.problems).toHaveLength(300);
    const lines = err!.message.split('\n');
    expect(lines).toHaveLength(1 + 50 + 1);
    expect(lines.at(-1)).toBe('and 250 more problems');
  });

  it('minimal mode: only id and title, price + currency, extra columns ignored', () => {
    const text = 'id,title,price,currency,seller,views\nx1,Fake Tote,"1,299.00",usd,shop-9,100\nx2,Other,,,,\n';
    expect(problemsOf(() => parseCatalogue(text, 'outside.csv')).map((p) => p.field)).toEqual(
      expect.arrayContaining(['price', 'seller', 'views', 'holder', 'ip_type']),
    );
    const cat = parseCatalogue(text, 'outside.csv', { minimal: true });
    expect(cat.items[0]).toMatchObject({
      id: 'x1',
      title: 'Fake Tote',
      holder: 'unknown',
      ipType: 'trademark',
      referencePrice: { amount: 1299, currency: 'USD' },
    });
    expect(cat.items[1]!.referencePrice).toBeUndefined();
    expect(cat.holders).toEqual([{ id: 'unknown', name: 'unknown' }]);
    // Still strict about what it does read.
    const bad = problemsOf(() => parseCatalogue('id,title\nx1,\n', 'outside.csv', { minimal: true }));
    expect(bad).toEqual([expect.objectContaining({ row: 1, line: 2, field: 'title' })]);
  });
});

describe('JSON import', () => {
  const catalogue = {
    holders: [{ id: 'acme', name: 'Acme Ltd', email: 'legal@acme.example' }],
    items: [
      {
        id: 'bag-1',
        holder: 'acme',
        ipType: 'trademark',
        title: 'Acme Tote',
        aliases: ['阿克米托特包'],
        registrations: [{ office: 'CNIPA', number: '1' }],
      },
      {
        id: 'film-1',
        holder: 'acme',
        ipType: 'copyright',
        title: 'Film',
        runtimeSeconds: 6720,
        referencePrice: { amount: 30, currency: 'CNY' },
      },
    ],
  };

  it('reads { holders, items } and round-trips', () => {
    const cat = parseCatalogue(JSON.stringify(catalogue), 'catalogue.json');
    expect(cat.items[0]!.aliases).toEqual(['阿克米托特包']);
    expect(cat.items[0]!.brandTerms).toEqual([]);
    expect(parseCatalogue(JSON.stringify(cat), 'catalogue.json')).toEqual(cat);
  });

  it('reads a bare array of items and creates holder stubs', () => {
    const cat = parseCatalogue(JSON.stringify(catalogue.items), 'items.json');
    expect(cat.holders).toEqual([{ id: 'acme', name: 'acme' }]);
    expect(cat.items).toHaveLength(2);
  });

  it('names item index and field path for every bad item', async () => {
    const { problems } = await loadProblems('bad-items.json');
    expect(problems.map((p) => [p.row, p.field])).toEqual([
      [2, 'items[1].ipType'],
      [3, 'items[2].title'],
      [4, 'items[3].referencePrice.currency'],
      [5, 'items[4].brandterms'],
      [5, 'items[4].holder'],
    ]);
    expect(problems[0]!.message).toContain(IP_TYPES.join('|'));
    expect(problems[3]!.message).toContain("did you mean 'brandTerms'");
  });

  it('names the line and column of a syntax error', async () => {
    const { problems } = await loadProblems('syntax-error.json');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBe(4);
    expect(problems[0]!.message).toMatch(/invalid JSON \(column \d+\)/);
  });

  it('names both entries of a duplicate id', () => {
    const items = [catalogue.items[0], catalogue.items[1], { ...catalogue.items[0], title: 'again' }];
    const problems = problemsOf(() => parseCatalogue(JSON.stringify(items), 'dup.json'));
    expect(problems).toEqual([
      expect.objectContaining({ row: 3, field: '[2].id', message: expect.stringContaining('row 1') }),
    ]);
  });

  it('minimal mode: id and title only, price + currency, extra fields ignored', () => {
    const items = [
      { id: 'x1', title: 'Fake', price: '1,299.00', currency: 'usd', seller: 'shop', category: null },
      { id: 'x2', title: 'Other', price: 5 },
    ];
    const problems = problemsOf(() => parseCatalogue(JSON.stringify(items), 'outside.json', { minimal: true }));
    expect(problems).toEqual([expect.objectContaining({ row: 2, field: '[1].currency' })]);
    const cat = parseCatalogue(JSON.stringify(items.slice(0, 1)), 'outside.json', { minimal: true });
    expect(cat.items[0]).toMatchObject({
      holder: 'unknown',
      ipType: 'trademark',
      referencePrice: { amount: 1299, currency: 'USD' },
    });
  });

  it('reads JSON Lines, naming row and line', () => {
    const line = (id: string, ipType = 'trademark') => JSON.stringify({ id, holder: 'h', ipType, title: id });
    const text = [line('a'), '', line('b', 'tm'), '{"id": "c",}'].join('\n');
    const problems = problemsOf(() => parseCatalogue(text, 'items.jsonl'));
    expect(problems.map((p) => [p.row, p.line, p.field])).toEqual([
      [2, 3, 'ipType'],
      [3, 4, undefined],
    ]);
  });
});

describe('files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalogue-import-'));

  it('loads a UTF-8 file and refuses other encodings and unknown extensions', async () => {
    const good = join(dir, 'good.csv');
    writeFileSync(good, GOOD_CSV);
    expect((await loadCatalogueFile(good)).items).toHaveLength(5);

    const gbk = join(dir, 'gbk.csv');
    writeFileSync(
      gbk,
      Buffer.concat([Buffer.from('id,holder,ip_type,title\na,h,trademark,'), Buffer.from([0xc1, 0xf7, 0xc0, 0xcb])]),
    );
    await expect(loadCatalogueFile(gbk)).rejects.toThrow(/not valid UTF-8/);

    expect(() => parseCatalogue('x', 'catalogue.xlsx')).toThrow(/unsupported file type '.xlsx'/);
    await expect(loadCatalogueFile(join(dir, 'missing.csv'))).rejects.toThrow(CatalogueImportError);
  });
});
