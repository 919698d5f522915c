/**
 * Statutory clocks started by a seller's counter-notice. Pure: the moment the
 * counter-notice arrived and "now" are passed in, never read from a clock.
 *
 * Days are counted in one fixed UTC offset (UTC unless told): a counter-notice
 * received late on a Friday in New York is a Friday there, not a Saturday.
 * Returned dates are local midnights (the start of the day named).
 */

export type CounterNoticeRegime = 'dmca' | 'cn-ecommerce';

export interface CounterNoticeRule {
  basis: string;
  /** Business days skip Saturdays, Sundays and the holidays given. */
  unit: 'business' | 'calendar';
  /** Days after receipt on which the listing may come back at the earliest / must be back at the latest. */
  earliest: number;
  latest: number;
  /** How long before `earliest` to remind the holder, in `unit`. */
  remindBefore: number;
  summary: string;
}

export const COUNTER_NOTICE_RULES: Record<CounterNoticeRegime, CounterNoticeRule> = {
  dmca: {
    basis: '17 U.S.C. §512(g)(2)(C)',
    unit: 'business',
    // Restored "not less than 10, nor more than 14, business days following receipt": day 10 is the earliest.
    earliest: 10,
    latest: 14,
    remindBefore: 2,
    summary:
      'The provider restores the material 10 to 14 business days after receiving the counter-notice unless it ' +
      'is first told that the complainant has filed an action seeking a court order.',
  },
  'cn-ecommerce': {
    basis: 'E-Commerce Law Art. 43; Civil Code Arts. 201, 203',
    unit: 'calendar',
    // The 15 days start the day after the declaration reaches the holder (Art. 201) and end at 24:00 of
    // day 15, moved to the next working day when day 15 is a rest day (Art. 203): measures lift the day after.
    earliest: 16,
    latest: 16,
    remindBefore: 3,
    summary:
      'The platform ends its measures if, within 15 days after the forwarded declaration reaches the right ' +
      'holder, it is not told that a complaint or suit has been filed.',
  },
};

export interface CounterNoticeOptions {
  /** Offset of the time zone days are counted in, in minutes east of UTC (New York in winter: -300). Default 0. */
  utcOffsetMinutes?: number;
  /** Public holidays, YYYY-MM-DD, that are neither business nor working days. */
  holidays?: readonly string[];
}

export interface CounterNoticeClock {
  regime: CounterNoticeRegime;
  basis: string;
  receivedAt: Date;
  /** First day the listing may come back; the holder must have filed suit (and said so) before it. */
  earliest: Date;
  /** Day by which it comes back if nothing was filed. */
  latest: Date;
  /** When to remind the holder: `remindBefore` days before `earliest`, on a working day. */
  remindAt: Date;
  summary: string;
}

const DAY_MS = 86_400_000;

/** Days counted as integers since 1970-01-01 in the chosen offset, so stepping a day is +1. */
class DayCounter {
  private readonly offsetMs: number;
  private readonly holidays: Set<number>;

  constructor(options: CounterNoticeOptions) {
    this.offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
    this.holidays = new Set((options.holidays ?? []).map((d) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY_MS)));
  }

  dayOf(date: Date): number {
    return Math.floor((date.getTime() + this.offsetMs) / DAY_MS);
  }

  midnight(day: number): Date {
    return new Date(day * DAY_MS - this.offsetMs);
  }

  isWorkingDay(day: number): boolean {
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    return weekday !== 0 && weekday !== 6 && !this.holidays.has(day);
  }

  /** Step `n` days forward (or back, for negative n), counting only working days when asked. */
  step(day: number, n: number, unit: 'business' | 'calendar'): number {
    if (unit === 'calendar') return day + n;
    const dir = Math.sign(n);
    let d = day;
    for (let left = Math.abs(n); left > 0;) {
      d += dir;
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }
}

export function counterNoticeDeadline(
  regime: CounterNoticeRegime,
  receivedAt: Date,
  options: CounterNoticeOptions = {},
): CounterNoticeClock {
  const rule = COUNTER_NOTICE_RULES[regime];
  const days = new DayCounter(options);
  const received = days.dayOf(receivedAt);
  let earliest = days.step(received, rule.earliest, rule.unit);
  let latest = days.step(received, rule.latest, rule.unit);
  if (rule.unit === 'calendar') {
    // A period whose last day is a rest day runs to the end of the next working day (Civil Code Art. 203).
    while (!days.isWorkingDay(earliest - 1)) earliest++;
    while (!days.isWorkingDay(latest - 1)) latest++;
  }
  // A reminder lands on a working day: earlier rather than later, since it exists to leave time to act.
  let remind = days.step(earliest, -rule.remindBefore, rule.unit);
  while (!days.isWorkingDay(remind)) remind--;
  return {
    regime,
    basis: rule.basis,
    receivedAt,
    earliest: days.midnight(earliest),
    latest: days.midnight(latest),
    remindAt: days.midnight(remind),
    summary: rule.summary,
  };
}

/** Where a clock stands at `now`: still running, time to remind the holder, or run out. */
export function counterNoticePhase(clock: CounterNoticeClock, now: Date): 'running' | 'remind' | 'elapsed' {
  if (now.getTime() >= clock.earliest.getTime()) return 'elapsed';
  if (now.getTime() >= clock.remindAt.getTime()) return 'remind';
  return 'running';
}
