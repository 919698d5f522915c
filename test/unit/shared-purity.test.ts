import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** shared/ runs in the crawler and in the extension: no Node built-ins, no DOM globals. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const FORBIDDEN: [RegExp, string][] = [
  [
    /from\s+['"](node:|fs|path|crypto|http|https|url|os|child_process|cheerio|playwright)['"/]/,
    'a Node or crawler-only import',
  ],
  [/\b(process|Buffer|__dirname|require)\s*[.(]/, 'a Node global'],
  [/\b(document|window|navigator|localStorage)\s*\./, 'a DOM global'],
];

describe('shared/ purity', () => {
  const list = files('shared');
  it('has modules to check', () => expect(list.length).toBeGreaterThan(10));
  for (const file of list) {
    it(file, () => {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
      for (const [re, what] of FORBIDDEN) expect(re.test(code), `${file} uses ${what}`).toBe(false);
    });
  }
});
