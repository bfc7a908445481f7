/**
 * Compares phone numbers as staff type them into remarks: digits only, and a mainland number
 * with its +86 / 0086 prefix equals the number without it.
 */
export function normalizeMobile(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  const national = digits.replace(/^(0086|86)(?=1\d{10}$)/, '');
  return national;
}

export function sameMobile(a: string, b: string): boolean {
  const na = normalizeMobile(a);
  return na.length > 0 && na === normalizeMobile(b);
}
