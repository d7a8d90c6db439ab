import { expect } from 'chai';
import { SoapFaultError } from '../../contract/faults';
import { MessageHead } from '../../domain/message-head';
import { parseXml, XmlElement } from '../../xml/xml-tree';
import { passwordDigest } from './password-digest';
import { usernameTokenHeader } from './token-signer';
import { UsernameTokenVerifier, WsseMode } from './token-verifier';
import { PASSWORD_DIGEST, PASSWORD_TEXT, WSSE_NS, WSU_NS } from './username-token';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const NOW = Date.parse('2026-11-20T02:30:00Z');
const HEAD = { MsgSender: 'BILL51' } as MessageHead;
const CREDENTIALS: Record<string, { password: string; systemId: string }> = {
  BILL51: { password: 'gd-secret', systemId: 'BILL51' },
  gd_billing: { password: 'other', systemId: 'BILL36' }, // a configured username of another province
};

function blocks(headerXml: string): XmlElement[] {
  return parseXml(`<s:Envelope xmlns:s="${S11}"><s:Header>${headerXml}</s:Header><s:Body/></s:Envelope>`).children[0].children;
}

function verifier(mode: WsseMode = 'require', now = () => NOW) {
  return new UsernameTokenVerifier({ mode, windowSeconds: 300, credentials: (u) => CREDENTIALS[u], now });
}

const digestToken = (opts: { username?: string; password?: string; at?: number; nonce?: Buffer } = {}) =>
  usernameTokenHeader(
    { username: opts.username ?? 'BILL51', password: opts.password ?? 'gd-secret' },
    { envelopePrefix: 's', now: opts.at ?? NOW, nonce: opts.nonce },
  );

const textToken = (password: string, created = '2026-11-20T02:30:00Z', nonce = '') =>
  `<wsse:Security xmlns:wsse="${WSSE_NS}" xmlns:wsu="${WSU_NS}"><wsse:UsernameToken><wsse:Username>BILL51</wsse:Username>` +
  `<wsse:Password Type="${PASSWORD_TEXT}">${password}</wsse:Password>${nonce && `<wsse:Nonce>${nonce}</wsse:Nonce>`}` +
  `${created && `<wsu:Created>${created}</wsu:Created>`}</wsse:UsernameToken></wsse:Security>`;

function refusal(run: () => void): string {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(SoapFaultError);
    expect((error as SoapFaultError).fault).to.equal('AUTHENTICATION_FAILED');
    expect((error as SoapFaultError).side).to.equal('Client');
    expect((error as SoapFaultError).rspCode).to.equal('8001');
    return (error as Error).message;
  }
  throw new Error('expected an 8001 refusal');
}

describe('UsernameToken verification', () => {
  it("accepts a digest token HQ's signer made, and a PasswordText token", () => {
    const v = verifier();
    v.authenticate(blocks(digestToken()), HEAD);
    v.authenticate(blocks(textToken('gd-secret')), HEAD);
  });

  it('accepts a Created with an offset or fractional seconds, within the window', () => {
    verifier().authenticate(blocks(textToken('gd-secret', '2026-11-20T10:33:00.250+08:00')), HEAD);
  });

  it('mode off ignores even a bad token; verify lets a request without one pass; require does not', () => {
    verifier('off').authenticate(blocks(textToken('wrong')), HEAD);
    verifier('verify').authenticate(blocks(''), HEAD);
    expect(refusal(() => verifier('verify').authenticate(blocks(textToken('wrong')), HEAD))).to.contain('wrong password');
    expect(refusal(() => verifier('require').authenticate(blocks(''), HEAD))).to.contain('carries no wsse:Security UsernameToken');
  });

  it('refuses an unknown user and a wrong password alike', () => {
    const unknown = refusal(() => verifier().authenticate(blocks(digestToken({ username: 'BILL99' })), HEAD));
    const wrong = refusal(() => verifier().authenticate(blocks(digestToken({ password: 'guess' })), HEAD));
    expect(unknown).to.equal(wrong).and.to.contain('unknown user or wrong password');
    expect(refusal(() => verifier().authenticate(blocks(textToken('guess')), HEAD))).to.contain('unknown user or wrong password');
  });

  it("refuses a user speaking for another system than the head's MsgSender", () => {
    const message = refusal(() => verifier().authenticate(blocks(digestToken({ username: 'gd_billing', password: 'other' })), HEAD));
    expect(message).to.contain('gd_billing may not send as MsgSender BILL51');
  });

  it('refuses a replayed nonce, even across PasswordText and digest tokens', () => {
    const v = verifier();
    const nonce = Buffer.from('0123456789abcdef');
    const token = digestToken({ nonce });
    v.authenticate(blocks(token), HEAD);
    expect(refusal(() => v.authenticate(blocks(token), HEAD))).to.contain('nonce was already used');
    expect(refusal(() => v.authenticate(blocks(textToken('gd-secret', '2026-11-20T02:30:00Z', nonce.toString('base64'))), HEAD))).to.contain('nonce');
  });

  it('accepts the same nonce again once its token would be stale anyway', () => {
    let now = NOW;
    const v = verifier('require', () => now);
    v.authenticate(blocks(digestToken({ nonce: Buffer.from('n1'), at: now })), HEAD);
    now += 301_000;
    v.authenticate(blocks(digestToken({ nonce: Buffer.from('n1'), at: now })), HEAD);
  });

  it('refuses a Created outside the window, either way, and a token without one', () => {
    expect(refusal(() => verifier().authenticate(blocks(digestToken({ at: NOW - 301_000 })), HEAD))).to.contain('more than 300 s old');
    expect(refusal(() => verifier().authenticate(blocks(digestToken({ at: NOW + 301_000 })), HEAD))).to.contain('more than 300 s in the future');
    verifier().authenticate(blocks(digestToken({ at: NOW - 299_000 })), HEAD);
    expect(refusal(() => verifier().authenticate(blocks(textToken('gd-secret', '')), HEAD))).to.contain('no wsu:Created');
    expect(refusal(() => verifier().authenticate(blocks(textToken('gd-secret', '2026-11-20T02:30:00')), HEAD))).to.contain('time zone');
  });

  it('refuses a digest without a nonce', () => {
    const created = '2026-11-20T02:30:00Z';
    const xml =
      `<wsse:Security xmlns:wsse="${WSSE_NS}" xmlns:wsu="${WSU_NS}"><wsse:UsernameToken><wsse:Username>BILL51</wsse:Username>` +
      `<wsse:Password Type="${PASSWORD_DIGEST}">${passwordDigest('', created, 'gd-secret')}</wsse:Password><wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security>`;
    expect(refusal(() => verifier().authenticate(blocks(xml), HEAD))).to.contain('needs a wsse:Nonce');
  });
});
