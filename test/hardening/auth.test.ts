/**
 * WS-Security UsernameToken through the running system: node-soap clients with
 * soap.WSSecurity (PasswordDigest and PasswordText) calling 4.2.1, every rejection as a
 * soap:Client fault with 8001, the journal free of passwords, HQ signing its 4.2.2 calls to
 * provinces that check, and the three WSSE_MODEs.
 */
import { expect } from 'chai';
import * as soap from 'soap';
import { loadConfig } from '../../src/config';
import { serializeElement } from '../../src/contract/serializer';
import { XmlRecord } from '../../src/contract/schema-model';
import { MessageHead } from '../../src/domain/message-head';
import { createGateway } from '../../src/gateway';
import { createLogger } from '../../src/logging/logger';
import { ProvinceRegistry } from '../../src/provinces/province-registry';
import { usernameTokenHeader } from '../../src/wire/security/token-signer';
import { provinceHead } from '../support/heads';
import { callWithHead, faultOf, soapClient } from '../support/soap-client';
import { contractsAndSegments, RunningSystem, startSystem } from '../support/system';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const ACTION = 'http://ucrm.chinaunicom.cn/vol10/QueryRemoteAccount';

const CREDENTIALS = {
  '36': { password: 'zj-Secret-36' }, // signs in as BILL36
  '31': { username: 'sh_billing', password: 'sh-Secret-31' },
  '51': { password: 'gd-link-51' }, // HQ signs its 4.2.2 calls to Guangdong with this
  '17': { password: 'hq-thinks-17' }, // ... and to Shandong with a password Shandong does not share
};

type Security = { user: string; password: string; type?: 'PasswordDigest' | 'PasswordText'; mustUnderstand?: boolean };

describe('WS-Security UsernameToken (end to end)', function () {
  this.timeout(30000);

  describe('WSSE_MODE=require', () => {
    let system: RunningSystem;
    let client: soap.Client;

    before(async () => {
      system = await startSystem({
        env: { WSSE_MODE: 'require' },
        credentials: CREDENTIALS,
        mockWsse: { mode: 'require', passwords: { '51': 'gd-link-51', '17': 'province-thinks-17' } },
      });
      client = await soapClient(`${system.gatewayUrl}/ucrm/4.2.1?wsdl`);
    });
    after(() => system.close());

    const number = (province: string) =>
      system.mocks.books
        .get(province)!
        .list()
        .find((a) => a.userStatus === '0')!.serviceNumber;
    const headFrom = (sender: string, province = '51') => provinceHead('4.2.1', sender, { type: '01', value: number(province) });

    async function query(security: Security | undefined, head: MessageHead, province = '51') {
      const wsSecurity =
        security &&
        new soap.WSSecurity(security.user, security.password, { passwordType: security.type ?? 'PasswordDigest', mustUnderstand: security.mustUnderstand });
      client.setSecurity(wsSecurity as soap.ISecurity); // undefined: node-soap then sends no Security header
      return callWithHead(client, 'QueryRemoteAccount', head, { ServiceNumber: number(province), CollectProvince: head.MsgSender.slice(4) });
    }

    async function refusedWith(run: () => Promise<unknown>, words: string) {
      try {
        await run();
      } catch (error) {
        const fault = faultOf(error);
        expect(fault.faultcode).to.match(/:Client$/);
        expect(fault.rspCode).to.equal('8001');
        expect(fault.status).to.equal(500);
        expect(fault.faultstring).to.contain('authentication failed').and.contain(words);
        return fault;
      }
      expect.fail('expected an 8001 fault');
    }

    const inbound = (head: MessageHead) => system.records.find((r) => r.direction === 'inbound' && r.requestHead?.TransIDO === head.TransIDO)!;

    it('answers a PasswordDigest caller (node-soap WSSecurity) with 0000', async () => {
      const { head } = await query({ user: 'BILL36', password: 'zj-Secret-36' }, headFrom('36'));
      expect(head.RspCode).to.equal('0000');
    });

    it('answers a PasswordText caller with 0000, and a configured username as well', async () => {
      expect((await query({ user: 'BILL36', password: 'zj-Secret-36', type: 'PasswordText' }, headFrom('36'))).head.RspCode).to.equal('0000');
      expect((await query({ user: 'sh_billing', password: 'sh-Secret-31' }, headFrom('31'))).head.RspCode).to.equal('0000');
    });

    it('understands wsse:Security marked mustUnderstand="1"', async () => {
      const { head } = await query({ user: 'BILL36', password: 'zj-Secret-36', mustUnderstand: true }, headFrom('36'));
      expect(head.RspCode).to.equal('0000');
      expect(client.lastRequest).to.contain('mustUnderstand="1"');
    });

    it('refuses a request without a token', async () => {
      await refusedWith(() => query(undefined, headFrom('36')), 'no wsse:Security UsernameToken');
    });

    it('refuses an unknown user', async () => {
      await refusedWith(() => query({ user: 'BILL99', password: 'zj-Secret-36' }, headFrom('36')), 'unknown user or wrong password');
    });

    it('refuses a wrong password, as a digest and in clear', async () => {
      await refusedWith(() => query({ user: 'BILL36', password: 'guess' }, headFrom('36')), 'unknown user or wrong password');
      await refusedWith(() => query({ user: 'BILL36', password: 'guess', type: 'PasswordText' }, headFrom('36')), 'unknown user or wrong password');
    });

    it('refuses a user whose system is not the MsgSender', async () => {
      await refusedWith(() => query({ user: 'BILL36', password: 'zj-Secret-36' }, headFrom('34')), 'BILL36 may not send as MsgSender BILL34');
    });

    it('refuses a replayed request (same nonce)', async () => {
      const { head } = await query({ user: 'BILL36', password: 'zj-Secret-36' }, headFrom('36'));
      expect(head.RspCode).to.equal('0000');
      const replay = await post(system, client.lastRequest!);
      expect(replay.status).to.equal(500);
      expect(replay.text).to.contain(':Client</faultcode>').and.contain('<v:RspCode>8001</v:RspCode>').and.contain('nonce was already used');
    });

    it('refuses a Created older or newer than the window (300 s)', async () => {
      for (const [offsetMs, words] of [
        [-600_000, 'old'],
        [600_000, 'in the future'],
      ] as const) {
        const token = usernameTokenHeader({ username: 'BILL36', password: 'zj-Secret-36' }, { envelopePrefix: 's', now: Date.now() + offsetMs });
        const answer = await post(system, rawQuery(headFrom('36'), number('51'), token));
        expect(answer.status).to.equal(500);
        expect(answer.text).to.contain('<v:RspCode>8001</v:RspCode>').and.contain(`s ${words}`);
      }
    });

    it('journals refusals and successes without the password or nonce', async () => {
      const refused = headFrom('36');
      await refusedWith(() => query({ user: 'BILL36', password: 'zj-Secret-36-typo', type: 'PasswordText' }, refused), 'wrong password');
      const accepted = headFrom('36');
      await query({ user: 'BILL36', password: 'zj-Secret-36', type: 'PasswordText' }, accepted);
      const [refusal, success] = [inbound(refused), inbound(accepted)];
      expect(refusal.rspCode).to.equal('8001');
      expect(refusal.fault!.name).to.equal('AUTHENTICATION_FAILED');
      expect(success.rspCode).to.equal('0000');
      await system.gateway.journal.flush();
      for (const head of [refused, accepted]) {
        const [entry] = await system.gateway.store.journal.find({ transIdO: head.TransIDO, interfaceNumber: '4.2.1' }, { limit: 1 });
        for (const xml of [inbound(head).requestXml, entry.requestXml]) {
          expect(xml).to.contain('<wsse:Username>BILL36</wsse:Username>');
          expect(xml).not.to.contain('zj-Secret-36');
          expect(xml).to.match(/<wsse:Password [^>]*>\*\*\*<\/wsse:Password>/);
        }
      }
    });

    it("signs HQ's 4.2.2 call to a province that checks it, and keeps the digest out of the journal", async () => {
      const head = headFrom('36', '51');
      expect((await query({ user: 'BILL36', password: 'zj-Secret-36' }, head)).head.RspCode).to.equal('0000');
      const outbound = system.records.find((r) => r.direction === 'outbound' && r.requestHead?.ProcID === head.ProcID)!;
      expect(outbound.rspCode).to.equal('0000');
      expect(outbound.requestXml).to.contain('<wsse:Username>UCRM</wsse:Username>').and.contain('#PasswordDigest">***</wsse:Password>');
      expect(outbound.requestXml).not.to.contain('gd-link-51');
    });

    it("answers 3001 when a province refuses HQ's token (passwords differ)", async () => {
      const head = headFrom('36', '17');
      const { head: rsp } = await query({ user: 'BILL36', password: 'zj-Secret-36' }, head, '17');
      expect(rsp.RspCode).to.equal('3001');
      const outbound = system.records.find((r) => r.direction === 'outbound' && r.requestHead?.ProcID === head.ProcID)!;
      expect(outbound.fault!.reason).to.contain('authentication failed');
    });
  });

  describe('WSSE_MODE=verify and off', () => {
    let verify: RunningSystem;
    let off: RunningSystem;

    before(async () => {
      verify = await startSystem({ env: { WSSE_MODE: 'verify' }, credentials: CREDENTIALS });
      off = await startSystem({ credentials: CREDENTIALS });
    });
    after(async () => {
      await verify.close();
      await off.close();
    });

    const query = async (system: RunningSystem, token: string) => {
      const account = system.mocks.books.get('51')!.list()[0];
      return post(system, rawQuery(provinceHead('4.2.1', '36', { type: '01', value: account.serviceNumber }), account.serviceNumber, token));
    };
    const goodToken = () => usernameTokenHeader({ username: 'BILL36', password: 'zj-Secret-36' }, { envelopePrefix: 's' });
    const badToken = () => usernameTokenHeader({ username: 'BILL36', password: 'wrong' }, { envelopePrefix: 's' });

    it('verify: checks a token that is present, lets a request without one pass', async () => {
      expect((await query(verify, goodToken())).text).to.contain('<v:RspCode>0000</v:RspCode>');
      expect((await query(verify, '')).text).to.contain('<v:RspCode>0000</v:RspCode>');
      const bad = await query(verify, badToken());
      expect(bad.status).to.equal(500);
      expect(bad.text).to.contain('<v:RspCode>8001</v:RspCode>');
    });

    it('off (the default): ignores the token, though marked mustUnderstand, and still journals it redacted', async () => {
      const answer = await query(off, badToken());
      expect(answer.status).to.equal(200);
      expect(answer.text).to.contain('<v:RspCode>0000</v:RspCode>');
      const record = off.records.filter((r) => r.direction === 'inbound').pop()!;
      expect(record.requestXml).to.contain('#PasswordDigest">***</wsse:Password>');
    });

    it('refuses to start verify or require with no credentials at all', () => {
      const { contracts, segments } = contractsAndSegments();
      const config = loadConfig({ WSSE_MODE: 'verify', LOG_LEVEL: 'silent' });
      const registry = ProvinceRegistry.fromTemplate('http://127.0.0.1:9/province/{code}', 1000);
      expect(() => createGateway(config, createLogger('silent'), { contracts, segments, registry })).to.throw(
        'WSSE_MODE=verify but no province has a password',
      );
    });

    it('names a WSSE_MODE it does not know', () => {
      expect(() => loadConfig({ WSSE_MODE: 'strict' })).to.throw('WSSE_MODE="strict" must be off, verify');
      expect(() => loadConfig({ WSSE_WINDOW_SECONDS: '0' })).to.throw('WSSE_WINDOW_SECONDS="0" must be a whole number from 1 to 86400');
    });
  });
});

/** A 4.2.1 request in SOAP 1.1 with whatever Security header the test wrote. */
function rawQuery(head: MessageHead, serviceNumber: string, securityXml: string): string {
  const operation = contractsAndSegments().contracts.get('4.2.1').operations.get('QueryRemoteAccount')!;
  return (
    `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${SOAP11}" xmlns:v="http://ucrm.chinaunicom.cn/vol10"><s:Header>${securityXml}` +
    `${serializeElement(operation.header, head as unknown as XmlRecord, 'v')}</s:Header><s:Body>` +
    `${serializeElement(operation.request, { ServiceNumber: serviceNumber, CollectProvince: head.MsgSender.slice(4) }, 'v')}</s:Body></s:Envelope>`
  );
}

async function post(system: RunningSystem, xml: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${system.gatewayUrl}/ucrm/4.2.1`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${ACTION}"` },
    body: xml,
  });
  return { status: res.status, text: await res.text() };
}
