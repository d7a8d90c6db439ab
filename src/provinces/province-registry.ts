/**
 * Where each provincial billing system lives: code → endpoint base URL, credentials,
 * timeout. From a JSON file (PROVINCES_FILE) or, by default, one URL template for all 31
 * ({code} replaced), which is how `npm start` points the gateway at the mock provinces.
 */
import { readFileSync } from 'node:fs';
import { isProvinceCode, PROVINCE_CODES, PROVINCES } from '../domain/provinces';

export interface ProvinceEndpoint {
  code: string;
  name: string;
  baseUrl: string; // the interface number is appended: {baseUrl}/4.2.2
  timeoutMs: number;
  username?: string;
  password?: string;
}

export class ProvinceRegistry {
  private readonly byCode: Map<string, ProvinceEndpoint>;

  constructor(endpoints: ProvinceEndpoint[]) {
    this.byCode = new Map();
    for (const e of endpoints) {
      if (!isProvinceCode(e.code)) throw new Error(`province registry: unknown province code "${e.code}"`);
      if (!/^https?:\/\//.test(e.baseUrl)) throw new Error(`province registry: province ${e.code} needs an http(s) baseUrl`);
      if (!(e.timeoutMs > 0)) throw new Error(`province registry: province ${e.code} needs a positive timeoutMs`);
      this.byCode.set(e.code, e);
    }
  }

  static fromTemplate(urlTemplate: string, timeoutMs: number): ProvinceRegistry {
    return new ProvinceRegistry(
      PROVINCE_CODES.map((code) => ({ code, name: PROVINCES[code], baseUrl: urlTemplate.replace('{code}', code), timeoutMs })),
    );
  }

  static fromFile(path: string, defaultTimeoutMs: number): ProvinceRegistry {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<ProvinceEndpoint>[];
    if (!Array.isArray(raw)) throw new Error(`${path}: expected a JSON array of provinces`);
    return new ProvinceRegistry(
      raw.map((p) => ({
        code: String(p.code),
        name: p.name ?? PROVINCES[String(p.code)] ?? '',
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

  all(): ProvinceEndpoint[] {
    return [...this.byCode.values()];
  }
}
