import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Debian's (and Ubuntu's) Chromium package. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export const NO_CHROMIUM =
  "no Chromium found: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH";

/** Thrown when no Chromium can be found; its message says how to get one. */
export class NoChromiumError extends Error {
  override name = 'NoChromiumError';
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Playwright's own downloaded Chromium, when `npx playwright install chromium` has been run; undefined otherwise. */
function bundledChromium(): string | undefined {
  try {
    // Synchronous on purpose: resolveChromium is a plain lookup. playwright is a dependency, so this only fails on a
    // broken install.
    const { chromium } = createRequire(import.meta.url)('playwright') as typeof import('playwright');
    const path = chromium.executablePath();
    return path && isExecutableFile(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Chromium executable the browser fetcher launches: `configured` (the
 * CHROMIUM_PATH setting, passed in from config) when given — and then it must
 * exist, a wrong setting is an error rather than a silent fallback — else
 * Debian's /usr/bin/chromium, else Playwright's own browser where installed.
 * Throws NoChromiumError with {@link NO_CHROMIUM} when there is none.
 */
export function resolveChromium(configured?: string): string {
  if (configured !== undefined && configured !== '') {
    if (isExecutableFile(configured)) return configured;
    throw new NoChromiumError(
      `${NO_CHROMIUM} (CHROMIUM_PATH is ${JSON.stringify(configured)}, which is not an executable file)`,
    );
  }
  if (isExecutableFile(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  const bundled = bundledChromium();
  if (bundled) return bundled;
  throw new NoChromiumError(NO_CHROMIUM);
}
