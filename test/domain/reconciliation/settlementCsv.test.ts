import { csvFields, parseSettlementCsv } from '../../../domain/reconciliation/settlementCsv';

describe('the settlement report CSV', () => {
  it('reads the documented columns in any order, quoted fields, CRLF, a BOM and blank lines', () => {
    const text = [
      '\uFEFFstatus,amount,at,direction,our_reference,provider_reference,comment',
      'succeeded,5100,2026-03-01T10:02:11Z,collect,topup:abc,8471236,',
      '',
      'FAILED,2000,2026-03-01T11:00:00.250+01:00,Payout,"withdraw:x,1","MP""2",a note',
    ].join('\r\n');
    const { lines, problems } = parseSettlementCsv(text);
    expect(problems).toEqual([]);
    expect(lines).toEqual([
      {
        providerReference: '8471236',
        ourReference: 'topup:abc',
        direction: 'collect',
        amount: 5_100,
        status: 'succeeded',
        at: new Date('2026-03-01T10:02:11Z'),
      },
      {
        providerReference: 'MP"2',
        ourReference: 'withdraw:x,1',
        direction: 'payout',
        amount: 2_000,
        status: 'failed',
        at: new Date('2026-03-01T10:00:00.250Z'),
      },
    ]);
  });

  it('reports every bad line with its line number and what is wrong, and still reads the good ones', () => {
    const text = [
      'provider_reference,our_reference,direction,amount,status,at',
      'p1,t1,collect,5100,succeeded,2026-03-01T10:00:00Z',
      'p2,t2,refund,5100,succeeded,2026-03-01T10:00:00Z',
      'p3,t3,collect,51.5,succeeded,2026-03-01T10:00:00Z',
      'p4,,collect,0,done,yesterday',
      '',
      'p5,"t5,collect,100,pending,2026-03-01T10:00:00Z',
      'p6,t6,payout,100,pending,2026-03-01T10:00:00',
    ].join('\n');
    const { lines, problems } = parseSettlementCsv(text);
    expect(lines.map((l) => l.ourReference)).toEqual(['t1']);
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5, 7, 8]);
    expect(problems[0]!.message).toMatch(/direction "refund"/);
    expect(problems[1]!.message).toMatch(/amount "51.5"/);
    expect(problems[2]!.message.split('; ')).toHaveLength(4);
    expect(problems[3]!.message).toMatch(/quoted field/);
    expect(problems[4]!.message).toMatch(/with its zone/);
  });

  it('refuses a file without the header it needs, naming the missing columns', () => {
    expect(parseSettlementCsv('ref,amount\nx,100\n').problems).toEqual([
      { line: 1, message: 'header lacks provider_reference, our_reference, direction, status, at' },
    ]);
    expect(parseSettlementCsv('\n\n').problems).toEqual([{ line: 1, message: 'empty file: a header line is needed' }]);
  });

  it('splits fields as spreadsheets write them', () => {
    expect(csvFields('a, "b ""c"", d" ,e')).toEqual(['a', 'b "c", d', 'e']);
    expect(csvFields('"open')).toBeNull();
  });
});
