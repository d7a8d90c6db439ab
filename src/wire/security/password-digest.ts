/**
 * The UsernameToken Profile's password digest, Base64(SHA-1(nonce bytes + Created +
 * password)), and a comparison of secrets that takes the same time wherever they differ.
 * SHA-1 is what the profile prescribes; the digest only proves knowledge of the password
 * for this one nonce and instant.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function passwordDigest(nonceBase64: string, created: string, password: string): string {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(nonceBase64, 'base64'), Buffer.from(created, 'utf8'), Buffer.from(password, 'utf8')]))
    .digest('base64');
}

/** Compares fixed-length hashes of both, so neither the content nor the length leaks by timing. */
export function sameSecret(sent: string, expected: string): boolean {
  const hash = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(hash(sent), hash(expected));
}
