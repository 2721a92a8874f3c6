import fc from 'fast-check';
import {
  deriveShortReference,
  isShortReference,
  parseShortReference,
  SHORT_REFERENCE_ALPHABET,
  SHORT_REFERENCE_LENGTH,
} from '../../domain/shortReference';

describe('short references', () => {
  it('has an alphabet of 30 distinct characters without look-alikes (0 O 1 I L) and without U', () => {
    expect(new Set(SHORT_REFERENCE_ALPHABET).size).toBe(30);
    for (const excluded of '0O1ILU') expect(SHORT_REFERENCE_ALPHABET).not.toContain(excluded);
    expect(SHORT_REFERENCE_ALPHABET).toMatch(/^[2-9A-Z]+$/);
  });

  it('derives nine characters of the alphabet, the same every time for the same id and attempt', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80 }), fc.nat(20), (id, attempt) => {
        const reference = deriveShortReference(id, attempt);
        expect(reference).toHaveLength(SHORT_REFERENCE_LENGTH);
        for (const character of reference) expect(SHORT_REFERENCE_ALPHABET).toContain(character);
        expect(isShortReference(reference)).toBe(true);
        expect(deriveShortReference(id, attempt)).toBe(reference);
      }),
    );
  });

  it('is a pure function of the id: a fixed id gives the reference written down when the derivation was made', () => {
    // A change of the derivation would give every operation recorded before it another first candidate.
    expect(deriveShortReference('topup:c632d53a-1868-4dd3-996e-21714346ab66')).toBe('9NYGG5R3K');
    expect(deriveShortReference('topup:c632d53a-1868-4dd3-996e-21714346ab66', 0)).toBe('9NYGG5R3K');
  });

  it('gives other candidates for the next attempts, and other references for other ids', () => {
    fc.assert(
      fc.property(fc.uuid(), (uuid) => {
        const id = `p2p:${uuid}`;
        const candidates = new Set([0, 1, 2, 3].map((attempt) => deriveShortReference(id, attempt)));
        expect(candidates.size).toBe(4);
        expect(deriveShortReference(`topup:${uuid}`)).not.toBe(deriveShortReference(id));
      }),
    );
  });

  it('spreads references over the whole alphabet at every position', () => {
    const seen = Array.from({ length: SHORT_REFERENCE_LENGTH }, () => new Set<string>());
    for (let n = 0; n < 3_000; n++) {
      const reference = deriveShortReference(`topup:${n}`);
      for (const [position, character] of [...reference].entries()) seen[position]!.add(character);
    }
    for (const characters of seen) expect(characters.size).toBe(SHORT_REFERENCE_ALPHABET.length);
  });

  it('reads a typed reference with or without separators, in any case', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.constantFrom('', '-', ' ', '.'), fc.boolean(), (id, sep, lower) => {
        const reference = deriveShortReference(id);
        const grouped = [reference.slice(0, 3), reference.slice(3, 6), reference.slice(6)].join(sep);
        expect(parseShortReference(lower ? grouped.toLowerCase() : grouped)).toBe(reference);
      }),
    );
  });

  it('refuses what no short reference can be: look-alikes, other lengths, other characters', () => {
    expect(parseShortReference('K7MX3QPR0')).toBeNull();
    expect(parseShortReference('K7MX3QPRO')).toBeNull();
    expect(parseShortReference('K7MX3QPR')).toBeNull();
    expect(parseShortReference('K7MX3QPRTT')).toBeNull();
    expect(parseShortReference('K7MX3QPR!')).toBeNull();
    expect(parseShortReference('')).toBeNull();
  });
});
