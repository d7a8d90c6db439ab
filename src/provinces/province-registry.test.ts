import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProvinceEndpoint, ProvinceRegistry } from './province-registry';

const endpoint = (code: string, extra: Partial<ProvinceEndpoint> = {}): ProvinceEndpoint => ({
  code,
  name: '',
  baseUrl: `http://bill${code}.example/province/${code}`,
  timeoutMs: 1000,
  ...extra,
});

describe('province registry credentials', () => {
  it('signs a province in as its billing system id unless a username is configured', () => {
    const registry = new ProvinceRegistry([endpoint('51', { password: 'a' }), endpoint('36', { username: 'zj_billing', password: 'b' }), endpoint('11')]);
    expect(registry.get('51')!.username).to.equal('BILL51');
    expect(registry.credentialOf('BILL51')).to.deep.equal({ password: 'a', systemId: 'BILL51' });
    expect(registry.credentialOf('zj_billing')).to.deep.equal({ password: 'b', systemId: 'BILL36' });
    expect(registry.credentialOf('BILL36')).to.equal(undefined);
    expect(registry.credentialOf('BILL11')).to.equal(undefined); // no password, no sign-in
    expect(registry.hasCredentials()).to.equal(true);
    expect(ProvinceRegistry.fromTemplate('http://x/{code}', 1000).hasCredentials()).to.equal(false);
  });

  it('refuses credentials that cannot work', () => {
    expect(() => new ProvinceRegistry([endpoint('51', { username: 'u' })])).to.throw('username but no password');
    expect(() => new ProvinceRegistry([endpoint('51', { password: '' })])).to.throw('non-empty password');
    expect(() => new ProvinceRegistry([endpoint('51', { password: 'a', username: 'x' }), endpoint('36', { password: 'b', username: 'x' })])).to.throw(
      'both sign in as "x"',
    );
  });

  it('reads credentials from PROVINCES_FILE', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'provinces-')), 'provinces.json');
    writeFileSync(
      file,
      JSON.stringify([
        { code: '51', baseUrl: 'http://gd.example/p', password: 'pw' },
        { code: '36', baseUrl: 'http://zj.example/p' },
      ]),
    );
    const registry = ProvinceRegistry.fromFile(file, 5000);
    expect(registry.credentialOf('BILL51')).to.deep.equal({ password: 'pw', systemId: 'BILL51' });
    expect(registry.get('36')!.password).to.equal(undefined);
  });
});
