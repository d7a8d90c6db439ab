/**
 * A collecting province as the simulator plays it: P→H requests built from the contract
 * (the head and body serialised in schema order, as a province's own stack would) and sent
 * to the running gateway over HTTP; the answer's RspCode and TransIDH read back.
 */
import { ContractCatalogue } from '../contract/catalogue';
import { serializeElement } from '../contract/serializer';
import { OperationName, RequestOf } from '../contract/typed-values';
import { cstTimestamp } from '../domain/cst-time';
import { provinceRequestHead } from '../domain/message-head';

export interface SimAnswer {
  rspCode: string;
  rspDesc?: string;
  transIdH?: string;
  xml: string;
}

export class SimulatedProvince {
  private sequence = 0;

  constructor(
    readonly code: string,
    private readonly gatewayUrl: string,
    private readonly contracts: ContractCatalogue,
    private readonly now: () => number,
  ) {}

  /** A TransIDO of this province: unique in the run (time, then a counter), within the 32 characters allowed. */
  nextTransIdO(): string {
    return `BILL${this.code}${cstTimestamp(this.now())}${String(++this.sequence).padStart(6, '0')}`;
  }

  async call<O extends OperationName>(
    interfaceNumber: string,
    operation: O,
    body: RequestOf<O>,
    route: { type: '00' | '01'; value: string },
    transIdO = this.nextTransIdO(),
  ): Promise<SimAnswer> {
    const contract = this.contracts.get(interfaceNumber);
    const op = contract.operations.get(operation)!;
    const head = provinceRequestHead(interfaceNumber, this.code, {
      route,
      procId: `SIM${transIdO}`.slice(0, 32),
      transIdO,
      processTime: cstTimestamp(this.now()),
    });
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:v="${contract.namespace}">` +
      `<soapenv:Header>${serializeElement(op.header, head, 'v')}</soapenv:Header><soapenv:Body>${serializeElement(op.request, body, 'v')}</soapenv:Body></soapenv:Envelope>`;
    const res = await fetch(`${this.gatewayUrl}/ucrm/${interfaceNumber}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${op.soapAction}"` },
      body: xml,
    });
    const text = await res.text();
    return { rspCode: tag(text, 'RspCode') ?? `HTTP${res.status}`, rspDesc: tag(text, 'RspDesc'), transIdH: tag(text, 'TransIDH'), xml: text };
  }
}

/** The text of the first element of that local name: all the simulator reads of an answer. */
function tag(xml: string, local: string): string | undefined {
  return new RegExp(`<(?:\\w+:)?${local}>([^<]*)</`).exec(xml)?.[1];
}
