import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeBlocks, shapeProblems } from '../integration/helpers/readme-blocks';

const fence = '```';
const md = [
  '## Start',
  '<!-- docs-test: stub npm install, npm test (inside npm test) -->',
  `${fence}sh`,
  'npm install && npm run demo',
  fence,
  '',
  `${fence}sh`,
  '$ A=http://127.0.0.1:8470',
  '$ curl -s "$A/v1/hits/counts"',
  '{"counts":{"new":1,…},"total":1}',
  fence,
  '### Fleet',
  '<!-- docs-test: own shell (other machines) -->',
  `${fence}bash`,
  'npm run cli -- worker &',
  fence,
  `${fence}json`,
  '{ "holderId": "x", … }',
  fence,
  '<!-- docs-test: skip (builds the extension) -->',
  `${fence}sh`,
  'npm run build:ext',
  fence,
  `${fence}`,
  'not a shell block',
  fence,
].join('\n');

describe('README blocks, as the docs test reads them', () => {
  it('takes sh and bash fences with their directive, section, session steps and shown JSON', () => {
    const blocks = readmeBlocks(md);
    expect(blocks.map((b) => [b.line, b.section, b.directive.kind])).toEqual([
      [3, 'Start', 'stub'],
      [7, 'Start', 'run'],
      [14, 'Fleet', 'own-shell'],
      [21, 'Fleet', 'skip'],
    ]);
    expect(blocks[0]!.directive).toEqual({ kind: 'stub', npm: ['install', 'test'], reason: 'inside npm test' });
    expect(blocks[1]!.session).toEqual([
      { command: 'A=http://127.0.0.1:8470', expected: '' },
      { command: 'curl -s "$A/v1/hits/counts"', expected: '{"counts":{"new":1,…},"total":1}' },
    ]);
    expect(blocks[2]!.expectedJson).toBe('{ "holderId": "x", … }');
  });

  it('refuses a directive it does not know, and a stub that is not an npm subcommand', () => {
    expect(() => readmeBlocks(`<!-- docs-test: maybe (why) -->\n${fence}sh\nls\n${fence}`)).toThrow(
      /docs-test directive/,
    );
    expect(() => readmeBlocks(`<!-- docs-test: stub rm -rf (why) -->\n${fence}sh\nls\n${fence}`)).toThrow(/npm/);
  });

  it('compares output by shape: the kind of JSON value and every key shown', () => {
    const shown = '{"hits":[{"id":179,"status":"new",…}],"nextCursor":"…"}';
    expect(shapeProblems(shown, '{"hits":[{"id":1,"status":"new","score":1}],"nextCursor":"x"}')).toEqual([]);
    expect(shapeProblems(shown, '{"hits":[{"id":1}],"nextCursor":"x"}')[0]).toMatch(/missing: status/);
    expect(shapeProblems(shown, '[1,2]')[0]).toMatch(/JSON object, got array/);
    expect(shapeProblems(shown, 'Internal Server Error')[0]).toMatch(/expected JSON/);
    expect(shapeProblems('1', '2')).toEqual([]);
    expect(shapeProblems('[143,140]', '{"id":1}')[0]).toMatch(/array/);
  });

  it("README.md's examples never run a script from the test fixtures", () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    for (const block of readmeBlocks(readme)) expect(block.source, `README.md:${block.line}`).not.toMatch(/test\//);
  });
});
