import { expect } from 'chai';
import { passwordDigest, sameSecret } from './password-digest';

describe('WS-Security password digest', () => {
  it("is Base64(SHA-1(nonce bytes + Created + password)), as in the profile's worked example", () => {
    expect(passwordDigest('LKqI6G/AikKCQrN0zqZFlg==', '2010-09-16T07:50:45Z', 'userpassword')).to.equal('tuOSpGlFlIXsozq4HFNeeGeFLEI=');
  });

  it('covers the password as UTF-8 bytes', () => {
    expect(passwordDigest('AAAA', '2026-01-01T00:00:00Z', '密码')).not.to.equal(passwordDigest('AAAA', '2026-01-01T00:00:00Z', '??'));
  });

  it('compares secrets of any length', () => {
    expect(sameSecret('abc', 'abc')).to.equal(true);
    expect(sameSecret('abc', 'abd')).to.equal(false);
    expect(sameSecret('abc', 'abcd')).to.equal(false);
    expect(sameSecret('', 'x')).to.equal(false);
  });
});
