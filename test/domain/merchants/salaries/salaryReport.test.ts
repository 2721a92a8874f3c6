/** Salary files as merchants' spreadsheets write them, and the report made of them before anything moves. */
import { defaultFeeSchedules } from '../../../../domain/fees';
import { detectDelimiter, parseSalaryCsv } from '../../../../domain/merchants/salaries/salaryCsv';
import { salaryReport } from '../../../../domain/merchants/salaries/salaryReport';

const fees = defaultFeeSchedules.payout;

describe('reading a salary file', () => {
  it('reads a French Excel file: BOM, `;` separators, CRLF, quoted fields holding `;` and quotes', () => {
    const csv =
      '\uFEFFName;number;Amount;reference\r\n' +
      '"Ndjock; Paul";677 12 34 56;"150 000";mars-001\r\n' +
      '"Ama ""la grande"" Mbarga";+237 690 00 00 01;75000;mars-002\r\n';
    const parsed = parseSalaryCsv(csv);
    expect(parsed).toEqual({
      ok: true,
      rows: [
        { line: 2, name: 'Ndjock; Paul', number: '677 12 34 56', amount: '150 000', reference: 'mars-001' },
        {
          line: 3,
          name: 'Ama "la grande" Mbarga',
          number: '+237 690 00 00 01',
          amount: '75000',
          reference: 'mars-002',
        },
      ],
    });
  });

  it('takes the columns in any order and case, with `,` separators, and skips blank lines but keeps line numbers', () => {
    const csv = 'Reference,AMOUNT,Number,Name\n\nr1,1000,677123456,Ada\n\nr2,2000,690000001,Bea\n';
    const parsed = parseSalaryCsv(csv);
    expect(parsed.ok && parsed.rows.map((row) => [row.line, row.reference, row.name])).toEqual([
      [3, 'r1', 'Ada'],
      [5, 'r2', 'Bea'],
    ]);
  });

  it('detects the separator from the header line only, ignoring separators inside quotes', () => {
    expect(detectDelimiter('"a,b,c";number;amount;reference\nx,y,z')).toBe(';');
    expect(detectDelimiter('name,number,amount,reference\n"a;b;c;d",1,2,3')).toBe(',');
  });

  it('refuses a file without a header naming every column, an empty file, and rows with a wrong field count', () => {
    expect(parseSalaryCsv('name,number,amount\nA,677123456,100\n')).toEqual({
      ok: false,
      reason: 'MISSING_COLUMNS',
      columns: ['reference'],
    });
    expect(parseSalaryCsv('\uFEFF \r\n')).toEqual({ ok: false, reason: 'EMPTY_FILE' });
    expect(parseSalaryCsv('name,number,amount,reference\nA,677123456,100\n')).toMatchObject({
      ok: false,
      reason: 'MALFORMED_CSV',
      line: 2,
    });
    expect(parseSalaryCsv('name,number,amount,reference\n"A,677123456,100,r1\n')).toMatchObject({
      ok: false,
      reason: 'MALFORMED_CSV',
    });
  });
});

describe('the validation report', () => {
  it('rejects each bad row with its line number and reason, and totals the accepted ones with their fees', () => {
    const csv = [
      'name;number;amount;reference',
      'Ada;677123456;150 000;r1', // 2: accepted (MTN)
      ';677123457;1000;r2', // 3: no name
      'Bea;;1000;r3', // 4: no number
      'Cyr;677123458;;r4', // 5: no amount
      'Dan;677123459;1000;', // 6: no reference
      'Eve;12345;1000;r5', // 7: not a number
      'Fay;222123456;1000;r6', // 8: a landline
      'Gus;661234567;1000;r6b', // 9: Nexttel: no rail for it
      'Hal;677123460;12,5;r7', // 10: decimals
      'Ivy;677123461;0;r8', // 11: zero
      'Jon;677123462;-5;r9', // 12: negative
      'Kim;677123463;2000001;r10', // 13: above the line maximum
      'Lea;690000001;75000;r1', // 14: reference seen on line 2
      'Max;677123456;150000;r11', // 15: same number and amount as line 2
      'Ned;677123456;50000;r12', // 16: same number, other amount: accepted
      'Oli;690000002;80000;bad ref!', // 17: a reference that cannot be a transfer id
      'Pat;+237 6 90 00 00 03;1 000;r13', // 18: accepted (Orange)
    ].join('\n');
    const report = salaryReport(csv, fees);
    if (!report.ok) throw new Error(report.reason);
    expect(report.rejected).toEqual([
      { line: 3, reason: 'MISSING_NAME' },
      { line: 4, reason: 'MISSING_NUMBER' },
      { line: 5, reason: 'MISSING_AMOUNT' },
      { line: 6, reason: 'MISSING_REFERENCE' },
      { line: 7, reason: 'BAD_NUMBER' },
      { line: 8, reason: 'BAD_NUMBER' },
      { line: 9, reason: 'UNSUPPORTED_OPERATOR' },
      { line: 10, reason: 'BAD_AMOUNT' },
      { line: 11, reason: 'BAD_AMOUNT' },
      { line: 12, reason: 'BAD_AMOUNT' },
      { line: 13, reason: 'ABOVE_LINE_MAXIMUM' },
      { line: 14, reason: 'DUPLICATE_REFERENCE' },
      { line: 15, reason: 'DUPLICATE_NUMBER_AND_AMOUNT' },
      { line: 17, reason: 'BAD_REFERENCE' },
    ]);
    expect(report.accepted.map((line) => [line.line, line.msisdn, line.rail, line.amount, line.fee])).toEqual([
      [2, '237677123456', 'mtn_momo', 150_000, 1_500],
      [16, '237677123456', 'mtn_momo', 50_000, 500],
      [18, '237690000003', 'orange_money', 1_000, 100],
    ]);
    expect(report.totals).toEqual({ lines: 3, amount: 201_000, fees: 2_100, total: 203_100 });
  });

  it('refuses a file with more lines than a batch takes, before reading any row', () => {
    const rows = Array.from({ length: 4 }, (_, n) => `P${n};67712345${n};1000;r${n}`);
    const csv = ['name;number;amount;reference', ...rows].join('\r\n');
    expect(salaryReport(csv, fees, { maxLines: 3, maxLineAmount: 10_000 })).toEqual({
      ok: false,
      reason: 'TOO_MANY_LINES',
      lines: 4,
      maxLines: 3,
    });
    expect(salaryReport(csv, fees, { maxLines: 4, maxLineAmount: 10_000 })).toMatchObject({ ok: true });
  });

  it('passes a file-level refusal through with what the reader said', () => {
    expect(salaryReport('name,amount\n', fees)).toEqual({
      ok: false,
      reason: 'MISSING_COLUMNS',
      columns: ['number', 'reference'],
    });
  });
});
