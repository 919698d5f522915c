/**
 * Editions, versions and years: "Office 2007" is not "Office 2010",
 * "Photoshop CS3 upgrade" is not "Photoshop CS3", "Legend VI" is not
 * "Legend VII", the Mac edition is not the Windows one, the women's shoe
 * not the men's. Read from the normalised title's tokens; abbreviations and
 * other languages' words map to one word per edition ("upg" → upgrade,
 * "damen" → women).
 */

/** Edition words by group, each word mapped to its canonical form. */
const GROUPS: Record<string, Record<string, string[]>> = {
  licence: {
    upgrade: ['upgrade', 'upg', 'upgrd', 'upgr', 'upsell', 'crossgrade', 'competitive'],
    academic: ['academic', 'acad', 'edu', 'education', 'educational', 'student', 'students', 'teacher', 'school'],
    oem: ['oem'],
    trial: ['trial'],
    subscription: ['subscription', 'renewal'],
  },
  platform: {
    win: ['win', 'windows', 'pc', 'xp', 'vista'],
    mac: ['mac', 'macintosh', 'osx'],
    linux: ['linux'],
  },
  tier: {
    pro: ['pro', 'professional', 'prof'],
    standard: ['standard', 'std'],
    home: ['home'],
    premium: ['premium', 'prem'],
    ultimate: ['ultimate'],
    enterprise: ['enterprise', 'ent'],
    deluxe: ['deluxe', 'dlx'],
    basic: ['basic'],
    express: ['express'],
    elements: ['elements'],
    lite: ['lite', 'light'],
    plus: ['plus'],
    server: ['server'],
    family: ['family'],
    business: ['business', 'smb'],
    extended: ['extended'],
    suite: ['suite'],
  },
  variant: {
    women: ['women', 'womens', 'woman', 'ladies', 'damen', 'femme', 'femmes', 'mujer', 'donna', 'dames', 'wmns'],
    men: ['men', 'mens', 'man', 'herren', 'homme', 'hommes', 'hombre', 'uomo', 'heren'],
    kids: ['kids', 'kid', 'junior', 'jr', 'youth', 'kinder', 'enfant', 'enfants', 'nino', 'niño', 'bambino'],
    mini: ['mini'],
    refill: ['refill', 'refills', 'cartridge', 'cartridges'],
    kit: ['kit', 'bundle', 'combo'],
    case: ['case', 'cover', 'sleeve', 'skin', 'housing'],
    charger: ['charger', 'adapter', 'adaptor', 'cable'],
    battery: ['battery', 'batteries', 'akku'],
    lens: ['lens', 'objektiv'],
    body: ['body', 'gehäuse', 'boîtier'],
  },
};

const CANONICAL = new Map<string, [group: string, word: string]>();
for (const [group, words] of Object.entries(GROUPS)) {
  for (const [word, forms] of Object.entries(words)) for (const f of forms) CANONICAL.set(f, [group, word]);
}

const YEAR = /^(19[5-9]\d|20[0-4]\d)$/;
const ROMAN = new Set(['ii', 'iii', 'iv', 'vi', 'vii', 'viii', 'ix', 'xi', 'xii']);
// v2, cs3, x5, mk2, gen3, 2nd, 3rd …
const VERSION_TOKEN = /^(?:v|ver|cs|mk|mark|gen|series|s)\d{1,2}$|^\d{1,2}(?:st|nd|rd|th)$/;
const VERSION_WORDS = new Set([
  'version',
  'ver',
  'v',
  'edition',
  'release',
  'gen',
  'generation',
  'series',
  'mark',
  'mk',
]);

export interface EditionInfo {
  years: Set<string>;
  versions: Set<string>;
  /** Canonical edition words by group. */
  editions: Map<string, Set<string>>;
}

export function editionsOf(tokens: readonly string[]): EditionInfo {
  const years = new Set<string>();
  const versions = new Set<string>();
  const editions = new Map<string, Set<string>>();
  tokens.forEach((t, i) => {
    if (YEAR.test(t)) years.add(t);
    else if (VERSION_TOKEN.test(t)) versions.add(t.replace(/^(?:ver|mark)/, (m) => (m === 'ver' ? 'v' : 'mk')));
    else if (i > 0 && ROMAN.has(t)) versions.add(t);
    else if (/^\d{1,2}$/.test(t) && i > 0 && VERSION_WORDS.has(tokens[i - 1]!)) versions.add(`v${t}`);
    const e = CANONICAL.get(t);
    if (e) {
      let set = editions.get(e[0]);
      if (!set) editions.set(e[0], (set = new Set()));
      set.add(e[1]);
    }
  });
  return { years, versions, editions };
}

export interface EditionComparison {
  yearMatch: boolean;
  yearConflict: boolean;
  versionMatch: boolean;
  versionConflict: boolean;
  /** Per group: words in one title and not the other. */
  licenceDiff: string[];
  platformConflict: boolean;
  tierDiff: string[];
  variantDiff: string[];
  shared: string[];
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

const EMPTY: ReadonlySet<string> = new Set();

export function compareEditions(item: EditionInfo, listing: EditionInfo): EditionComparison {
  const yearMatch = overlap(item.years, listing.years);
  const versionMatch = overlap(item.versions, listing.versions);
  const diff = (group: string) => {
    const a = item.editions.get(group) ?? EMPTY;
    const b = listing.editions.get(group) ?? EMPTY;
    return [...[...a].filter((x) => !b.has(x)), ...[...b].filter((x) => !a.has(x))];
  };
  const shared: string[] = [];
  for (const [group, words] of item.editions)
    for (const w of words) if (listing.editions.get(group)?.has(w)) shared.push(w);
  const pi = item.editions.get('platform');
  const pl = listing.editions.get('platform');
  return {
    yearMatch,
    yearConflict: !yearMatch && item.years.size > 0 && listing.years.size > 0,
    versionMatch,
    versionConflict: !versionMatch && item.versions.size > 0 && listing.versions.size > 0,
    licenceDiff: diff('licence'),
    platformConflict: !!pi && !!pl && !overlap(pi, pl),
    tierDiff: diff('tier'),
    variantDiff: diff('variant'),
    shared,
  };
}
