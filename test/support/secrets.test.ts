import { mentionsSecret } from './secrets';

describe('mentionsSecret (the log check of the PIN tests)', () => {
  it('finds a PIN written as a value of its own, however it is quoted or labelled', () => {
    expect(mentionsSecret('{"text":"1357"}', '1357')).toBe(true);
    expect(mentionsSecret('pin=1357 ok', '1357')).toBe(true);
    expect(mentionsSecret('my PIN is 1357.', '1357')).toBe(true);
    expect(mentionsSecret('1357', '1357')).toBe(true);
  });

  it('ignores the same digits inside request ids, digests and timestamps', () => {
    expect(mentionsSecret('"requestId":"9d993de1-54bc-48a1-adce-1533f1781357"', '1357')).toBe(false);
    expect(mentionsSecret('"time":1796413579999', '1357')).toBe(false);
    expect(mentionsSecret('"form":"ab1357cdef12"', '1357')).toBe(false);
  });
});
