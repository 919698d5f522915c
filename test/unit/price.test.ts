import { describe, expect, it } from 'vitest';
import { currencyCode, parsePrice } from '../../shared/extract/price';

describe('parsePrice', () => {
  it.each([
    ['¥1,299.00', 1299, 'CNY'],
    ['1.299,00 €', 1299, 'EUR'],
    ['US$12', 12, 'USD'],
    ['22000.00元/台', 22000, 'CNY'],
    ['￥１，２９９．００', 1299, 'CNY'],
    ['１２９９元', 1299, 'CNY'],
    ['1.2万元', 12000, 'CNY'],
    ['¥1.5万', 15000, 'CNY'],
    ['3,500円', 3500, 'JPY'],
    ['JP¥1,200', 1200, 'JPY'],
    ['RMB 199', 199, 'CNY'],
    ['价格：¥199起', 199, 'CNY'],
    ['月销1万件 ¥29.9', 29.9, 'CNY'],
    ['128GB ¥2999', 2999, 'CNY'],
    ['from $5.99', 5.99, 'USD'],
    ['Preis: 12,99 €', 12.99, 'EUR'],
    ['1\u00a0234,56\u00a0€', 1234.56, 'EUR'],
    ['1\u2009234,56 €', 1234.56, 'EUR'],
    ['1\u202f234 567 ₽', 1234567, 'RUB'],
    ["CHF 1'049,95", 1049.95, 'CHF'],
    ['1’049.95 CHF', 1049.95, 'CHF'],
    ['R$ 1.500,00', 1500, 'BRL'],
    ['17 940,00 руб', 17940, 'RUB'],
    ['$699,000', 699000, 'USD'],
    ['423.923 KD', 423.923, 'KWD'],
    ['¥99 - ¥199', 99, 'CNY'],
    ['From 26 to 50 €', 26, 'EUR'],
    ['20% off $50', 50, 'USD'],
    ['AED 8000 (USD 2179)', 8000, 'AED'],
    ['NZD $100.70', 100.7, 'NZD'],
    ['$119. 95', 119.95, 'USD'],
    ['35€ 99', 35.99, 'EUR'],
    ['1.899,-', 1899, undefined],
    ['Rs.25', 25, 'INR'],
  ] as const)('%s', (text, amount, currency) => {
    const p = parsePrice(text);
    expect(p.amount).toBeCloseTo(amount, 6);
    expect(p.currency).toBe(currency);
  });

  it('uses the hint when the text has no currency, and to tell ambiguous symbols apart', () => {
    expect(parsePrice('1299.00', 'CNY')).toEqual({ amount: 1299, currency: 'CNY' });
    expect(parsePrice('¥1,299', 'JPY')).toEqual({ amount: 1299, currency: 'JPY' });
    expect(parsePrice('$4.00', 'USD')).toEqual({ amount: 4, currency: 'USD' });
    expect(parsePrice('$10', 'CAD')).toEqual({ amount: 10, currency: 'CAD' });
    // Text beats the hint when it names a different currency outright.
    expect(parsePrice('3,20 €', '$')).toEqual({ amount: 3.2, currency: 'EUR' });
    expect(parsePrice('150', 'р.')).toEqual({ amount: 150, currency: 'RUB' });
  });

  it('gives nothing for empty or price-less text', () => {
    expect(parsePrice(null)).toEqual({});
    expect(parsePrice(undefined)).toEqual({});
    expect(parsePrice('')).toEqual({});
    expect(parsePrice('Not Available')).toEqual({});
    expect(parsePrice('40% OFF')).toEqual({});
    expect(parsePrice('RENAULT')).toEqual({});
    expect(parsePrice('Free!')).toEqual({ amount: 0 });
    expect(parsePrice(null, '€')).toEqual({ currency: 'EUR' });
  });
});

describe('currencyCode', () => {
  it.each([
    ['€', 'EUR'],
    ['元', 'CNY'],
    ['руб', 'RUB'],
    ['R$', 'BRL'],
    ['US$', 'USD'],
    ['¥', 'CNY'],
    ['￥', 'CNY'],
    ['円', 'JPY'],
    ['JP¥', 'JPY'],
    ['JPY', 'JPY'],
    ['人民币', 'CNY'],
    ['RMB', 'CNY'],
    ['eur', 'EUR'],
    ['EURO', 'EUR'],
    ['Kč', 'CZK'],
    ['zł', 'PLN'],
    ['₴', 'UAH'],
    ['₩', 'KRW'],
    ['원', 'KRW'],
    ['NT$', 'TWD'],
    ['$', 'USD'],
    ['kr', 'SEK'],
    ['﷼', 'IRR'],
  ])('%s -> %s', (symbol, code) => {
    expect(currencyCode(symbol)).toBe(code);
  });

  it('knows what it does not know', () => {
    expect(currencyCode('')).toBeUndefined();
    expect(currencyCode('XYZ')).toBeUndefined();
    expect(currencyCode('GBp')).toBeUndefined(); // pence
    expect(currencyCode('تومان')).toBeUndefined(); // toman: 10 rials, no ISO code of its own
  });
});

// Real price strings from shop pages, from scrapinghub/price-parser's tests (see the README).
