import { describe, expect, it } from 'vitest';
import { escapePattern, parseRobots, pathOf, productToken, robotsForStatus } from '../../shared/robots';

interface Case {
  test: string;
  robotstxt: string;
  useragent: string;
  url: string;
  allowed: boolean;
}

const agrees = (c: Case): boolean => parseRobots(c.robotstxt).isAllowed(c.url, c.useragent) === c.allowed;

// ---------------------------------------------------------------------------
// The same assertions transcribed block by block from robots_test.cc in
// google/robotstxt (Apache-2.0, Copyright 2019 Google LLC; file version at
// commit c8ac4b1d93183ddcab30d09415356bf52550c6a5), each with the robots.txt
// it is really asserted against. The data set in ../shared/data/robotstxt is
// checked by the conformance suite (test/conformance/robots.conformance.test.ts).
// ---------------------------------------------------------------------------
type Check = [useragent: string, url: string, allowed: boolean];
interface Block {
  test: string;
  robotstxt: string;
  checks: Check[];
}

const F = 'FooBot';
const LONG_MAX = 2083 * 8;
function longLineBlocks(): Block[] {
  const grow = (start: string, ch: string, max: number): string => start + ch.repeat(Math.max(0, max - start.length));
  const l1 = grow('/x/', 'a', LONG_MAX - 3 - 'disallow: '.length + 1);
  const la = grow('/x/', 'a', LONG_MAX - 3 - 'allow: '.length + 1);
  const lb = grow('/x/', 'b', LONG_MAX - 3 - 'allow: '.length + 1);
  return [
    {
      test: 'GoogleOnly_LineTooLong',
      robotstxt: `user-agent: FooBot\ndisallow: ${l1}/qux\n`,
      checks: [
        [F, 'http://foo.bar/fux', true],
        [F, `http://foo.bar${l1}/fux`, false],
      ],
    },
    {
      test: 'GoogleOnly_LineTooLong',
      robotstxt: `user-agent: FooBot\ndisallow: /\nallow: ${la}/qux\nallow: ${lb}/qux\n`,
      checks: [
        [F, 'http://foo.bar/', false],
        [F, `http://foo.bar${la}/qux`, true],
        [F, `http://foo.bar${lb}/fux`, true],
      ],
    },
  ];
}

const GROUPS =
  'allow: /foo/bar/\n\nuser-agent: FooBot\ndisallow: /\nallow: /x/\nuser-agent: BarBot\ndisallow: /\nallow: /y/\n\n\n' +
  'allow: /w/\nuser-agent: BazBot\n\nuser-agent: FooBot\nallow: /z/\ndisallow: /\n';
const UA_CASE = (v: string): string => `User-Agent: ${v}\nAllow: /x/\nDisallow: /\n`;
const REP_CASE = (u: string, a: string, d: string): string => `${u}: FooBot\n${a}: /x/\n${d}: /\n`;
const DOC = (allow: string): string => `user-agent: FooBot\ndisallow: /\nallow: ${allow}\n`;
const fb = (path: string, allowed: boolean): Check => [F, `http://foo.bar${path}`, allowed];
const ex = (path: string, allowed: boolean): Check => [F, `http://example.com${path}`, allowed];

const UPSTREAM: Block[] = [
  {
    test: 'GoogleOnly_SystemTest',
    robotstxt: '',
    checks: [
      [F, '', true],
      ['', '', true],
    ],
  },
  {
    test: 'GoogleOnly_SystemTest',
    robotstxt: 'user-agent: FooBot\ndisallow: /\n',
    checks: [
      ['', '', true],
      [F, '', false],
    ],
  },
  { test: 'ID_LineSyntax_Line', robotstxt: 'user-agent: FooBot\ndisallow: /\n', checks: [fb('/x/y', false)] },
  { test: 'ID_LineSyntax_Line', robotstxt: 'foo: FooBot\nbar: /\n', checks: [fb('/x/y', true)] },
  { test: 'ID_LineSyntax_Line', robotstxt: 'user-agent FooBot\ndisallow /\n', checks: [fb('/x/y', false)] },
  {
    test: 'ID_LineSyntax_Groups',
    robotstxt: GROUPS,
    checks: [
      [F, 'http://foo.bar/x/b', true],
      [F, 'http://foo.bar/z/d', true],
      [F, 'http://foo.bar/y/c', false],
      ['BarBot', 'http://foo.bar/y/c', true],
      ['BarBot', 'http://foo.bar/w/a', true],
      ['BarBot', 'http://foo.bar/z/d', false],
      ['BazBot', 'http://foo.bar/z/d', true],
      [F, 'http://foo.bar/foo/bar/', false],
      ['BarBot', 'http://foo.bar/foo/bar/', false],
      ['BazBot', 'http://foo.bar/foo/bar/', false],
    ],
  },
  {
    test: 'ID_LineSyntax_Groups_OtherRules',
    robotstxt: 'User-agent: BarBot\nSitemap: https://foo.bar/sitemap\nUser-agent: *\nDisallow: /\n',
    checks: [
      [F, 'http://foo.bar/', false],
      ['BarBot', 'http://foo.bar/', false],
    ],
  },
  {
    test: 'ID_LineSyntax_Groups_OtherRules',
    robotstxt: 'User-agent: FooBot\nInvalid-Unknown-Line: unknown\nUser-agent: *\nDisallow: /\n',
    checks: [
      [F, 'http://foo.bar/', false],
      ['BarBot', 'http://foo.bar/', false],
    ],
  },
  ...[
    REP_CASE('USER-AGENT', 'ALLOW', 'DISALLOW'),
    REP_CASE('user-agent', 'allow', 'disallow'),
    REP_CASE('uSeR-aGeNt', 'AlLoW', 'dIsAlLoW'),
  ].map((robotstxt): Block => ({
    test: 'ID_REPLineNamesCaseInsensitive',
    robotstxt,
    checks: [fb('/x/y', true), fb('/a/b', false)],
  })),
  ...['FOO BAR', 'foo bar', 'FoO bAr'].map((v): Block => ({
    test: 'ID_UserAgentValueCaseInsensitive',
    robotstxt: UA_CASE(v),
    checks: [
      ['Foo', 'http://foo.bar/x/y', true],
      ['Foo', 'http://foo.bar/a/b', false],
      ['foo', 'http://foo.bar/x/y', true],
      ['foo', 'http://foo.bar/a/b', false],
    ],
  })),
  {
    test: 'GoogleOnly_AcceptUserAgentUpToFirstSpace',
    robotstxt: 'User-Agent: *\nDisallow: /\nUser-Agent: Foo Bar\nAllow: /x/\nDisallow: /\n',
    checks: [
      ['Foo', 'http://foo.bar/x/y', true],
      ['Foo Bar', 'http://foo.bar/x/y', false],
    ],
  },
  { test: 'ID_GlobalGroups_Secondary', robotstxt: '', checks: [fb('/x/y', true)] },
  {
    test: 'ID_GlobalGroups_Secondary',
    robotstxt: 'user-agent: *\nallow: /\nuser-agent: FooBot\ndisallow: /\n',
    checks: [fb('/x/y', false), ['BarBot', 'http://foo.bar/x/y', true]],
  },
  {
    test: 'ID_GlobalGroups_Secondary',
    robotstxt: 'user-agent: FooBot\nallow: /\nuser-agent: BarBot\ndisallow: /\nuser-agent: BazBot\ndisallow: /\n',
    checks: [['QuxBot', 'http://foo.bar/x/y', true]],
  },
  {
    test: 'ID_AllowDisallow_Value_CaseSensitive',
    robotstxt: 'user-agent: FooBot\ndisallow: /x/\n',
    checks: [fb('/x/y', false)],
  },
  {
    test: 'ID_AllowDisallow_Value_CaseSensitive',
    robotstxt: 'user-agent: FooBot\ndisallow: /X/\n',
    checks: [fb('/x/y', true)],
  },
  {
    test: 'ID_LongestMatch',
    robotstxt: 'user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/\n',
    checks: [fb('/x/page.html', false)],
  },
  {
    test: 'ID_LongestMatch',
    robotstxt: 'user-agent: FooBot\nallow: /x/page.html\ndisallow: /x/\n',
    checks: [fb('/x/page.html', true), fb('/x/', false)],
  },
  {
    test: 'ID_LongestMatch',
    robotstxt: 'user-agent: FooBot\ndisallow: \nallow: \n',
    checks: [fb('/x/page.html', true)],
  },
  {
    test: 'ID_LongestMatch',
    robotstxt: 'user-agent: FooBot\ndisallow: /\nallow: /\n',
    checks: [fb('/x/page.html', true)],
  },
  {
    test: 'ID_LongestMatch',
    robotstxt: 'user-agent: FooBot\ndisallow: /x\nallow: /x/\n',
    checks: [fb('/x', false), fb('/x/', true)],
  },
  {
    test: 'ID_LongestMatch',
    robotstxt: 'user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/page.html\n',
    checks: [fb('/x/page.html', true)],
  },
  {
    test: 'ID_LongestMatch',
    robotstxt: 'user-agent: FooBot\nallow: /page\ndisallow: /*.html\n',
    checks: [fb('/page.html', false), fb('/page', true)],
  },
  {
    test: 'ID_LongestMatch',
    robotstxt: 'user-agent: FooBot\nallow: /x/page.\ndisallow: /*.html\n',
    checks: [fb('/x/page.html', true), fb('/x/y.html', false)],
  },
  {
    test: 'ID_LongestMatch',
    robotstxt: 'User-agent: *\nDisallow: /x/\nUser-agent: FooBot\nDisallow: /y/\n',
    checks: [fb('/x/page', true), fb('/y/page', false)],
  },
  {
    test: 'ID_Encoding',
    robotstxt: 'User-agent: FooBot\nDisallow: /\nAllow: /foo/bar?qux=taz&baz=http://foo.bar?tar&par\n',
    checks: [fb('/foo/bar?qux=taz&baz=http://foo.bar?tar&par', true)],
  },
  {
    test: 'ID_Encoding',
    robotstxt: 'User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/ツ\n',
    checks: [fb('/foo/bar/%E3%83%84', true), fb('/foo/bar/ツ', false)],
  },
  {
    test: 'ID_Encoding',
    robotstxt: 'User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%E3%83%84\n',
    checks: [fb('/foo/bar/%E3%83%84', true), fb('/foo/bar/ツ', false)],
  },
  {
    test: 'ID_Encoding',
    robotstxt: 'User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%62%61%7A\n',
    checks: [fb('/foo/bar/baz', false), fb('/foo/bar/%62%61%7A', true)],
  },
  {
    test: 'ID_SpecialCharacters',
    robotstxt: 'User-agent: FooBot\nDisallow: /foo/bar/quz\nAllow: /foo/*/qux\n',
    checks: [fb('/foo/bar/quz', false), fb('/foo/quz', true), fb('/foo//quz', true), fb('/foo/bax/quz', true)],
  },
  {
    test: 'ID_SpecialCharacters',
    robotstxt: 'User-agent: FooBot\nDisallow: /foo/bar$\nAllow: /foo/bar/qux\n',
    checks: [fb('/foo/bar', false), fb('/foo/bar/qux', true), fb('/foo/bar/', true), fb('/foo/bar/baz', true)],
  },
  {
    test: 'ID_SpecialCharacters',
    robotstxt: 'User-agent: FooBot\n# Disallow: /\nDisallow: /foo/quz#qux\nAllow: /\n',
    checks: [fb('/foo/bar', true), fb('/foo/quz', false)],
  },
  {
    test: 'GoogleOnly_IndexHTMLisDirectory',
    robotstxt: 'User-Agent: *\nAllow: /allowed-slash/index.html\nDisallow: /\n',
    checks: [
      ['foobot', 'http://foo.com/allowed-slash/', true],
      ['foobot', 'http://foo.com/allowed-slash/index.htm', false],
      ['foobot', 'http://foo.com/allowed-slash/index.html', true],
      ['foobot', 'http://foo.com/anyother-url', false],
    ],
  },
  ...longLineBlocks(),
  {
    test: 'GoogleOnly_DocumentationChecks',
    robotstxt: DOC('/fish'),
    checks: [
      fb('/bar', false),
      fb('/fish', true),
      fb('/fish.html', true),
      fb('/fish/salmon.html', true),
      fb('/fishheads', true),
      fb('/fishheads/yummy.html', true),
      fb('/fish.html?id=anything', true),
      fb('/Fish.asp', false),
      fb('/catfish', false),
      fb('/?id=fish', false),
    ],
  },
  {
    test: 'GoogleOnly_DocumentationChecks',
    robotstxt: DOC('/fish*'),
    checks: [
      fb('/bar', false),
      fb('/fish', true),
      fb('/fish.html', true),
      fb('/fish/salmon.html', true),
      fb('/fishheads', true),
      fb('/fishheads/yummy.html', true),
      fb('/fish.html?id=anything', true),
      fb('/Fish.bar', false),
      fb('/catfish', false),
      fb('/?id=fish', false),
    ],
  },
  {
    test: 'GoogleOnly_DocumentationChecks',
    robotstxt: DOC('/fish/'),
    checks: [
      fb('/bar', false),
      fb('/fish/', true),
      fb('/fish/salmon', true),
      fb('/fish/?salmon', true),
      fb('/fish/salmon.html', true),
      fb('/fish/?id=anything', true),
      fb('/fish', false),
      fb('/fish.html', false),
      fb('/Fish/Salmon.html', false),
    ],
  },
  {
    test: 'GoogleOnly_DocumentationChecks',
    robotstxt: DOC('/*.php'),
    checks: [
      fb('/bar', false),
      fb('/filename.php', true),
      fb('/folder/filename.php', true),
      fb('/folder/filename.php?parameters', true),
      fb('//folder/any.php.file.html', true),
      fb('/filename.php/', true),
      fb('/index?f=filename.php/', true),
      fb('/php/', false),
      fb('/index?php', false),
      fb('/windows.PHP', false),
    ],
  },
  {
    test: 'GoogleOnly_DocumentationChecks',
    robotstxt: DOC('/*.php$'),
    checks: [
      fb('/bar', false),
      fb('/filename.php', true),
      fb('/folder/filename.php', true),
      fb('/filename.php?parameters', false),
      fb('/filename.php/', false),
      fb('/filename.php5', false),
      fb('/php/', false),
      fb('/filename?php', false),
      fb('/aaaphpaaa', false),
      fb('//windows.PHP', false),
    ],
  },
  {
    test: 'GoogleOnly_DocumentationChecks',
    robotstxt: DOC('/fish*.php'),
    checks: [
      fb('/bar', false),
      fb('/fish.php', true),
      fb('/fishheads/catfish.php?parameters', true),
      fb('/Fish.PHP', false),
    ],
  },
  {
    test: 'GoogleOnly_DocumentationChecks',
    robotstxt: 'user-agent: FooBot\nallow: /p\ndisallow: /\n',
    checks: [ex('/page', true)],
  },
  {
    test: 'GoogleOnly_DocumentationChecks',
    robotstxt: 'user-agent: FooBot\nallow: /folder\ndisallow: /folder\n',
    checks: [ex('/folder/page', true)],
  },
  {
    test: 'GoogleOnly_DocumentationChecks',
    robotstxt: 'user-agent: FooBot\nallow: /page\ndisallow: /*.htm\n',
    checks: [ex('/page.htm', false)],
  },
  {
    test: 'GoogleOnly_DocumentationChecks',
    robotstxt: 'user-agent: FooBot\nallow: /$\ndisallow: /\n',
    checks: [ex('/', true), ex('/page.html', false)],
  },
];

const upstream: Case[] = UPSTREAM.flatMap((b) =>
  b.checks.map(([useragent, url, allowed]) => ({ test: b.test, robotstxt: b.robotstxt, useragent, url, allowed })),
);

/**
 * Deliberate deviation: the crawler's user-agent is reduced to its product
 * token (up to the first space or '/'), so "Foo Bar" is treated as "Foo".
 * The reference compares the caller's string verbatim and expects no match.
 */
const DEVIATIONS = new Set(['GoogleOnly_AcceptUserAgentUpToFirstSpace|Foo Bar|http://foo.bar/x/y']);
const caseKey = (c: Case): string => `${c.test}|${c.useragent}|${c.url}`;

describe('robots.txt: robots_test.cc assertions with their own robots.txt', () => {
  const tests = [...new Set(upstream.map((c) => c.test))];

  it('covers all 15 tests', () => {
    expect(tests).toHaveLength(15);
    expect(upstream.filter((c) => c.test.startsWith('ID_'))).toHaveLength(72);
  });

  it.each(tests)('%s', (test) => {
    const failures = upstream
      .filter((c) => c.test === test && !DEVIATIONS.has(caseKey(c)) && !agrees(c))
      .map((c) => `${c.useragent} ${c.url.slice(0, 80)} expected ${c.allowed}`);
    expect(failures).toEqual([]);
  });

  it('the one deliberate deviation behaves as documented', () => {
    const dev = upstream.filter((c) => DEVIATIONS.has(caseKey(c)));
    expect(dev).toHaveLength(1);
    expect(agrees(dev[0]!)).toBe(false);
  });
});

describe('robots.txt: own cases', () => {
  it('extracts path, params and query like the reference', () => {
    const cases: [string, string][] = [
      ['', '/'],
      ['http://www.example.com', '/'],
      ['http://www.example.com/', '/'],
      ['http://www.example.com/a', '/a'],
      ['http://www.example.com/a/b?c=http://d.e/', '/a/b?c=http://d.e/'],
      ['http://www.example.com/a/b?c=d&e=f#fragment', '/a/b?c=d&e=f'],
      ['example.com', '/'],
      ['example.com/a/', '/a/'],
      ['a', '/'],
      ['a/', '/'],
      ['/a', '/a'],
      ['a/b', '/b'],
      ['example.com?a', '/?a'],
      ['example.com/a;b#c', '/a;b'],
      ['//a/b/c', '/b/c'],
      ['http://x/%e3%83%84', '/%E3%83%84'],
    ];
    for (const [url, path] of cases) expect(pathOf(url), url).toBe(path);
  });

  it('escapes patterns like the reference', () => {
    expect(escapePattern('http://www.example.com')).toBe('http://www.example.com');
    expect(escapePattern('/a/b/c')).toBe('/a/b/c');
    expect(escapePattern('á')).toBe('%C3%A1');
    expect(escapePattern('%aa')).toBe('%AA');
    expect(escapePattern('/😀')).toBe('/%F0%9F%98%80');
    expect(escapePattern('/%62%61%7A')).toBe('/%62%61%7A');
  });

  it('takes the product token of a full user-agent string', () => {
    expect(productToken('CounterScan/0.1 (+https://example.org/bot)')).toBe('counterscan');
    const r = parseRobots('User-agent: counterscan\nDisallow: /private\n\nUser-agent: *\nDisallow: /\n');
    expect(r.isAllowed('https://x.test/public', 'CounterScan/0.1 (+https://example.org/bot)')).toBe(true);
    expect(r.isAllowed('https://x.test/private/a', 'CounterScan/0.1')).toBe(false);
    expect(r.isAllowed('https://x.test/public', 'OtherBot/1.0')).toBe(false);
  });

  it('handles BOM, CR, CRLF, mixed line ends, comments and a missing final newline', () => {
    for (const body of [
      '\uFEFFUser-agent: a\nDisallow: /x',
      'User-agent: a\rDisallow: /x\r',
      'User-agent: a\r\n\r\nDisallow: /x\r\n',
      '  User-agent : a   # me\n\tDisallow:/x # not /y\n',
    ]) {
      const r = parseRobots(body);
      expect(r.isAllowed('http://h/x/1', 'a'), JSON.stringify(body)).toBe(false);
      expect(r.isAllowed('http://h/y', 'a'), JSON.stringify(body)).toBe(true);
    }
  });

  it('always allows /robots.txt', () => {
    const r = parseRobots('User-agent: *\nDisallow: /\n');
    expect(r.isAllowed('https://h/robots.txt', 'x')).toBe(true);
    expect(r.isAllowed('https://h/robots.txt.bak', 'x')).toBe(false);
    expect(robotsForStatus(503).isAllowed('https://h/robots.txt', 'x')).toBe(true);
  });

  it('reads crawl-delay per group, falling back to *', () => {
    const r = parseRobots(
      'User-agent: *\nCrawl-delay: 2\nDisallow: /tmp\n\nUser-agent: slowbot\nUser-agent: other\ncrawl-delay: 10.5\n\n' +
        'User-agent: nodelay\nDisallow: /x\n\nUser-agent: bad\nCrawl-delay: soon\n',
    );
    expect(r.crawlDelay('anybot')).toBe(2);
    expect(r.crawlDelay('SlowBot/1.0')).toBe(10.5);
    expect(r.crawlDelay('other')).toBe(10.5);
    expect(r.crawlDelay('nodelay')).toBeUndefined();
    expect(r.crawlDelay('bad')).toBeUndefined();
    expect(parseRobots('').crawlDelay('x')).toBeUndefined();
  });

  it('collects sitemaps anywhere in the file, unescaped and deduplicated', () => {
    const r = parseRobots(
      'Sitemap: https://h/s1.xml\nUser-agent: *\nDisallow: /\nsitemap: ' +
        'https://h/s1.xml\nSite-map:https://h/ü.xml # c\n',
    );
    expect(r.sitemaps).toEqual(['https://h/s1.xml', 'https://h/ü.xml']);
    expect(r.isAllowed('https://h/a', 'x')).toBe(false);
  });

  it('maps fetch failures per RFC 9309 §2.3.1.3/.4', () => {
    for (const s of [400, 401, 403, 404, 410])
      expect(robotsForStatus(s).isAllowed('https://h/a', 'x'), String(s)).toBe(true);
    for (const s of [0, 429, 500, 502, 503])
      expect(robotsForStatus(s).isAllowed('https://h/a', 'x'), String(s)).toBe(false);
    const r = robotsForStatus(404);
    expect(r.sitemaps).toEqual([]);
    expect(r.crawlDelay('x')).toBeUndefined();
  });

  it('matches wildcards in linear time and stays fast across many URLs', () => {
    const rules = Array.from({ length: 200 }, (_, i) => `Disallow: /*a*a*a*a*a*a*a*a*a*b${i}$`).join('\n');
    const r = parseRobots(`User-agent: *\n${rules}\nAllow: /ok\n`);
    const path = '/' + 'a'.repeat(5000);
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) r.isAllowed(`https://h${path}?q=${i}`, 'bot');
    expect(r.isAllowed(`https://h${path}b7`, 'bot')).toBe(false);
    expect(r.isAllowed(`https://h${path}`, 'bot')).toBe(true);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

describe('hostile robots.txt files', () => {
  it('a line of 16,000 spaces parses in linear time; a 498 KB file of 30 such lines in well under a second', () => {
    const line = `Disallow:${' '.repeat(16_000)}/private`;
    let t0 = performance.now();
    const one = parseRobots(`User-agent: *\n${line}\n`);
    expect(performance.now() - t0).toBeLessThan(50);
    expect(one.isAllowed('https://h/private/a', 'x')).toBe(false);

    const file =
      `User-agent: ` +
      `*\n${Array.from({ length: 30 }, (_, i) => `Disallow:${' '.repeat(16_000)}x /p${i}`).join('\n')}\n`;
    expect(file.length).toBeGreaterThan(480_000);
    t0 = performance.now();
    parseRobots(file).isAllowed('https://h/a', 'x');
    expect(performance.now() - t0).toBeLessThan(100);
  });

  it('parses the first 500 KiB of a larger body and ignores the rest (RFC 9309 §2.5), never allowing all', () => {
    const head = 'User-agent: *\nDisallow: /private\n';
    const filler = `# ${'x'.repeat(98)}\n`.repeat(6000); // 600,000 characters
    const r = parseRobots(`${head}${filler}Disallow: /late\n`);
    expect(r.isAllowed('https://h/private/a', 'x')).toBe(false);
    expect(r.isAllowed('https://h/late', 'x')).toBe(true);
    expect(r.isAllowed('https://h/public', 'x')).toBe(true);
  });
});
