/**
 * The import graph runs one way: entry points (commands, api) → drivers (runner, queue) → features
 * (notices, verification, sellers, blocking, alerts, …) → the pipeline → the store and fetch → shared.
 * Each rule names the folders a folder must not reach; a violation lists every offending import.
 * And all SQL is behind crawler/store: nothing else touches the store's `db` or calls `.query(`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the data goes in and out: the database, the network, pixels. */
const BASE = ['store', 'fetch', 'image'];
/** How a fetched page becomes a listing and a hit. */
const PIPELINE = ['pipeline', 'stages'];
/** What the product does with hits; each may use the pipeline, the store and fetch, never what drives it. */
const FEATURES = [
  'notices',
  'verification',
  'sellers',
  'blocking',
  'alerts',
  'notify',
  'catalogue',
  'report',
  'discovery',
];
/** What runs the pipeline and the features: one machine, or a fleet on queues. */
const DRIVERS = ['runner', 'queue'];
/** Entry points. */
const ENTRY = ['api', 'commands', 'cli'];
/** The settings table and the logger, read by entry points and drivers. */
const SETTINGS = ['config', 'logger'];

/** Every `.ts` file under `dir` (repository-relative, `/`-separated), generated and installed files left out. */
function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const path = join(abs, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts')) out.push(relative(ROOT, path).split('\\').join('/'));
    }
  };
  walk(join(ROOT, dir));
  return out.sort();
}

/**
 * Relative specifiers of `import … from`, `export … from`, bare `import '…'` and `import('…')`, resolved from the
 * repository root.
 */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
  return specs.filter((s) => s.startsWith('.')).map((s) => posix.normalize(posix.join(posix.dirname(file), s)));
}

/**
 * `crawler/store/hit-repo.ts` → `store`; `crawler/cli.ts` → `cli`; outside crawler: the top folder (`shared`,
 * `extension`, `test`).
 */
function area(path: string): string {
  const [top, second] = path.split('/');
  if (top !== 'crawler' || second === undefined) return top!;
  return second.replace(/\.ts$/, '');
}

const RULES: { from: string[]; forbidden: (target: string) => boolean; why: string }[] = [
  {
    from: BASE,
    forbidden: (t) => !BASE.includes(t),
    why: 'the store and fetch import only shared/ and each other',
  },
  {
    from: PIPELINE,
    forbidden: (t) => [...FEATURES, ...DRIVERS, ...ENTRY].includes(t),
    why: 'the pipeline never imports what uses or drives it',
  },
  {
    from: FEATURES,
    forbidden: (t) => [...DRIVERS, ...ENTRY].includes(t),
    why: 'a feature never imports the runner, the queues, the API or the commands',
  },
  {
    from: DRIVERS,
    forbidden: (t) => ENTRY.includes(t),
    why: 'the runner and the queues never import the API or the commands',
  },
];

describe('import graph', () => {
  const crawler = sources('crawler');

  it('places every crawler folder in a layer (a new folder is added to one above)', () => {
    const layered = [...BASE, ...PIPELINE, ...FEATURES, ...DRIVERS, ...ENTRY, ...SETTINGS];
    expect([...new Set(crawler.map(area))].filter((a) => !layered.includes(a))).toEqual([]);
  });

  it('crawler folders import only downwards: entry → drivers → features → pipeline → store/fetch → shared', () => {
    const wrong: string[] = [];
    for (const file of crawler) {
      const from = area(file);
      for (const rule of RULES.filter((r) => r.from.includes(from))) {
        for (const target of importsOf(file)) {
          if (target.startsWith('crawler/') && rule.forbidden(area(target)))
            wrong.push(`${file} → ${target} (${rule.why})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('crawler code imports neither the tests nor the extension', () => {
    const wrong = crawler.flatMap((file) =>
      importsOf(file)
        .filter((t) => t.startsWith('test/') || t.startsWith('extension/'))
        .map((t) => `${file} → ${t}`),
    );
    expect(wrong).toEqual([]);
  });

  it('the demo (top-level demo/) is reached only from the demo command', () => {
    const wrong = sources('crawler').flatMap((file) =>
      importsOf(file)
        .filter((t) => t.startsWith('demo/') && !file.startsWith('crawler/commands/demo'))
        .map((t) => `${file} → ${t}`),
    );
    expect(wrong).toEqual([]);
  });

  it('shared imports neither the crawler, the extension nor the tests', () => {
    const wrong = sources('shared').flatMap((file) =>
      importsOf(file)
        .filter((t) => !t.startsWith('shared/'))
        .map((t) => `${file} → ${t}`),
    );
    expect(wrong).toEqual([]);
  });

  it('all SQL is behind crawler/store: no store.db and no .query( elsewhere in crawler/', () => {
    const wrong: string[] = [];
    for (const file of crawler.filter((f) => !f.startsWith('crawler/store/'))) {
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/store.db|\.query\(/.test(line)) wrong.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(wrong).toEqual([]);
  });

  it('reads the imports it checks (the parser is not blind)', () => {
    expect(importsOf('crawler/pipeline/listing-pipeline.ts')).toContain('crawler/store');
    expect(area('crawler/store/hit-repo.ts')).toBe('store');
    expect(area('crawler/cli.ts')).toBe('cli');
    expect(crawler.length).toBeGreaterThan(100);
  });
});
