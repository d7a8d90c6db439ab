/**
 * SOAP 1.1 and 1.2 envelopes: taking a request apart and writing responses and faults.
 * The version is decided by the request's envelope namespace and answered in kind.
 */
import { escapeXml, XmlElement } from '../xml/xml-tree';
import { SoapFaultError, FaultSide } from '../contract/faults';

export interface SoapVersion {
  id: '1.1' | '1.2';
  ns: string;
  contentType: string;
}

export const SOAP11: SoapVersion = { id: '1.1', ns: 'http://schemas.xmlsoap.org/soap/envelope/', contentType: 'text/xml' };
export const SOAP12: SoapVersion = { id: '1.2', ns: 'http://www.w3.org/2003/05/soap-envelope', contentType: 'application/soap+xml' };

export interface RequestEnvelope {
  version: SoapVersion;
  headerBlocks: XmlElement[];
  body: XmlElement; // the single child of soap:Body (document/literal)
}

export function openEnvelope(root: XmlElement): RequestEnvelope {
  const version = root.ns === SOAP11.ns ? SOAP11 : root.ns === SOAP12.ns ? SOAP12 : undefined;
  if (root.local !== 'Envelope') throw new SoapFaultError('NOT_AN_ENVELOPE', `root element is ${root.local}, not a SOAP Envelope`);
  if (!version) throw new SoapFaultError('VERSION_MISMATCH', `unknown SOAP envelope namespace "${root.ns}"`);
  const parts = root.children;
  let i = 0;
  let headerBlocks: XmlElement[] = [];
  if (parts[i] && parts[i].ns === version.ns && parts[i].local === 'Header') headerBlocks = parts[i++].children;
  const body = parts[i];
  if (!body || body.ns !== version.ns || body.local !== 'Body' || i + 1 !== parts.length) {
    throw new SoapFaultError('NOT_AN_ENVELOPE', 'the Envelope must hold an optional Header and then a Body, nothing else');
  }
  if (body.children.length !== 1) {
    throw new SoapFaultError('NOT_AN_ENVELOPE', `the Body must hold exactly one element, found ${body.children.length}`);
  }
  return { version, headerBlocks, body: body.children[0] };
}

/** True when a header block demands to be understood (mustUnderstand="1"/"true"). */
export function mustUnderstand(block: XmlElement, version: SoapVersion): boolean {
  for (const name in block.attrs) {
    const colon = name.indexOf(':');
    if (colon > 0 && name.slice(colon + 1) === 'mustUnderstand' && block.nsScope.lookup(name.slice(0, colon)) === version.ns) {
      const v = block.attrs[name];
      return v === '1' || v === 'true';
    }
  }
  return false;
}

const PREFIX = 'v'; // the prefix every answer uses for the contract's namespace

/** `encoding` is the charset the answer will be sent in: the XML declaration names it. */
export function writeEnvelope(version: SoapVersion, contractNs: string, headerXml: string, bodyXml: string, encoding = 'UTF-8'): string {
  return (
    `<?xml version="1.0" encoding="${encoding}"?><soapenv:Envelope xmlns:soapenv="${version.ns}" xmlns:${PREFIX}="${contractNs}">` +
    `<soapenv:Header>${headerXml}</soapenv:Header><soapenv:Body>${bodyXml}</soapenv:Body></soapenv:Envelope>`
  );
}

export const CONTRACT_PREFIX = PREFIX;

const SOAP12_CODES: Record<FaultSide, string> = {
  Client: 'Sender',
  Server: 'Receiver',
  VersionMismatch: 'VersionMismatch',
  MustUnderstand: 'MustUnderstand',
};

export function writeFault(version: SoapVersion, contractNs: string, side: FaultSide, reason: string, detailXml: string, encoding = 'UTF-8'): string {
  const text = escapeXml(reason);
  const fault =
    version.id === '1.1'
      ? `<soapenv:Fault><faultcode>soapenv:${side}</faultcode><faultstring>${text}</faultstring><detail>${detailXml}</detail></soapenv:Fault>`
      : `<soapenv:Fault><soapenv:Code><soapenv:Value>soapenv:${SOAP12_CODES[side]}</soapenv:Value></soapenv:Code>` +
        `<soapenv:Reason><soapenv:Text xml:lang="en">${text}</soapenv:Text></soapenv:Reason><soapenv:Detail>${detailXml}</soapenv:Detail></soapenv:Fault>`;
  return (
    `<?xml version="1.0" encoding="${encoding}"?><soapenv:Envelope xmlns:soapenv="${version.ns}" xmlns:${PREFIX}="${contractNs}">` +
    `<soapenv:Body>${fault}</soapenv:Body></soapenv:Envelope>`
  );
}
