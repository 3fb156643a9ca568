/**
 * Salesforce record IDs. A 15-character ID is case-sensitive; the 18-character form appends a
 * 3-character checksum of its capitalisation so that it survives case-insensitive tools: for each
 * 5-character block, bit i is set when character i is an uppercase A-Z, and the 5-bit value indexes
 * 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'.
 */
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 18-character form of a 15-character Salesforce ID. */
export function salesforceId18(id15: string): string {
  if (id15.length !== 15 || !/^[a-zA-Z0-9]{15}$/.test(id15)) {
    throw new Error(`salesforceId18: expected 15 alphanumeric characters, got "${id15}"`);
  }
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const code = id15.charCodeAt(block * 5 + i);
      if (code >= 65 && code <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return id15 + suffix;
}

/** An 18-character ID made of a key prefix (e.g. `00Q`) and a zero-padded counter. */
export function makeSalesforceId(prefix: string, counter: number): string {
  const width = 15 - prefix.length;
  const digits = String(counter);
  if (!Number.isInteger(counter) || counter < 0 || digits.length > width) {
    throw new Error(`makeSalesforceId: counter ${counter} does not fit after prefix ${prefix}`);
  }
  return salesforceId18(prefix + digits.padStart(width, '0'));
}

/** What Data Export files hold in many empty reference fields. */
export const EMPTY_REFERENCE = '000000000000000AAA';
