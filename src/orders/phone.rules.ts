/**
 * A Vietnamese phone number as people write it — "0912 345 678", "+84 912 345 678", "84912345678",
 * with dots or dashes — stored as E.164 (+84912345678). Mobile numbers have nine digits after the
 * leading 0, landlines (02x…) ten. Returns null for anything else.
 */
export function phoneToE164(text: string): string | null {
  const digits = text.replace(/[\s.\-()]/g, '');
  const national = /^\+84/.test(digits) ? digits.slice(3) : /^84\d{9,10}$/.test(digits) ? digits.slice(2) : /^0/.test(digits) ? digits.slice(1) : null;
  if (national === null || !/^\d+$/.test(national)) return null;
  if (/^[35789]\d{8}$/.test(national) || /^2\d{9}$/.test(national)) return `+84${national}`;
  return null;
}

/** E.164 back to the way it is read in Vietnam: "0912 345 678". */
export function phoneForDisplay(e164: string): string {
  const national = `0${e164.slice(3)}`;
  return national.length === 10
    ? `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`
    : `${national.slice(0, 4)} ${national.slice(4, 8)} ${national.slice(8)}`;
}
