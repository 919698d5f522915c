/**
 * The browser extension (WXT, Manifest V3, Chrome and Firefox). Sources are in
 * extension/; builds go to .output/chrome-mv3 and .output/firefox-mv3.
 *
 * Least privilege: installing asks for no host at all. Each supported site
 * (the shared adapters' `hosts`, so a site is declared once) is an optional
 * host permission the user allows from the options page; the background
 * registers the content script on the sites allowed (entrypoints/background/
 * site-access.ts). "Scan this page" reads any other page through activeTab.
 * The review API's origin is asked for the same way when it is not a site.
 *
 * `COUNTERSCAN_DEMO_SITES=1` (npm run build:ext:demo) builds into
 * .output/demo/ a variant for the e2e tests, the benchmark and the demo: it
 * also knows the demo sites on 127.0.0.1 and localhost, and asks for every
 * site at install (required host permissions, granted when an unpacked
 * extension loads), so a test needs no permission prompt. Its match
 * patterns for the real sites are the shipped build's.
 */
import { defineConfig } from 'wxt';
import { sitePatterns } from './extension/utils/match-patterns';
import { demoAdapters, siteAdapters } from './shared/sites';

const DEMO = process.env.COUNTERSCAN_DEMO_SITES === '1';

/** Extension pages run only their own bundled scripts, and no string ever becomes HTML (Trusted Types). */
const EXTENSION_PAGES_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "style-src 'self'",
  // Evidence thumbnails are fetched with the token and shown from blob: URLs.
  "img-src 'self' blob: data:",
  // The review API's URL is a setting, so any http(s) origin the extension has been granted.
  'connect-src http: https:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

export default defineConfig({
  srcDir: 'extension',
  entrypointsDir: 'entrypoints',
  publicDir: 'extension/public',
  modulesDir: 'extension/modules',
  outDir: DEMO ? '.output/demo' : '.output',
  // Every Chrome and Firefox build is MV3 (WXT would build MV2 for Firefox by default).
  manifestVersion: 3,
  // Explicit imports everywhere: the code reads the same outside WXT.
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    define: { __COUNTERSCAN_DEMO_SITES__: JSON.stringify(DEMO) },
    build: {
      rollupOptions: {
        // zod's sources carry /* @__PURE__ */ comments where Rollup cannot use them; harmless, and noisy.
        onwarn(warning, warn) {
          if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
        },
      },
    },
  }),
  manifest: ({ browser }) => ({
    name: 'counterscan',
    description:
      'Badges suspect counterfeit and pirated listings while you browse, flags them with evidence, and triages ' +
      'the review inbox.',
    permissions: ['storage', 'alarms', 'contextMenus', 'activeTab', 'scripting'],
    // Shipped: nothing at install. Asked for at run time, from the options page: each supported site,
    // a review API elsewhere than the sites (its origin only), and, for screenshots when flagging
    // from a badge, all sites. The demo build is granted its sites at install (see above).
    host_permissions: DEMO ? sitePatterns([...siteAdapters, ...demoAdapters]) : [],
    optional_host_permissions: [...(DEMO ? [] : sitePatterns(siteAdapters)), '<all_urls>'],
    content_security_policy: { extension_pages: EXTENSION_PAGES_CSP },
    action: { default_title: 'counterscan' },
    commands: {
      'flag-page': {
        suggested_key: { default: 'Alt+Shift+F' },
        description: 'Flag the current page with evidence',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'counterscan@counterscan.example',
              strict_min_version: '140.0',
              // Page HTML, screenshots and URLs of flagged pages go to the review server the user configures.
              data_collection_permissions: { required: ['websiteContent', 'websiteActivity'] },
            },
            // Firefox for Android has data_collection_permissions from 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
