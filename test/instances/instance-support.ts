/**
 * Two or more real gateway processes on one MongoDB, talking to mock provinces run by the
 * test itself (so it can slow a province down and look at its books): raw SOAP requests, so
 * that a test can send the very same bytes to several instances.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'node:http';
import { XmlRecord } from '../../src/contract/schema-model';
import { serializeElement } from '../../src/contract/serializer';
import { PROVINCE_CODES } from '../../src/domain/provinces';
import { MessageHead } from '../../src/domain/message-head';
import { createMockProvinces, MockProvinces } from '../../mocks/province-billing/server';
import { Child, startGatewayProcess } from '../support/gateway-process';
import { close, contractsAndSegments, listen } from '../support/system';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const NS = 'http://ucrm.chinaunicom.cn/vol10';

export interface Provinces {
  mocks: MockProvinces;
  url: string;
  server: Server;
}

export async function startProvinces(): Promise<Provinces> {
  const { contracts, segments } = contractsAndSegments();
  const mocks = createMockProvinces({ contracts, segments });
  const { server, url } = await listen(mocks.app);
  return { mocks, url, server };
}

export const stopProvinces = (p: Provinces): Promise<void> => close(p.server);

/** A PROVINCES_FILE pointing every province at the mocks, each with a password (BILL<code> signs in with it). */
export function provincesFile(p: Provinces, password: (code: string) => string): string {
  const path = join(tmpdir(), `ucrm-provinces-${process.pid}-${Date.now()}.json`);
  writeFileSync(path, JSON.stringify(PROVINCE_CODES.map((code) => ({ code, baseUrl: `${p.url}/province/${code}`, password: password(code) }))));
  return path;
}

export async function startInstance(dbUri: string, instanceId: string, p: Provinces, env: Record<string, string> = {}): Promise<Child> {
  return startGatewayProcess({
    MONGODB_URI: dbUri,
    INSTANCE_ID: instanceId,
    PROVINCE_URL_TEMPLATE: `${p.url}/province/{code}`,
    PROVINCE_TIMEOUT_MS: '3000',
    ...env,
  });
}

/** A request envelope of `interfaceNumber`'s `operation`, its header blocks `securityXml` first. */
export function envelope(interfaceNumber: string, operation: string, head: MessageHead, body: XmlRecord, securityXml = ''): string {
  const op = contractsAndSegments().contracts.get(interfaceNumber).operations.get(operation)!;
  return (
    `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${SOAP11}" xmlns:v="${NS}"><s:Header>${securityXml}` +
    `${serializeElement(op.header, head as unknown as XmlRecord, 'v')}</s:Header><s:Body>${serializeElement(op.request, body, 'v')}</s:Body></s:Envelope>`
  );
}

export interface Answer {
  status: number;
  rspCode?: string;
  transIdH?: string;
  /** The answer's body element, as sent. */
  body: string;
  text: string;
}

export async function post(url: string, interfaceNumber: string, operation: string, xml: string): Promise<Answer> {
  const res = await fetch(`${url}/ucrm/${interfaceNumber}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${NS}/${operation}"` },
    body: xml,
  });
  const text = await res.text();
  return {
    status: res.status,
    rspCode: /<[\w]+:RspCode>([^<]*)</.exec(text)?.[1],
    transIdH: /<[\w]+:TransIDH>([^<]*)</.exec(text)?.[1],
    body: /<[\w]+:Body>([\s\S]*)<\/[\w]+:Body>/.exec(text)?.[1] ?? '',
    text,
  };
}

/** An active account of `province` with a balance, each call another. */
export function accounts(p: Provinces): (province: string) => string {
  let next = 0;
  return (province) => {
    const active = p.mocks.books
      .get(province)!
      .list()
      .filter((a) => a.userStatus === '0' && a.serviceNumber.startsWith('1'));
    return active[next++ % active.length].serviceNumber;
  };
}
