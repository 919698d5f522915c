import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { parsePrice } from '../../shared/extract';
import { Matcher, type MatchableListing } from '../../shared/match';
import { sellerSchema } from '../../shared/model';
import { loadCatalogueFile } from '../catalogue';
import { CliError, parseNumber, type GlobalOptions } from './context';

/** One input line: a listing as outside data gives it; only url and title are required. */
const InputListingSchema = z.object({
  url: z.string().min(1),
  title: z.string(),
  description: z.string().optional(),
  price: z.union([z.number(), z.string()]).nullish(),
  currency: z.string().nullish(),
  seller: z.union([z.string(), sellerSchema()]).nullish(),
});

export function toMatchable(input: z.infer<typeof InputListingSchema>): MatchableListing {
  const parsed =
    typeof input.price === 'string' ? parsePrice(input.price, input.currency) : { amount: input.price ?? undefined };
  const currency = parsed.currency ?? (input.currency ? parsePrice(`1 ${input.currency}`).currency : undefined);
  return {
    url: input.url,
    title: input.title,
    description: input.description,
    price: parsed.amount,
    currency,
    seller: typeof input.seller === 'string' ? { name: input.seller } : (input.seller ?? undefined),
  };
}

export interface MatchOptions extends GlobalOptions {
  catalogue: string;
  listings: string;
  out?: string;
  limit?: string;
}

/**
 * `match`: listings (JSON lines) against a catalogue, one output line per
 * input line, in input order. Streams both ways, so 100 000 listings need no
 * more memory than the catalogue's index.
 */
export async function matchCommand(opts: MatchOptions): Promise<void> {
  const limit = opts.limit === undefined ? 5 : parseNumber('--limit', opts.limit, { min: 1, max: 100, int: true });
  const catalogue = await loadCatalogueFile(opts.catalogue, { minimal: true });
  const matcher = new Matcher(catalogue.items);
  const input = createInterface({ input: createReadStream(opts.listings), crlfDelay: Infinity });
  const out = opts.out ? createWriteStream(opts.out) : process.stdout;
  let lineNo = 0;
  let buffer = '';
  const flush = async () => {
    if (buffer && !out.write(buffer)) await once(out, 'drain');
    buffer = '';
  };
  try {
    for await (const line of input) {
      lineNo++;
      if (!line.trim()) continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (err) {
        await flush(); // what was matched before the bad line still reaches the output
        throw new CliError(`${opts.listings}: line ${lineNo}: not JSON (${(err as Error).message})`);
      }
      const parsed = InputListingSchema.safeParse(json);
      if (!parsed.success) {
        await flush();
        const issue = parsed.error.issues[0]!;
        throw new CliError(
          `${opts.listings}: line ${lineNo}, field ${issue.path.join('.') || '(line)'}: ${issue.message}`,
        );
      }
      const matches = matcher.match(toMatchable(parsed.data), limit);
      buffer += JSON.stringify({ url: parsed.data.url, matches }) + '\n';
      if (buffer.length > 1 << 16) await flush();
    }
    await flush();
  } finally {
    if (out !== process.stdout) {
      out.end();
      await once(out, 'finish');
    }
  }
}
