/**
 * The README's shell examples, as the docs test runs them: every fenced `sh`/`bash` block in order,
 * with the directive of an HTML comment right before its fence and the output the README shows
 * (`$ ` lines followed by their output, or a `json` fence right after the block).
 */

export type Directive =
  | { kind: 'run' }
  | { kind: 'skip'; reason: string }
  /** Commands left out of the block, each `npm <subcommand>`: they print that they were left out. */
  | { kind: 'stub'; npm: string[]; reason: string }
  /** Its variables and background processes end with the block (another machine's shell). */
  | { kind: 'own-shell'; reason: string };

/** A `$ ` command of a session block and the output the README shows under it. */
export interface SessionStep {
  command: string;
  expected: string;
}

export interface ReadmeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** The nearest `##`/`###` heading above the block. */
  section: string;
  directive: Directive;
  /** The block's text as written. */
  source: string;
  /** Set when the block is a session (`$ ` lines): each command and its shown output. */
  session?: SessionStep[];
  /** A `json` fence right after the block: the shape of the block's output. */
  expectedJson?: string;
}

const DIRECTIVE = /^<!--\s*docs-test:\s*(.*?)\s*-->$/;

function parseDirective(text: string, line: number): Directive {
  const m = /^(skip|stub|own shell)\s*(.*?)\s*\((.+)\)$/.exec(text);
  if (!m) throw new Error(`README.md:${line}: docs-test directive "${text}": expected skip|stub|own shell … (reason)`);
  const [, kind, args, reason] = m as unknown as [string, string, string, string];
  if (kind === 'skip') return { kind: 'skip', reason };
  if (kind === 'own shell') return { kind: 'own-shell', reason };
  const npm = args.split(',').map((c) => c.trim());
  for (const c of npm) {
    if (!/^npm [a-z:-]+$/.test(c))
      throw new Error(`README.md:${line}: stub "${c}": only \`npm <subcommand>\` can be left out`);
  }
  return { kind: 'stub', npm: npm.map((c) => c.slice(4)), reason };
}

function parseSession(source: string): SessionStep[] | undefined {
  const lines = source.split('\n');
  if (!lines.some((l) => l.startsWith('$ '))) return undefined;
  const steps: SessionStep[] = [];
  for (const l of lines) {
    if (l.startsWith('$ ')) steps.push({ command: l.slice(2), expected: '' });
    else if (steps.length) steps[steps.length - 1]!.expected += `${l}\n`;
    else if (l.trim()) throw new Error(`a session block starts with output: ${l}`);
  }
  return steps.map((s) => ({ ...s, expected: s.expected.trim() }));
}

export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ReadmeBlock[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^#{2,3} (.+)$/.exec(line);
    if (heading) section = heading[1]!;
    const fence = /^```(\S*)\s*$/.exec(line);
    if (!fence) continue;
    const start = i;
    let end = i + 1;
    while (end < lines.length && lines[end] !== '```') end++;
    if (end === lines.length) throw new Error(`README.md:${start + 1}: unclosed code fence`);
    i = end;
    if (fence[1] !== 'sh' && fence[1] !== 'bash') continue;
    const before = lines[start - 1]?.trim() ?? '';
    const d = DIRECTIVE.exec(before);
    const source = lines.slice(start + 1, end).join('\n');
    const block: ReadmeBlock = {
      line: start + 1,
      section,
      directive: d ? parseDirective(d[1]!, start) : { kind: 'run' },
      source,
      session: parseSession(source),
    };
    if (lines[end + 1] === '```json') {
      let close = end + 2;
      while (close < lines.length && lines[close] !== '```') close++;
      block.expectedJson = lines.slice(end + 2, close).join('\n');
      i = close;
    }
    blocks.push(block);
  }
  return blocks;
}

/** Keys the README shows (`"name":`), and the kind of value it starts with; `…` elides the rest. */
function shownShape(text: string): { kind: 'object' | 'array' | 'number' | 'text'; keys: string[] } {
  const t = text.trim();
  const kind = t.startsWith('{') ? 'object' : t.startsWith('[') ? 'array' : /^-?\d/.test(t) ? 'number' : 'text';
  return { kind, keys: [...new Set([...t.matchAll(/"([A-Za-z_][A-Za-z0-9_]*)"\s*:/g)].map((m) => m[1]!))] };
}

/** Every key anywhere in a JSON value. */
function jsonKeys(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) jsonKeys(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      jsonKeys(v, into);
    }
  }
  return into;
}

/**
 * Problems with `actual` against the output the README shows: the same kind of value (JSON object,
 * array or number) and every key shown; plain text only has to be there.
 */
export function shapeProblems(shown: string, actual: string): string[] {
  const { kind, keys } = shownShape(shown);
  const out = actual.trim();
  if (kind === 'text') return out ? [] : ['no output'];
  let value: unknown;
  try {
    value = JSON.parse(out);
  } catch {
    return [`expected JSON (${kind}), got: ${out.slice(0, 300)}`];
  }
  const got = Array.isArray(value) ? 'array' : typeof value === 'number' ? 'number' : typeof value;
  if (got !== kind) return [`expected a JSON ${kind}, got ${got}: ${out.slice(0, 300)}`];
  const have = jsonKeys(value);
  const missing = keys.filter((k) => !have.has(k));
  return missing.length ? [`keys the README shows are missing: ${missing.join(', ')} in ${out.slice(0, 300)}`] : [];
}
