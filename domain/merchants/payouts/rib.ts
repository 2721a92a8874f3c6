/**
 * Cameroonian bank account numbers (RIB, as in the CEMAC zone and France): 23 digits, a 5-digit bank code, a
 * 5-digit branch code, an 11-digit account number and a 2-digit key. The key is 97 − (the 21 digits followed by
 * "00", read as one number, mod 97), so the whole 23-digit number is ≡ 0 mod 97 with the right key (checked with
 * the published example 20041 01005 0500013M026 06, M read as 4). Letters in the account part, allowed in France,
 * are not accepted here: Cameroonian banks print digits only.
 */

/** A RIB split into its parts. */
export interface Rib {
  bankCode: string;
  branchCode: string;
  accountNumber: string;
  key: string;
}

/** The key of a bank, branch and account (the two digits that end a valid RIB). */
export function ribKey(bankCode: string, branchCode: string, accountNumber: string): string {
  const digits = `${bankCode}${branchCode}${accountNumber}00`;
  return String(97 - Number(BigInt(digits) % 97n)).padStart(2, '0');
}

/** The RIB in `text` (spaces, dots and dashes ignored) when it is 23 digits with the right key; null otherwise. */
export function parseRib(text: string): Rib | null {
  const digits = text.replace(/[\s.-]/g, '');
  if (!/^\d{23}$/.test(digits)) return null;
  const rib = {
    bankCode: digits.slice(0, 5),
    branchCode: digits.slice(5, 10),
    accountNumber: digits.slice(10, 21),
    key: digits.slice(21),
  };
  return ribKey(rib.bankCode, rib.branchCode, rib.accountNumber) === rib.key ? rib : null;
}

/** The RIB as 23 digits. */
export function ribText(rib: Rib): string {
  return `${rib.bankCode}${rib.branchCode}${rib.accountNumber}${rib.key}`;
}
