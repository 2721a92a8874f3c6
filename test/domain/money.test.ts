import fc from 'fast-check';
import { MAX_AMOUNT, formatFrancs, francs, isFrancs, parseAmount, type AmountRejection } from '../../domain/money';

/** The GSM 03.38 basic character set (without the escape to the extension table), which one SMS part can carry. */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

const NBSP = '\u00a0';
const NARROW_NBSP = '\u202f';

const validAmount = fc.integer({ min: 0, max: MAX_AMOUNT });
const positiveAmount = fc.integer({ min: 1, max: MAX_AMOUNT });

function expectAmount(text: string, amount: number): void {
  expect(parseAmount(text)).toEqual({ ok: true, amount });
}

function expectRejection(text: string, reason: AmountRejection): void {
  expect(parseAmount(text)).toEqual({ ok: false, reason });
}

/** Writes digits grouped by three with the given separator, as people type them. */
function group(n: number, separator: string): string {
  return String(n).replace(/\B(?=(?:[0-9]{3})+$)/g, separator);
}

describe('francs', () => {
  it('accepts zero, whole amounts and MAX_AMOUNT itself', () => {
    expect(francs(0)).toBe(0);
    expect(francs(5000)).toBe(5000);
    expect(francs(MAX_AMOUNT)).toBe(MAX_AMOUNT);
  });

  it('turns negative zero into zero', () => {
    expect(Object.is(francs(-0), 0)).toBe(true);
  });

  it.each([-1, 0.5, 5000.01, NaN, Infinity, -Infinity, MAX_AMOUNT + 1, Number.MAX_SAFE_INTEGER + 1])(
    'throws a RangeError for %p',
    (n) => {
      expect(() => francs(n)).toThrow(RangeError);
    },
  );

  it('recognises valid amounts and nothing else with isFrancs', () => {
    expect(isFrancs(0)).toBe(true);
    expect(isFrancs(MAX_AMOUNT)).toBe(true);
    expect(isFrancs(-1)).toBe(false);
    expect(isFrancs(1.5)).toBe(false);
    expect(isFrancs(NaN)).toBe(false);
    expect(isFrancs(MAX_AMOUNT + 1)).toBe(false);
    expect(isFrancs('5000')).toBe(false);
    expect(isFrancs(null)).toBe(false);
    expect(isFrancs(5000n)).toBe(false);
  });

  it('agrees with isFrancs on every number', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), validAmount, fc.integer()), (n) => {
        if (isFrancs(n)) expect(francs(n) === n).toBe(true);
        else expect(() => francs(n)).toThrow(RangeError);
      }),
    );
  });
});

describe('parseAmount', () => {
  describe('accepts what people type', () => {
    it.each([
      ['5000', 5000],
      ['1', 1],
      ['  5000  ', 5000],
      ['\t5000\n', 5000],
      ['05000', 5000],
      ['1000000000', MAX_AMOUNT],
    ])('reads plain digits %p as %p', (text, amount) => expectAmount(text, amount));

    it.each([
      ['5 000', 5000],
      [`5${NBSP}000`, 5000],
      [`5${NARROW_NBSP}000`, 5000],
      ['1 250 000', 1_250_000],
      ['5  000', 5000],
    ])('reads space-grouped thousands %p as %p', (text, amount) => expectAmount(text, amount));

    it.each([
      ['5.000', 5000],
      ['5,000', 5000],
      ['1.250.000', 1_250_000],
      ['1,250,000', 1_250_000],
      ['25.000', 25_000],
      ['250.000', 250_000],
    ])('reads a dot or comma followed by groups of three digits as thousands: %p is %p', (text, amount) =>
      expectAmount(text, amount),
    );

    it.each([
      ['5k', 5000],
      ['5K', 5000],
      ['5 k', 5000],
      ['2.5k', 2500],
      ['2,5k', 2500],
      ['2.3k', 2300],
      ['4.35k', 4350],
      ['1.005k', 1005],
      ['2.500k', 2500],
      ['1m', 1_000_000],
      ['1M', 1_000_000],
      ['1.25m', 1_250_000],
      ['2,5M', 2_500_000],
      ['0.5k', 500],
    ])('reads the k and m multipliers exactly: %p is %p', (text, amount) => expectAmount(text, amount));

    it.each([
      ['5000F', 5000],
      ['5000 F', 5000],
      ['5000f', 5000],
      ['5000 FCFA', 5000],
      ['5000 fcfa', 5000],
      ['5000FCFA', 5000],
      ['5000 F CFA', 5000],
      ['5000 CFA', 5000],
      ['5000 XAF', 5000],
      ['5000xaf', 5000],
      ['5 000 frs', 5000],
      ['5 000 fr', 5000],
      ['5 000 francs', 5000],
      ['5 000 franc', 5000],
      ['5.000 FCFA', 5000],
      ['5k F', 5000],
      ['5kF', 5000],
      [`5${NBSP}000${NBSP}FCFA`, 5000],
      [' 1 250 000 FCFA ', 1_250_000],
    ])('accepts a currency after the amount: %p is %p', (text, amount) => expectAmount(text, amount));

    it.each([
      ['5.00', 5],
      ['5,0', 5],
      ['5000.00', 5000],
      ['5.0000', 5],
      ['1 250 000,00', 1_250_000],
      ['1.250,00', 1250],
      ['1,250.00', 1250],
    ])('reads a decimal with only zeros after the mark as the whole number: %p is %p', (text, amount) =>
      expectAmount(text, amount),
    );
  });

  describe('refuses, with a reason', () => {
    it.each(['', '   ', '\n', NBSP])('rejects an empty amount %p with EMPTY', (text) => expectRejection(text, 'EMPTY'));

    it.each([
      'abc',
      '5000$',
      '$5000',
      '50OO',
      '1e5',
      '0x10',
      'Infinity',
      'NaN',
      'FCFA',
      'k',
      '-',
      '+500',
      '5000 EUR',
      '1mo',
      '5 mil',
      '--500',
      '5..000',
      '5.000.00',
      '50 00',
      '5000 000',
      '0 500',
      '1.250.50',
      '1.250,000',
      '1 000.000',
      '5000.000',
      '5 000k',
      '1.250.000k',
      '.5',
      '5.',
      '5 000 ff',
      '٥٠٠٠',
      '５０００',
    ])('rejects %p with NOT_A_NUMBER', (text) => expectRejection(text, 'NOT_A_NUMBER'));

    it.each(['0', '0 FCFA', '000', '0.00', '0,000', '0k', '-0', '0.0m'])('rejects %p with ZERO', (text) =>
      expectRejection(text, 'ZERO'),
    );

    it.each(['-500', '-5 000 FCFA', '- 500', '\u2212500', '-5k', '-5.5'])('rejects %p with NEGATIVE', (text) =>
      expectRejection(text, 'NEGATIVE'),
    );

    it.each(['5.5', '5,50', '5.50', '0.5', '0.500', '1 250,50', '2.0001k', '1.0000001m', '1,5'])(
      'rejects a fractional amount %p with FRACTIONAL',
      (text) => expectRejection(text, 'FRACTIONAL'),
    );

    it.each(['99999999999', '1000000001', '1.000.000.001', '1001m', '1000001k'])(
      'rejects an amount above MAX_AMOUNT %p with TOO_LARGE',
      (text) => expectRejection(text, 'TOO_LARGE'),
    );

    it('rejects a thousand-digit number with TOO_LARGE', () => expectRejection('1'.repeat(1000), 'TOO_LARGE'));
  });

  describe('properties', () => {
    it('reads back every formatted positive amount', () => {
      fc.assert(
        fc.property(positiveAmount, (x) => {
          expect(parseAmount(formatFrancs(x))).toEqual({ ok: true, amount: x });
        }),
      );
    });

    it('reads the formatted zero as ZERO', () => {
      expect(parseAmount(formatFrancs(0))).toEqual({ ok: false, reason: 'ZERO' });
    });

    it('reads every grouping style and currency suffix as the same amount', () => {
      const separator = fc.constantFrom('', ' ', NBSP, NARROW_NBSP, '.', ',');
      const suffix = fc.constantFrom('', 'F', ' F', ' FCFA', 'fcfa', ' XAF', ' frs', ' francs');
      fc.assert(
        fc.property(positiveAmount, separator, suffix, (x, sep, cur) => {
          expect(parseAmount(group(x, sep) + cur)).toEqual({ ok: true, amount: x });
        }),
      );
    });

    it('reads decimal k and m amounts with exact arithmetic', () => {
      const digits = (maxLength: number) =>
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength });
      fc.assert(
        fc.property(digits(6), fc.option(digits(8)), fc.constantFrom('k', 'm'), (int, frac, unit) => {
          const text = frac === null ? `${int}${unit}` : `${int}.${frac}${unit}`;
          const fraction = frac ?? '';
          const scaled = BigInt(int + fraction) * (unit === 'k' ? 1000n : 1_000_000n);
          const divisor = 10n ** BigInt(fraction.length);
          const result = parseAmount(text);
          if (scaled === 0n) expect(result).toEqual({ ok: false, reason: 'ZERO' });
          else if (scaled % divisor !== 0n) expect(result).toEqual({ ok: false, reason: 'FRACTIONAL' });
          else if (scaled / divisor > BigInt(MAX_AMOUNT)) expect(result).toEqual({ ok: false, reason: 'TOO_LARGE' });
          else expect(result).toEqual({ ok: true, amount: Number(scaled / divisor) });
        }),
      );
    });

    it('never throws, and only ever returns a positive amount of francs', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({ unit: 'binary' }),
            fc.string({ unit: fc.constantFrom(...'0123456789 .,-kmMfFcaCA\u00a0') }),
          ),
          (s) => {
            const result = parseAmount(s);
            if (result.ok) {
              expect(isFrancs(result.amount)).toBe(true);
              expect(result.amount).toBeGreaterThan(0);
            }
          },
        ),
      );
    });
  });
});

describe('formatFrancs', () => {
  it.each([
    [5000, '5 000 FCFA'],
    [0, '0 FCFA'],
    [1, '1 FCFA'],
    [999, '999 FCFA'],
    [1000, '1 000 FCFA'],
    [1_250_000, '1 250 000 FCFA'],
    [MAX_AMOUNT, '1 000 000 000 FCFA'],
    [-5000, '-5 000 FCFA'],
    [-999, '-999 FCFA'],
    [-0, '0 FCFA'],
  ])('formats %p as %p', (amount, text) => {
    expect(formatFrancs(amount)).toBe(text);
  });

  it.each([0.5, -1.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1])('throws a RangeError for %p', (n) => {
    expect(() => formatFrancs(n)).toThrow(RangeError);
  });

  it('uses ordinary spaces only, never no-break spaces', () => {
    expect(formatFrancs(1_250_000)).not.toMatch(/[\u00a0\u202f]/);
  });

  it('uses only GSM-7 characters, so an SMS keeps 160 characters per part', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => {
        for (const ch of formatFrancs(n)) expect(GSM7_BASIC).toContain(ch);
      }),
    );
  });

  it('groups digits by three from the right', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => {
        const text = formatFrancs(n);
        expect(text).toMatch(/^-?[0-9]{1,3}(?: [0-9]{3})* FCFA$/);
        expect(Number(text.replace(/ |FCFA/g, ''))).toBe(n);
      }),
    );
  });
});
