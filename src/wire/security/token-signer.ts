/**
 * The UsernameToken HQ puts on its calls to a province that has credentials configured:
 * always a PasswordDigest (the password never travels), a fresh 16-byte nonce and Created.
 * The header is marked mustUnderstand: a province that was given credentials must check
 * them, not ignore them.
 */
import { randomBytes } from 'node:crypto';
import { escapeXml } from '../../xml/xml-tree';
import { passwordDigest } from './password-digest';
import { BASE64_BINARY, PASSWORD_DIGEST, WSSE_NS, WSU_NS } from './username-token';

export interface SigningCredential {
  username: string;
  password: string;
}

export interface SigningOptions {
  envelopePrefix: string; // the prefix the envelope binds to its SOAP namespace, for mustUnderstand
  now?: number;
  nonce?: Buffer;
}

export function usernameTokenHeader(credential: SigningCredential, opts: SigningOptions): string {
  const created = xsdDateTime(opts.now ?? Date.now());
  const nonce = (opts.nonce ?? randomBytes(16)).toString('base64');
  return (
    `<wsse:Security xmlns:wsse="${WSSE_NS}" xmlns:wsu="${WSU_NS}" ${opts.envelopePrefix}:mustUnderstand="1">` +
    `<wsse:UsernameToken><wsse:Username>${escapeXml(credential.username)}</wsse:Username>` +
    `<wsse:Password Type="${PASSWORD_DIGEST}">${passwordDigest(nonce, created, credential.password)}</wsse:Password>` +
    `<wsse:Nonce EncodingType="${BASE64_BINARY}">${nonce}</wsse:Nonce>` +
    `<wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security>`
  );
}

/** 2026-11-20T02:30:00Z: UTC, whole seconds, as the profile's examples write it. */
function xsdDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
