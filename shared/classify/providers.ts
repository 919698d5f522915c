/**
 * How sites say "not for you": every anti-bot, consent and login-wall page
 * the fetch classifier knows, one provider per entry, each with the
 * signatures that identify it. The one place these rules live; each has a
 * test page in test/fixtures/classify/.
 *
 * A rule matches when every signature in `all` matches and, if `any` is
 * given, at least one in `any` does. Signatures look at the response (status,
 * headers, cookies set), the final URL, the <title>, CSS selectors and the
 * HTML text (regexp sources, case-insensitive). Seeing a provider's ordinary
 * traces is not a block: Cloudflare serves most of the web (`cf-ray`), a
 * DataDome cookie is set on every protected page, and a reCAPTCHA script on a
 * sign-up form is no challenge — so rules ask for the challenge itself.
 */

export type Verdict = 'ok' | 'partial-block' | 'block' | 'consent' | 'login-wall' | 'needs-browser';

export type Signature =
  /** Response status is one of these. */
  | { status: number[] }
  /** A response header is present (name lower-case), its value matching `value` when given. */
  | { header: string; value?: string }
  /** A cookie of this name (or prefix, ending in `*`) is set by the response. */
  | { cookie: string }
  /** The final URL (after redirects) matches. */
  | { url: string }
  /** The document's <title> matches. */
  | { title: string }
  /** An element matching the CSS selector is present. */
  | { selector: string }
  /** The HTML source matches. */
  | { html: string };

export interface ProviderRule {
  /** Stable id: counted per host in sweep figures. */
  id: string;
  name: string;
  verdict: Exclude<Verdict, 'ok' | 'partial-block'>;
  all?: Signature[];
  any?: Signature[];
  /**
   * The interstitial is sometimes laid over a page that still carries the
   * site's data (Walmart's PerimeterX modal, Taobao's punish iframe, YouTube's
   * age gate): when the adapter reads its data from the page, the verdict is
   * partial-block (or the login wall is noted) and the data is read.
   */
  overData?: boolean;
}

const CHALLENGE_STATUS = [403, 429, 503];

export const providers: ProviderRule[] = [
  {
    id: 'cloudflare',
    name: 'Cloudflare challenge',
    verdict: 'block',
    any: [
      { header: 'cf-mitigated', value: '^challenge$' },
      { title: '^(?:Just a moment\\.\\.\\.|Attention Required! \\| Cloudflare|Please Wait\\.\\.\\. \\| Cloudflare)' },
      {
        selector:
          '#cf-challenge-running, #challenge-form[action*="__cf_chl"], #cf-error-details, #challenge-error-text',
      },
      { html: '/cdn-cgi/challenge-platform/h/[bg]/orchestrate/' },
      { html: '<span[^>]*>Sorry, you have been blocked</span>|cf-error-type' },
    ],
  },
  {
    id: 'perimeterx',
    name: 'PerimeterX (HUMAN) "press and hold"',
    verdict: 'block',
    overData: true,
    any: [
      { selector: '#px-captcha' },
      { title: '^(?:Access to this page has been denied|Robot or human\\?)' },
      { html: 'window\\._pxAppId\\s*=.{0,400}?_pxJsClientSrc|captcha\\.px-cdn\\.net|px-captcha' },
    ],
  },
  {
    id: 'datadome',
    name: 'DataDome',
    verdict: 'block',
    any: [{ html: '(?:geo|ct)\\.captcha-delivery\\.com' }, { selector: 'iframe[src*="captcha-delivery.com"]' }],
  },
  {
    id: 'datadome-403',
    name: 'DataDome (refused)',
    verdict: 'block',
    all: [{ status: [403, 405] }],
    any: [{ header: 'x-datadome' }, { header: 'x-dd-b' }, { cookie: 'datadome' }],
  },
  {
    id: 'incapsula',
    name: 'Imperva Incapsula',
    verdict: 'block',
    any: [
      { html: 'Incapsula incident ID' },
      { html: '<iframe[^>]+src="/_Incapsula_Resource\\?' },
      { html: '<script[^>]+src="/_Incapsula_Resource\\?SWJIYLWA=' },
    ],
  },
  {
    id: 'akamai',
    name: 'Akamai "Access Denied"',
    verdict: 'block',
    all: [{ title: '^Access Denied$' }],
    any: [
      { html: 'errors\\.edgesuite\\.net|Reference&#32;&#35;\\d+\\.|Reference #\\d+\\.[0-9a-f]+' },
      { header: 'server', value: 'AkamaiGHost' },
    ],
  },
  {
    id: 'alibaba-punish',
    name: 'Alibaba/Taobao punish slider (baxia)',
    verdict: 'block',
    overData: true,
    any: [
      { url: '_____tmd_____/punish' },
      { html: '_____tmd_____/punish' },
      { selector: '.baxia-dialog, #baxia-dialog-content, #nocaptcha, .nc-container #nc_1_wrapper' },
      { html: 'FAIL_SYS_USER_VALIDATE' },
      { html: 'window\\._config_\\s*=\\s*\\{[^}]{0,200}"action"\\s*:\\s*"captcha"' },
    ],
  },
  {
    id: 'amazon-robot-check',
    name: 'Amazon robot check',
    verdict: 'block',
    any: [
      { title: '^(?:Robot Check|Amazon\\.[a-z.]+ Something Went Wrong)$' },
      { selector: 'form[action*="/errors/validateCaptcha"]' },
      { html: 'Type the characters you see in this image|api-services-support@amazon\\.com' },
    ],
  },
  {
    id: 'ebay-interruption',
    name: 'eBay "Pardon Our Interruption"',
    verdict: 'block',
    any: [{ title: '^Pardon Our Interruption' }, { html: 'splashui/challenge' }],
  },
  {
    id: 'bilibili-risk',
    name: 'Bilibili risk control (-412)',
    verdict: 'block',
    any: [{ html: '"code"\\s*:\\s*-412|_riskdata_' }, { title: '^出错啦! - bilibili' }],
  },
  {
    id: 'youtube-consent',
    name: 'YouTube / Google consent',
    verdict: 'consent',
    any: [
      { url: '^https?://consent\\.(?:youtube|google)\\.[a-z.]+/' },
      { selector: 'form[action*="consent.youtube.com/save"], form[action*="consent.google.com/save"]' },
      { title: '^Before you continue(?: to YouTube| to Google)?$' },
    ],
  },
  {
    id: 'cookie-consent-wall',
    name: 'Consent wall (no content until cookies are accepted)',
    verdict: 'consent',
    any: [
      { url: '/(?:consent|cookie-consent|privacy-gate)(?:[/?]|$)' },
      { title: '^(?:Before you continue|Bevor Sie fortfahren|Avant de continuer|Antes de continuar)' },
    ],
  },
  {
    id: 'youtube-age-gate',
    name: 'YouTube sign-in to confirm age',
    verdict: 'login-wall',
    overData: true,
    any: [{ html: '"playabilityStatus"\\s*:\\s*\\{\\s*"status"\\s*:\\s*"LOGIN_REQUIRED"' }],
  },
  {
    id: 'login-redirect',
    name: 'Sign-in page',
    verdict: 'login-wall',
    any: [
      {
        url:
          '^https?://(?:login\\.(?:taobao|tmall|1688|aliexpress|alibaba)\\.com|passport\\.(?:jd|bilibili)\\.com|' +
          'accounts\\.google\\.com|www\\.instagram\\.com/accounts/login)/',
      },
      { url: '^https?://[^/]+/(?:ap/signin|signin|sign-in|login|accounts/login)(?:[/?]|$)' },
    ],
  },
  {
    id: 'generic-challenge',
    name: 'Access denied / security check page',
    verdict: 'block',
    any: [
      {
        title:
          '^(?:Access denied|Access Denied|Security check|Security Check|Please verify you are a human|Are you ' +
          'a robot\\?|Verify you are human|Human Verification|Checking your browser|DDoS protection by|Request ' +
          'unsuccessful|验证码|安全验证)',
      },
    ],
  },
  {
    id: 'rate-limited',
    name: 'Rate limited (HTTP 429)',
    verdict: 'block',
    all: [{ status: [429] }],
  },
];

/** Statuses at which a short page with no site data is most likely a refusal rather than content. */
export const REFUSAL_STATUS: readonly number[] = CHALLENGE_STATUS;
