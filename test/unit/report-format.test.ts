import { describe, expect, it } from 'vitest';
import { parseReferralThreshold } from '../../crawler/commands/report';
import { formatDuration, formatPercent, formatTurnover, reportStem } from '../../crawler/report/enforcement-format';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe('enforcement report formatting', () => {
  it('writes durations in the two largest units that matter', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45 * S)).toBe('45 s');
    expect(formatDuration(59.6 * S)).toBe('1 min');
    expect(formatDuration(12 * MIN + 10 * S)).toBe('12 min');
    expect(formatDuration(59 * MIN + 40 * S)).toBe('1 h');
    expect(formatDuration(3 * H + 20 * MIN)).toBe('3 h 20 min');
    expect(formatDuration(3 * H + 20 * MIN + 20 * S)).toBe('3 h 20 min');
    expect(formatDuration(5 * H)).toBe('5 h');
    expect(formatDuration(23 * H + 59 * MIN + 50 * S)).toBe('1 d');
    expect(formatDuration(2 * D + 4 * H + 10 * MIN)).toBe('2 d 4 h');
    expect(formatDuration(30 * D)).toBe('30 d');
    expect(formatDuration(-5)).toBe('0 s');
  });

  it('writes rates as percentages and turnover per currency, largest first', () => {
    expect(formatPercent(0.667)).toBe('66.7 %');
    expect(formatPercent(0.5)).toBe('50 %');
    expect(formatPercent(1)).toBe('100 %');
    expect(formatTurnover({ USD: 1200, CNY: 62_400.5 })).toBe('CNY 62,400.5; USD 1,200');
    expect(formatTurnover({})).toBe('—');
    expect(formatTurnover({ EUR: 0 })).toBe('—');
  });

  it('names report files after the campaign, safely', () => {
    expect(reportStem(undefined)).toBe('report-all');
    expect(reportStem('spring-fakes')).toBe('report-spring-fakes');
    expect(reportStem('../../etc/passwd')).toBe('report-__.._etc_passwd');
    expect(reportStem('春季 行动')).toBe('report-_');
  });

  it('reads a referral threshold with an optional currency', () => {
    expect(parseReferralThreshold('50000')).toEqual({
      perCurrency: { CNY: 50_000 },
      fallback: { amount: 50_000, currency: 'CNY' },
    });
    expect(parseReferralThreshold('10000EUR')).toEqual({
      perCurrency: { EUR: 10_000 },
      fallback: { amount: 10_000, currency: 'EUR' },
    });
    expect(parseReferralThreshold('usd 2500.5')).toEqual({
      perCurrency: { USD: 2500.5 },
      fallback: { amount: 2500.5, currency: 'USD' },
    });
    for (const bad of ['', 'lots', 'EUR 10 USD', '-5', '10,000'])
      expect(() => parseReferralThreshold(bad)).toThrow('--referral-threshold');
  });
});
