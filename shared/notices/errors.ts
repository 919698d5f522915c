import type { MissingElement } from './elements';

/** A rule the input breaks: a platform limit, a format, a mix a regime does not take. */
export interface Violation {
  path: string;
  message: string;
}

/**
 * Thrown by `buildNoticeOrThrow` when a notice cannot leave: the message names
 * every missing element and every broken rule, so the sender knows what to add.
 */
export class NoticeIncompleteError extends Error {
  override readonly name = 'NoticeIncompleteError';

  constructor(
    readonly regime: string,
    readonly missing: MissingElement[],
    readonly violations: Violation[] = [],
  ) {
    super(describeRefusal(regime, missing, violations));
  }
}

export function describeRefusal(regime: string, missing: MissingElement[], violations: Violation[]): string {
  const parts = [
    ...missing.map((m) => `missing ${m.label} [${m.id}]`),
    ...violations.map((v) => (v.path ? `${v.path}: ${v.message}` : v.message)),
  ];
  return `${regime} notice refused: ${parts.join('; ')}`;
}
