/**
 * The e2e files load the demo builds of the extension
 * (.output/demo/chrome-mv3 and firefox-mv3: COUNTERSCAN_DEMO_SITES=1, which also knows the
 * demo sites on loopback and is granted its sites at install; see
 * wxt.config.ts). Build it when it is missing or older than its sources, so
 * `npm test` works on a clean clone without a separate build step.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

export default function setup(): void {
  const sources = Math.max(
    ...['extension', 'shared', 'wxt.config.ts', 'package.json'].map((p) => newest(join(root, p))),
  );
  for (const target of ['chrome', 'firefox'] as const) {
    const manifest = join(root, `.output/demo/${target}-mv3/manifest.json`);
    if (existsSync(manifest) && statSync(manifest).mtimeMs >= sources) continue;
    console.log(`e2e: building the extension for ${target} (COUNTERSCAN_DEMO_SITES=1 wxt build -b ${target})…`);
    execFileSync(join(root, 'node_modules/.bin/wxt'), ['build', '-b', target], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, COUNTERSCAN_DEMO_SITES: '1' },
    });
  }
}
