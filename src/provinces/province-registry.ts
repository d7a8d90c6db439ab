/**
 * Where each provincial billing system lives: code → endpoint base URL, credentials,
 * timeout. From a JSON file (PROVINCES_FILE) or, by default, one URL template for all 31
 * ({code} replaced), which is how `npm start` points the gateway at the mock provinces.
 *
 * Credentials are one secret per province link, used both ways (WS-Security
 * UsernameToken): the province signs its calls to HQ as `username` (by default its billing
 * system id, BILL51), and HQ signs its calls to the province as UCRM with the same password.
 */
import { readFileSync } from 'node:fs';
import { isProvinceCode, PROVINCE_CODES, PROVINCES } from '../domain/provinces';

export interface ProvinceEndpoint {
  code: string;
  name: string;
  baseUrl: string; // the interface number is appended: {baseUrl}/4.2.2
  timeoutMs: number;
  username?: string; // set (BILL<code> unless configured) whenever a password is
  password?: string;
}

/** The system id a province's billing signs and sends (MsgSender) as: BILL51. */
export function billingSystemId(code: string): string {
  return `BILL${code}`;
}

export class ProvinceRegistry {
  private readonly byCode: Map<string, ProvinceEndpoint>;
  private readonly byUsername = new Map<string, ProvinceEndpoint>();

  constructor(endpoints: ProvinceEndpoint[]) {
    this.byCode = new Map();
    for (const given of endpoints) {
      const e = withUsername(given);
      if (!isProvinceCode(e.code)) throw new Error(`province registry: unknown province code "${e.code}"`);
      if (!/^https?:\/\//.test(e.baseUrl)) throw new Error(`province registry: province ${e.code} needs an http(s) baseUrl`);
      if (!(e.timeoutMs > 0)) throw new Error(`province registry: province ${e.code} needs a positive timeoutMs`);
      this.byCode.set(e.code, e);
      if (e.username !== undefined) this.addUser(e);
    }
  }

  private addUser(e: ProvinceEndpoint): void {
    const other = this.byUsername.get(e.username!);
    if (other) throw new Error(`province registry: provinces ${other.code} and ${e.code} both sign in as "${e.username}"`);
    this.byUsername.set(e.username!, e);
  }

  static fromTemplate(urlTemplate: string, timeoutMs: number): ProvinceRegistry {
    return new ProvinceRegistry(PROVINCE_CODES.map((code) => ({ code, name: PROVINCES[code], baseUrl: urlTemplate.replace('{code}', code), timeoutMs })));
  }

  static fromFile(path: string, defaultTimeoutMs: number): ProvinceRegistry {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<ProvinceEndpoint>[];
    if (!Array.isArray(raw)) throw new Error(`${path}: expected a JSON array of provinces`);
    return new ProvinceRegistry(
      raw.map((p) => ({
        code: String(p.code),
        name: p.name ?? nameOf(String(p.code)),
        baseUrl: String(p.baseUrl),
        timeoutMs: p.timeoutMs ?? defaultTimeoutMs,
        username: p.username,
        password: p.password,
      })),
    );
  }

  get(code: string): ProvinceEndpoint | undefined {
    return this.byCode.get(code);
  }

  /** The province that signs in to HQ as `username`: its password and the MsgSender it must use. */
  credentialOf(username: string): { password: string; systemId: string } | undefined {
    const e = this.byUsername.get(username);
    return e && { password: e.password!, systemId: billingSystemId(e.code) };
  }

  /** Whether any province has credentials (WSSE_MODE verify/require makes no sense without). */
  hasCredentials(): boolean {
    return this.byUsername.size > 0;
  }

  all(): ProvinceEndpoint[] {
    return [...this.byCode.values()];
  }
}

function withUsername(e: ProvinceEndpoint): ProvinceEndpoint {
  if (e.password === undefined || e.password === null) {
    if (e.username !== undefined && e.username !== null) throw new Error(`province registry: province ${e.code} has a username but no password`);
    return { ...e, username: undefined, password: undefined };
  }
  if (typeof e.password !== 'string' || e.password === '') throw new Error(`province registry: province ${e.code} needs a non-empty password string`);
  if (e.username !== undefined && (typeof e.username !== 'string' || e.username === '')) {
    throw new Error(`province registry: province ${e.code} needs a non-empty username string (or none, for ${billingSystemId(e.code)})`);
  }
  return { ...e, username: e.username ?? billingSystemId(e.code) };
}

function nameOf(code: string): string {
  return isProvinceCode(code) ? PROVINCES[code] : '';
}
