/**
 * Authenticating a request by its UsernameToken, per deployment mode:
 *  - off: the header is ignored (still understood, and still kept out of the journal);
 *  - verify: a token that is present must be good; a request without one passes;
 *  - require: every request must carry a good token.
 * A good token names a known user, proves its password (in clear or as a digest), was
 * created within the window either side of now, carries a nonce not seen before, and
 * belongs to the system the message head names as MsgSender. Anything else is 8001.
 */
import { MessageHead } from '../../domain/message-head';
import { XmlElement } from '../../xml/xml-tree';
import { NonceCache, NonceRegistry } from './nonce-cache';
import { passwordDigest, sameSecret } from './password-digest';
import { SoapFaultError } from '../../contract/faults';
import { authenticationFailed, findUsernameToken, UsernameToken } from './username-token';

export type WsseMode = 'off' | 'verify' | 'require';
export const WSSE_MODES: readonly WsseMode[] = ['off', 'verify', 'require'];

/** What a user signs in with, and the system (MsgSender) it is allowed to speak for. */
export interface Credential {
  password: string;
  systemId: string; // e.g. BILL51 for Guangdong's billing, UCRM for HQ
}

export type CredentialLookup = (username: string) => Credential | undefined;

/** What the transport asks of inbound security once the message head is known. */
export interface InboundSecurity {
  /**
   * Returns (or resolves, when the nonce is checked in a shared store) when the request may
   * proceed; throws (or rejects with) the 8001 Client fault when not.
   */
  authenticate(headerBlocks: XmlElement[], head: MessageHead): void | Promise<void>;
}

export interface VerifierOptions {
  mode: WsseMode;
  windowSeconds: number;
  credentials: CredentialLookup;
  nonces?: NonceRegistry;
  now?: () => number;
}

// xs:dateTime with a time zone; WSS asks for UTC ("Z") but an offset is unambiguous too.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

export class UsernameTokenVerifier implements InboundSecurity {
  private readonly nonces: NonceRegistry;
  private readonly now: () => number;
  private readonly windowMs: number;

  constructor(private readonly opts: VerifierOptions) {
    this.nonces = opts.nonces ?? new NonceCache();
    this.now = opts.now ?? Date.now;
    this.windowMs = opts.windowSeconds * 1000;
  }

  authenticate(headerBlocks: XmlElement[], head: MessageHead): void | Promise<void> {
    if (this.opts.mode === 'off') return;
    const token = findUsernameToken(headerBlocks);
    if (!token) {
      if (this.opts.mode === 'require') throw authenticationFailed('the request carries no wsse:Security UsernameToken');
      return;
    }
    const now = this.now();
    const createdAt = this.createdWithinWindow(token, now);
    const credential = this.opts.credentials(token.username);
    // One answer for both, so the fault does not tell which user names exist.
    if (!credential || !passwordMatches(token, credential.password)) throw authenticationFailed('unknown user or wrong password');
    if (credential.systemId !== head.MsgSender) {
      throw authenticationFailed(`user ${token.username} may not send as MsgSender ${head.MsgSender}`);
    }
    if (!token.nonce) return;
    // Recorded only now, once the token is proven: strangers cannot fill the cache.
    const fresh = this.nonces.remember(token.username, token.nonce, createdAt + this.windowMs, now);
    if (fresh === true) return;
    if (fresh === false) throw replayed();
    return fresh.then((isFresh) => {
      if (!isFresh) throw replayed();
    });
  }

  private createdWithinWindow(token: UsernameToken, now: number): number {
    if (token.passwordType === 'PasswordDigest' && !token.nonce) throw authenticationFailed('a PasswordDigest needs a wsse:Nonce');
    // Without Created there is no window, and without a window a nonce would have to be kept forever.
    if (token.created === undefined) throw authenticationFailed('the UsernameToken has no wsu:Created');
    const createdAt = DATE_TIME.test(token.created) ? Date.parse(token.created) : NaN;
    if (Number.isNaN(createdAt)) throw authenticationFailed(`wsu:Created "${token.created}" is not an xs:dateTime with a time zone`);
    const seconds = this.opts.windowSeconds;
    if (createdAt < now - this.windowMs) throw authenticationFailed(`wsu:Created ${token.created} is more than ${seconds} s old`);
    if (createdAt > now + this.windowMs) throw authenticationFailed(`wsu:Created ${token.created} is more than ${seconds} s in the future`);
    return createdAt;
  }
}

function replayed(): SoapFaultError {
  return authenticationFailed('the nonce was already used (a replayed request)');
}

function passwordMatches(token: UsernameToken, password: string): boolean {
  const expected = token.passwordType === 'PasswordDigest' ? passwordDigest(token.nonce!, token.created!, password) : password;
  return sameSecret(token.password, expected);
}
