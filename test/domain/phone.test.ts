import fc from 'fast-check';
import {
  formatMsisdnForDisplay,
  localNineDigits,
  maskMsisdn,
  Msisdn,
  parseCameroonMobile,
  PhoneRejection,
} from '../../domain/phone';

function msisdnOf(text: string): Msisdn {
  const parsed = parseCameroonMobile(text);
  if (!parsed.ok) throw new Error(`expected ${text} to parse, got ${parsed.reason}`);
  return parsed.msisdn;
}

/** The forms people write a nine-digit national number in, as listed in the product's brief. */
function writtenForms(national: string): string[] {
  const [a, b, c, d, e] = [
    national.slice(0, 1),
    national.slice(1, 3),
    national.slice(3, 5),
    national.slice(5, 7),
    national.slice(7, 9),
  ];
  return [
    national,
    `${a}${b} ${c} ${d} ${e}`,
    `${a} ${b} ${c} ${d} ${e}`,
    `+237 ${a} ${b} ${c} ${d} ${e}`,
    `237${national}`,
    `00237${national}`,
    `+237-${a}${b}-${c}-${d}-${e}`,
    `(+237) ${national}`,
  ];
}

describe('parseCameroonMobile', () => {
  it.each(writtenForms('677123456'))('reads %j as 237677123456', (text) => {
    expect(parseCameroonMobile(text)).toEqual({ ok: true, msisdn: '237677123456', operator: 'MTN' });
  });

  it.each([
    ['650123456', 'MTN'],
    ['654123456', 'MTN'],
    ['655123456', 'ORANGE'],
    ['659123456', 'ORANGE'],
    ['670000000', 'MTN'],
    ['679999999', 'MTN'],
    ['680123456', 'MTN'],
    ['684123456', 'MTN'],
    ['685123456', 'OTHER'],
    ['686123456', 'ORANGE'],
    ['689123456', 'ORANGE'],
    ['690000000', 'ORANGE'],
    ['699999999', 'ORANGE'],
    ['661234567', 'OTHER'],
    ['620123456', 'OTHER'],
  ])('tells the operator of %s: %s', (text, operator) => {
    expect(parseCameroonMobile(text)).toMatchObject({ ok: true, operator });
  });

  it.each<[string, PhoneRejection]>([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['+33612345678', 'NOT_CAMEROON'],
    ['0033612345678', 'NOT_CAMEROON'],
    ['+44 7911 123456', 'NOT_CAMEROON'],
    ['222 22 22 22', 'NOT_MOBILE'],
    ['+237 233 42 12 34', 'NOT_MOBILE'],
    ['67712345', 'NOT_A_NUMBER'],
    ['6771234567', 'NOT_A_NUMBER'],
    ['2376771234567', 'NOT_A_NUMBER'],
    ['600000000', 'NOT_A_NUMBER'],
    ['abc', 'NOT_A_NUMBER'],
    ['677abc456', 'NOT_A_NUMBER'],
    ['677123456x', 'NOT_A_NUMBER'],
    ['677123456 ext 5', 'NOT_A_NUMBER'],
    ['my number is 677123456', 'NOT_A_NUMBER'],
    ['677+123456', 'NOT_A_NUMBER'],
    ['++237677123456', 'NOT_A_NUMBER'],
    ['--', 'NOT_A_NUMBER'],
  ])('refuses %j as %s', (text, reason) => {
    expect(parseCameroonMobile(text)).toEqual({ ok: false, reason });
  });

  it('refuses text longer than any phone number without looking further', () => {
    expect(parseCameroonMobile(`677123456${' '.repeat(200)}0`)).toEqual({ ok: false, reason: 'NOT_A_NUMBER' });
  });

  it('reads every national mobile number starting 65 to 69 the same way in every written form', () => {
    const national = fc
      .tuple(fc.integer({ min: 5, max: 9 }), fc.stringMatching(/^\d{7}$/))
      .map(([second, rest]) => `6${second}${rest}`);
    fc.assert(
      fc.property(national, (n) => {
        for (const form of writtenForms(n)) expect(parseCameroonMobile(form)).toMatchObject({ msisdn: `237${n}` });
      }),
    );
  });
});

describe('formatMsisdnForDisplay', () => {
  it('groups the digits the way Cameroonians write them', () => {
    expect(formatMsisdnForDisplay(msisdnOf('677123456'))).toBe('+237 6 77 12 34 56');
  });
});

describe('localNineDigits', () => {
  it('drops the country code', () => {
    expect(localNineDigits(msisdnOf('+237 699 00 11 22'))).toBe('699001122');
  });
});

describe('maskMsisdn', () => {
  it.each([
    ['237677123456', '2376*****456'],
    ['677123456', '6*****456'],
    ['+237 6 77 12 34 56', '+237 6 ** ** *4 56'],
    ['whatsapp:+237677123456', 'whatsapp:+2376*****456'],
    ['', ''],
    ['askAmount', 'askAmount'],
    ['１２３４５６７８９', '１*****７８９'],
  ])('masks %j as %j', (input, masked) => {
    expect(maskMsisdn(input)).toBe(masked);
  });

  it('never keeps five consecutive digits of the subscriber number, whatever surrounds it', () => {
    const subscriber = fc.stringMatching(/^6\d{8}$/);
    fc.assert(
      fc.property(fc.string(), subscriber, fc.string(), (before, s, after) => {
        for (const form of writtenForms(s)) {
          // Separators are dropped so that "6 77 12" counts as consecutive; a '*' breaks a run.
          const kept = maskMsisdn(`${before}${form}${after}`).replace(/[^\d*]/g, '');
          for (let i = 0; i + 5 <= s.length; i += 1) expect(kept).not.toContain(s.slice(i, i + 5));
        }
      }),
    );
  });

  it('never returns five digits in a row for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(maskMsisdn(text)).not.toMatch(/\p{Nd}{5}/u);
      }),
    );
  });
});
