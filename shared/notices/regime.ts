import type { z } from 'zod';
import { missingElements, type MissingElement, type RequiredElement } from './elements';
import { NoticeIncompleteError, type Violation } from './errors';
import type { CounterNoticeRegime } from './counter-notice';
import type { LumenType } from './lumen';
import type { NoticeInput } from './model';
import { oneLine, renderHtml, renderText, type Block } from './render';

/** What a regime's render function writes; text and HTML are printed from `blocks`. */
export interface Rendered {
  subject: string;
  blocks: Block[];
  /** Structured form: the platform's own payload for platform shapes. */
  json: Record<string, unknown>;
  /** The statements (sworn or not) the notice makes, word for word. */
  statements: string[];
  /** HTML `lang`; English unless the notice is bilingual. */
  lang?: string;
}

export interface Notice {
  regime: string;
  subject: string;
  text: string;
  html: string;
  /** JSON-safe (dates as ISO 8601 strings). */
  json: Record<string, unknown>;
  statements: string[];
  /** The input's jurisdiction, or the regime's own when it gave none. */
  jurisdictions: string[];
  /** The parsed input the notice was built from: exports (Lumen) read parties and works from it. */
  input: NoticeInput;
}

export interface NoticeRefusal {
  ok: false;
  regime: string;
  missing: MissingElement[];
  violations: Violation[];
}

export type NoticeResult = { ok: true; notice: Notice } | NoticeRefusal;

export interface RegimeSpec<S extends z.ZodType<NoticeInput>> {
  id: string;
  title: string;
  /** Used when the input names no jurisdiction. */
  jurisdictions: readonly string[];
  /** Parses the input; platform limits live here as schema rules. */
  schema: S;
  requiredElements: readonly RequiredElement<z.output<S>>[];
  render: (input: z.output<S>) => Rendered;
  /** The statutory clock a seller's counter-notice starts; undefined: none (the route answers `no_counter_clock`). */
  counterClock: CounterNoticeRegime | undefined;
  /**
   * How Lumen files the notice: a fixed type, or `by-rights` — DMCA when every work is copyright or
   * software, Trademark when every work is a mark or trade name, Other otherwise.
   */
  lumenType: LumenType | 'by-rights';
}

export interface Regime<S extends z.ZodType<NoticeInput> = z.ZodType<NoticeInput>> extends RegimeSpec<S> {
  /** Parse, check every required element, then write the notice; a refusal names what is missing. */
  build: (input: unknown) => NoticeResult;
}

export function defineRegime<S extends z.ZodType<NoticeInput>>(spec: RegimeSpec<S>): Regime<S> {
  const refuse = (missing: MissingElement[], violations: Violation[]): NoticeRefusal => ({
    ok: false,
    regime: spec.id,
    missing,
    violations,
  });
  return {
    ...spec,
    build(raw) {
      // Parse, then trust: past this point the input has the shape the renderers expect.
      const parsed = spec.schema.safeParse(raw);
      if (!parsed.success) {
        return refuse(
          [],
          parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
        );
      }
      const input = parsed.data;
      const missing = missingElements(spec.requiredElements, input);
      if (missing.length > 0) return refuse(missing, []);
      const r = spec.render(input);
      // Every subject ends with the case reference, so replies can be matched to their case.
      const subject = oneLine(input.reference ? `${r.subject} [${input.reference}]` : r.subject);
      return {
        ok: true,
        notice: {
          regime: spec.id,
          subject,
          text: renderText(r.blocks),
          html: renderHtml(subject, r.blocks, r.lang),
          // A JSON round trip turns dates into ISO strings and drops undefined: what a client will see.
          json: JSON.parse(JSON.stringify(r.json)) as Record<string, unknown>,
          statements: r.statements,
          jurisdictions: input.jurisdiction.length > 0 ? input.jurisdiction : [...spec.jurisdictions],
          input,
        },
      };
    },
  };
}

/** The throwing form, for callers that treat a refusal as an error. */
export function unwrap(result: NoticeResult): Notice {
  if (result.ok) return result.notice;
  throw new NoticeIncompleteError(result.regime, result.missing, result.violations);
}
