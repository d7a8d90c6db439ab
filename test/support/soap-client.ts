/**
 * A real SOAP client for tests: node-soap, built from the WSDL the gateway serves, sending
 * the UniBSSHead as a SOAP header. Returns the response head and body as node-soap reads them.
 */
import * as soap from 'soap';
import { MessageHead } from '../../src/domain/message-head';

export interface SoapCallResult {
  head: Record<string, string>;
  body: Record<string, unknown>;
  rawResponse: string;
}

export async function soapClient(wsdlUrl: string): Promise<soap.Client> {
  return soap.createClientAsync(wsdlUrl);
}

export async function callWithHead(client: soap.Client, operation: string, head: MessageHead, body: Record<string, unknown>): Promise<SoapCallResult> {
  client.clearSoapHeaders();
  client.addSoapHeader({ UniBSSHead: head }, '', 'tns', 'http://ucrm.chinaunicom.cn/vol10');
  const [result, rawResponse, soapHeader] = await (
    client[`${operation}Async`] as (args: unknown) => Promise<[Record<string, unknown>, string, Record<string, unknown>]>
  )(body);
  return { head: (soapHeader?.UniBSSHead ?? {}) as Record<string, string>, body: result ?? {}, rawResponse };
}

/** The SOAP fault node-soap raised, with its RspCode detail, or rethrows anything else. */
export function faultOf(error: unknown): { faultcode: string; faultstring: string; rspCode?: string; status?: number } {
  const e = error as { root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } }; response?: { status?: number } };
  const fault = e.root?.Envelope?.Body?.Fault;
  if (!fault) throw error;
  const detail = fault.detail as { GatewayFault?: { RspCode?: string } } | undefined;
  return { faultcode: String(fault.faultcode), faultstring: String(fault.faultstring), rspCode: detail?.GatewayFault?.RspCode, status: e.response?.status };
}
