/**
 * A province's side of an upload to HQ (7.2.1, 9.2.1, 9.2.3, 10.2.1), for the simulator and
 * the tests that drive it: the request serialised with the contract, posted to the gateway,
 * and the answer's head code and body read back validated.
 */
import { ContractCatalogue } from '../contract/catalogue';
import { XmlRecord } from '../contract/schema-model';
import { serializeElement } from '../contract/serializer';
import { OperationName, RequestOf } from '../contract/typed-values';
import { validateRecord } from '../contract/validator';
import { cstTimestamp } from '../domain/cst-time';
import { MessageHead, provinceRequestHead } from '../domain/message-head';
import { billingSystemId } from '../domain/provinces';
import { openEnvelope } from '../transport/soap-envelope';
import { parseXml } from '../xml/xml-tree';

export interface UploadAnswer {
  rspCode: string;
  rspDesc?: string;
  body: XmlRecord;
}

let sequence = 0;

/** How a request is routed: by the sender's own province (uploads), or by a service number (4.2.1). */
export type UploadRoute = { type: '00' } | { type: '01'; serviceNumber: string };

/** A head as province `province` sends a request: RouteType 00 with its own code unless routed by number, a TransIDO of its own. */
export function uploadHead(interfaceNumber: string, province: string, at = Date.now(), route: UploadRoute = { type: '00' }): MessageHead {
  sequence = (sequence + 1) % 1_000_000;
  const stamp = cstTimestamp(at);
  const id = `${billingSystemId(province)}${stamp}${String(process.pid % 100).padStart(2, '0')}${String(sequence).padStart(6, '0')}`;
  return provinceRequestHead(interfaceNumber, province, {
    route: { type: route.type, value: route.type === '00' ? province : route.serviceNumber },
    procId: id,
    transIdO: id,
    processTime: stamp,
  });
}

export async function sendUpload<O extends OperationName>(
  gatewayUrl: string,
  contracts: ContractCatalogue,
  interfaceNumber: string,
  operationName: O,
  province: string,
  body: RequestOf<O>,
  route: UploadRoute = { type: '00' },
): Promise<UploadAnswer> {
  const contract = contracts.get(interfaceNumber);
  const operation = contract.operations.get(operationName);
  if (!operation) throw new Error(`interface ${interfaceNumber} has no operation ${operationName}`);
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:v="${contract.namespace}">` +
    `<soapenv:Header>${serializeElement(operation.header, uploadHead(interfaceNumber, province, Date.now(), route), 'v')}</soapenv:Header>` +
    `<soapenv:Body>${serializeElement(operation.request, body, 'v')}</soapenv:Body></soapenv:Envelope>`;
  const res = await fetch(`${gatewayUrl}/ucrm/${interfaceNumber}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${operation.soapAction}"` },
    body: xml,
  });
  const text = await res.text();
  const envelope = openEnvelope(parseXml(text));
  if (envelope.body.local === 'Fault') throw new Error(`HQ answered ${interfaceNumber} with a fault (HTTP ${res.status}): ${text.slice(0, 500)}`);
  const head = envelope.headerBlocks.find((b) => b.local === 'UniBSSHead');
  const field = (name: string) => head?.children.find((c) => c.local === name)?.text;
  return { rspCode: field('RspCode') ?? '', rspDesc: field('RspDesc'), body: validateRecord(envelope.body, operation.response) };
}
