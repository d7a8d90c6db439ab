import { expect } from 'chai';
import { parseXml } from '../../xml/xml-tree';
import { mustUnderstand, SOAP11 } from '../../transport/soap-envelope';
import { passwordDigest } from './password-digest';
import { usernameTokenHeader } from './token-signer';
import { findUsernameToken } from './username-token';

describe('UsernameToken signing (HQ → province)', () => {
  const nonce = Buffer.from('0123456789abcdef');
  const xml = usernameTokenHeader({ username: 'UCRM', password: 's3cret' }, { envelopePrefix: 'soapenv', now: Date.parse('2026-11-20T02:30:00.789Z'), nonce });
  const envelope = parseXml(`<soapenv:Envelope xmlns:soapenv="${SOAP11.ns}"><soapenv:Header>${xml}</soapenv:Header><soapenv:Body/></soapenv:Envelope>`);
  const block = envelope.children[0].children[0];

  it('writes a PasswordDigest token with the nonce and a UTC Created in whole seconds', () => {
    const token = findUsernameToken([block])!;
    expect(token.username).to.equal('UCRM');
    expect(token.passwordType).to.equal('PasswordDigest');
    expect(token.nonce).to.equal(nonce.toString('base64'));
    expect(token.created).to.equal('2026-11-20T02:30:00Z');
    expect(token.password).to.equal(passwordDigest(token.nonce!, token.created!, 's3cret'));
  });

  it('never carries the password itself, and demands to be understood', () => {
    expect(xml).not.to.contain('s3cret');
    expect(mustUnderstand(block, SOAP11)).to.equal(true);
  });

  it('uses a fresh nonce on every call', () => {
    const a = usernameTokenHeader({ username: 'UCRM', password: 'x' }, { envelopePrefix: 'soapenv' });
    const b = usernameTokenHeader({ username: 'UCRM', password: 'x' }, { envelopePrefix: 'soapenv' });
    expect(/<wsse:Nonce[^>]*>([^<]*)</.exec(a)![1]).not.to.equal(/<wsse:Nonce[^>]*>([^<]*)</.exec(b)![1]);
  });
});
