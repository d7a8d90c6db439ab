/**
 * Reading a WS-Security UsernameToken (OASIS WSS 1.0 UsernameToken Profile) out of the SOAP
 * Header: `wsse:Security/wsse:UsernameToken` with Username, Password (#PasswordText or
 * #PasswordDigest), Nonce (base64) and wsu:Created. Only the shape is checked here; whether
 * the token is good is token-verifier's business.
 */
import { SoapFaultError } from '../../contract/faults';
import { childrenNamed, XmlElement } from '../../xml/xml-tree';

export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const PROFILE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';
export const PASSWORD_TEXT = `${PROFILE}#PasswordText`;
export const PASSWORD_DIGEST = `${PROFILE}#PasswordDigest`;
export const BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

export type PasswordType = 'PasswordText' | 'PasswordDigest';

export interface UsernameToken {
  username: string;
  password: string; // the password itself, or its digest
  passwordType: PasswordType;
  nonce?: string; // base64, as sent
  created?: string; // as sent: the digest covers these exact characters
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Every refusal of a token is the same Client fault, 8001; the reason says which rule. */
export function authenticationFailed(reason: string): SoapFaultError {
  return new SoapFaultError('AUTHENTICATION_FAILED', `authentication failed: ${reason}`);
}

export function isSecurityHeader(block: XmlElement): boolean {
  return block.ns === WSSE_NS && block.local === 'Security';
}

/** The request's UsernameToken, or undefined when it carries none. */
export function findUsernameToken(headerBlocks: XmlElement[]): UsernameToken | undefined {
  const securities = headerBlocks.filter(isSecurityHeader);
  if (securities.length > 1) throw authenticationFailed('more than one wsse:Security header (actors are not supported)');
  if (securities.length === 0) return undefined;
  const tokens = childrenNamed(securities[0], WSSE_NS, 'UsernameToken');
  if (tokens.length > 1) throw authenticationFailed('more than one wsse:UsernameToken');
  return tokens.length ? parseUsernameToken(tokens[0]) : undefined;
}

export function parseUsernameToken(token: XmlElement): UsernameToken {
  const username = only(token, WSSE_NS, 'Username', true)!.text;
  if (!username) throw authenticationFailed('wsse:Username is empty');
  const passwordEl = only(token, WSSE_NS, 'Password', true)!;
  const nonceEl = only(token, WSSE_NS, 'Nonce', false);
  const createdEl = only(token, WSU_NS, 'Created', false);
  return {
    username,
    password: passwordEl.text,
    passwordType: passwordTypeOf(passwordEl),
    nonce: nonceEl && nonceOf(nonceEl),
    created: createdEl?.text,
  };
}

function only(parent: XmlElement, ns: string, local: string, required: boolean): XmlElement | undefined {
  const found = childrenNamed(parent, ns, local);
  const prefix = ns === WSU_NS ? 'wsu' : 'wsse';
  if (found.length > 1) throw authenticationFailed(`the UsernameToken has more than one ${prefix}:${local}`);
  if (required && found.length === 0) throw authenticationFailed(`the UsernameToken has no ${prefix}:${local}`);
  return found[0];
}

function passwordTypeOf(password: XmlElement): PasswordType {
  const type = password.attrs.Type;
  if (type === undefined || type === PASSWORD_TEXT) return 'PasswordText'; // the profile's default
  if (type === PASSWORD_DIGEST) return 'PasswordDigest';
  throw authenticationFailed(`unsupported wsse:Password Type "${type}" (use #PasswordText or #PasswordDigest)`);
}

function nonceOf(nonce: XmlElement): string {
  const encoding = nonce.attrs.EncodingType;
  if (encoding !== undefined && encoding !== BASE64_BINARY) throw authenticationFailed(`unsupported wsse:Nonce EncodingType "${encoding}" (use #Base64Binary)`);
  if (!nonce.text || !BASE64.test(nonce.text)) throw authenticationFailed('wsse:Nonce is not base64');
  return nonce.text;
}
