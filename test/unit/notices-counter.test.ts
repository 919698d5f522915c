import { describe, expect, it } from 'vitest';
import { counterNoticeDeadline, counterNoticePhase } from '../../shared/notices';

const iso = (d: Date) => d.toISOString();

describe('DMCA §512(g) counter-notice clock', () => {
  it('counts 10 to 14 business days from a Friday, skipping weekends, and reminds 2 business days ahead', () => {
    const clock = counterNoticeDeadline('dmca', new Date('2025-03-07T15:30:00Z')); // a Friday
    expect(iso(clock.earliest)).toBe('2025-03-21T00:00:00.000Z'); // Friday, business day 10
    expect(iso(clock.latest)).toBe('2025-03-27T00:00:00.000Z'); // Thursday, business day 14
    expect(iso(clock.remindAt)).toBe('2025-03-19T00:00:00.000Z'); // Wednesday
    expect(clock.basis).toBe('17 U.S.C. §512(g)(2)(C)');
  });

  it('starts counting on the next business day when received at a weekend', () => {
    const saturday = counterNoticeDeadline('dmca', new Date('2025-03-08T09:00:00Z'));
    const sunday = counterNoticeDeadline('dmca', new Date('2025-03-09T23:59:00Z'));
    expect(iso(saturday.earliest)).toBe('2025-03-21T00:00:00.000Z');
    expect(iso(sunday.latest)).toBe('2025-03-27T00:00:00.000Z');
  });

  it('skips the holidays it is given', () => {
    const received = new Date('2025-01-17T12:00:00Z'); // Friday before Martin Luther King Jr. Day
    expect(iso(counterNoticeDeadline('dmca', received).earliest)).toBe('2025-01-31T00:00:00.000Z');
    const withHoliday = counterNoticeDeadline('dmca', received, { holidays: ['2025-01-20'] });
    expect(iso(withHoliday.earliest)).toBe('2025-02-03T00:00:00.000Z');
  });

  it('counts days in the time zone it is told', () => {
    // Friday 21:00 in New York is already Saturday in UTC.
    const received = new Date('2025-03-08T02:00:00Z');
    const ny = counterNoticeDeadline('dmca', received, { utcOffsetMinutes: -300 });
    expect(iso(ny.earliest)).toBe('2025-03-21T05:00:00.000Z'); // midnight in New York
    expect(iso(counterNoticeDeadline('dmca', received).earliest)).toBe('2025-03-21T00:00:00.000Z');
  });
});

describe('China E-Commerce Law Art. 43 counter-notice clock', () => {
  it('lifts measures after 15 days, moving a period ending on a weekend to the next working day', () => {
    // Forwarded Friday 7 March: day 15 is Saturday 22 March, so the period ends with Monday 24 March.
    const clock = counterNoticeDeadline('cn-ecommerce', new Date('2025-03-07T08:00:00Z'));
    expect(iso(clock.earliest)).toBe('2025-03-25T00:00:00.000Z');
    expect(iso(clock.latest)).toBe('2025-03-25T00:00:00.000Z');
    expect(iso(clock.remindAt)).toBe('2025-03-21T00:00:00.000Z'); // 3 days before is a Saturday: the Friday before
  });

  it('lifts the day after day 15 when day 15 is a working day', () => {
    const clock = counterNoticeDeadline('cn-ecommerce', new Date('2025-03-03T08:00:00Z'), { utcOffsetMinutes: 480 });
    // Day 15 is Tuesday 18 March (Beijing time): measures lift from Wednesday 19 March, 00:00 in Beijing.
    expect(iso(clock.earliest)).toBe('2025-03-18T16:00:00.000Z');
    expect(iso(clock.remindAt)).toBe('2025-03-13T16:00:00.000Z'); // Sunday 16 -> Friday 14 March, Beijing
  });
});

describe('counterNoticePhase', () => {
  it('runs, then reminds, then has elapsed (the clock is passed in)', () => {
    const clock = counterNoticeDeadline('dmca', new Date('2025-03-07T15:30:00Z'));
    expect(counterNoticePhase(clock, new Date('2025-03-10T12:00:00Z'))).toBe('running');
    expect(counterNoticePhase(clock, new Date('2025-03-18T23:59:59Z'))).toBe('running');
    expect(counterNoticePhase(clock, new Date('2025-03-19T00:00:00Z'))).toBe('remind');
    expect(counterNoticePhase(clock, new Date('2025-03-20T18:00:00Z'))).toBe('remind');
    expect(counterNoticePhase(clock, new Date('2025-03-21T00:00:00Z'))).toBe('elapsed');
  });
});
