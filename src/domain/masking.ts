/**
 * A customer's name leaves the home province only masked: the collecting province's clerk
 * sees enough to confirm the customer (the first character) and nothing more.
 */
export function maskCustomerName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return name;
  return chars[0] + '*'.repeat(chars.length - 1);
}
