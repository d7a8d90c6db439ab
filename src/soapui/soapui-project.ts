/**
 * A SoapUI project (soapui-project.xml, namespace http://eviware.com/soapui/config) for all
 * sixteen interfaces, written from the WSDLs and the golden examples so it cannot drift from
 * the contract: per interface a WsdlInterface with the WSDL and its XSDs in the definition
 * cache (SoapUI opens it offline), its endpoint and a sample request per operation; a test
 * suite per flow (flows.ts); a mock service per H→P interface answering its golden response.
 *
 * Element order follows SoapUI's own schema (soapui.xsd), which SoapUI checks on load.
 * Assertion types are SoapUI's ids, not its labels, and two of them read backwards: the
 * assertion labelled "Not SOAP Fault" has the type id "SOAP Fault Assertion", and the one
 * labelled "SOAP Fault" has "Not SOAP Fault Assertion" (SoapUI's NotSoapFaultAssertion.ID and
 * SoapFaultAssertion.ID).
 */
import { createHash } from 'node:crypto';
import { ContractCatalogue } from '../contract/catalogue';
import { InterfaceContract, OperationContract } from '../contract/interface-contract';
import { WsdlPublisher } from '../transport/wsdl-publisher';
import { childrenNamed, parseDefinitionXml } from '../xml/xml-tree';
import { DEFAULT_FIXTURES_DIR, Flow, FLOWS, goldenCase, GoldenCase } from './flows';

export const SOAPUI_NS = 'http://eviware.com/soapui/config';
/** The type ids SoapUI stores for its assertions (see the header comment for the two that swap). */
export const ASSERTION = {
  SOAP_RESPONSE: 'SOAP Response',
  NOT_SOAP_FAULT: 'SOAP Fault Assertion',
  SOAP_FAULT: 'Not SOAP Fault Assertion',
  XPATH_MATCH: 'XPath Match',
} as const;

/**
 * Every test step sends X-Ucrm-Scope from the project property `scope` (default "default"): a
 * suite run with its own scope sees only its own scenarios and journal on a shared server.
 * SoapUI keeps a request's headers as an escaped XML fragment in this setting.
 */
export const SCOPE_PROPERTY = 'scope';
const SCOPE_HEADER_SETTING =
  '<con:setting id="com.eviware.soapui.impl.wsdl.WsdlRequest@request-headers">' +
  text(`<xml-fragment xmlns:con="${SOAPUI_NS}"><con:entry key="X-Ucrm-Scope" value="\${#Project#${SCOPE_PROPERTY}}"/></xml-fragment>`) +
  '</con:setting>';
const WSDL_TYPE = 'http://schemas.xmlsoap.org/wsdl/';
const XSD_TYPE = 'http://www.w3.org/2001/XMLSchema';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const INCLUDE = /<xs:(?:include|import)\s[^>]*schemaLocation="([^"]+)"/g;

export interface SoapuiProjectOptions {
  contracts: ContractCatalogue;
  /** Where the gateway is, e.g. http://127.0.0.1:8080 (the P→H endpoints). */
  gatewayUrl: string;
  /** A province's H→P base URL, e.g. http://127.0.0.1:8081/province/51. */
  provinceBaseUrl: string;
  fixturesDir?: string;
  name?: string;
  /** Port of the SoapUI mock services (SoapUI's own default 8088). */
  mockPort?: number;
}

export function buildSoapuiProject(opts: SoapuiProjectOptions): string {
  const fixturesDir = opts.fixturesDir ?? DEFAULT_FIXTURES_DIR;
  const publisher = new WsdlPublisher(opts.contracts.wsdlDir);
  const name = opts.name ?? 'UCRM Volume 10';
  const endpointOf = (c: InterfaceContract) => (c.direction === 'P→H' ? `${opts.gatewayUrl}/ucrm/${c.number}` : `${opts.provinceBaseUrl}/${c.number}`);
  const interfaces = opts.contracts.contracts.map((c) => interfaceXml(c, endpointOf(c), publisher, fixturesDir));
  const suites = FLOWS.map((flow) => testSuiteXml(flow, opts.contracts, endpointOf, fixturesDir));
  const mocks = opts.contracts.byDirection('H→P').map((c) => mockServiceXml(c, fixturesDir, opts.mockPort ?? 8088));
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<con:soapui-project id="${uuid(name)}" activeEnvironment="Default" name="${attr(name)}" resourceRoot="" soapui-version="5.7.2" abortOnError="false" runType="SEQUENTIAL" xmlns:con="${SOAPUI_NS}">\n` +
    `<con:settings/>\n${interfaces.join('')}${suites.join('')}${mocks.join('')}` +
    `<con:properties><con:property><con:name>${SCOPE_PROPERTY}</con:name><con:value>default</con:value></con:property></con:properties>\n<con:wssContainer/>\n<con:oAuth2ProfileContainer/>\n<con:oAuth1ProfileContainer/>\n<con:sensitiveInformation/>\n</con:soapui-project>\n`
  );
}

/** SoapUI names an interface after its binding; one binding per WSDL here. */
export function interfaceName(contract: InterfaceContract): string {
  return bindingOf(contract).name;
}

function bindingOf(contract: InterfaceContract): { name: string } {
  const defs = parseDefinitionXml(contract.wsdlText);
  const binding = childrenNamed(defs, WSDL_TYPE, 'binding')[0];
  return { name: binding.attrs.name };
}

function interfaceXml(contract: InterfaceContract, endpoint: string, publisher: WsdlPublisher, fixturesDir: string): string {
  const name = interfaceName(contract);
  const wsdlUrl = `${endpoint}?wsdl`;
  const operations = [...contract.operations.values()].map((op) => operationXml(contract, op, endpoint, fixturesDir)).join('');
  return (
    `<con:interface xsi:type="con:WsdlInterface" id="${uuid(`interface ${contract.number}`)}" wsaVersion="NONE" name="${attr(name)}" type="wsdl" ` +
    `bindingName="{${attr(contract.namespace)}}${attr(name)}" soapVersion="1_1" anonymous="optional" definition="${attr(wsdlUrl)}" xmlns:xsi="${XSI_NS}">\n` +
    `<con:settings/>\n<con:description>${text(`${contract.number} ${contract.title}`)}</con:description>\n` +
    `<con:definitionCache type="TEXT" rootPart="${attr(wsdlUrl)}">\n${definitionParts(contract, wsdlUrl, publisher)}</con:definitionCache>\n` +
    `<con:endpoints><con:endpoint>${text(endpoint)}</con:endpoint></con:endpoints>\n${operations}</con:interface>\n`
  );
}

/** The WSDL (its soap:address set to the endpoint) and every XSD it includes, by the URL each resolves to. */
function definitionParts(contract: InterfaceContract, wsdlUrl: string, publisher: WsdlPublisher): string {
  const wsdl = publisher.wsdlFor(contract, wsdlUrl.replace(/\?wsdl$/, ''));
  const parts = [part(wsdlUrl, wsdl, WSDL_TYPE)];
  const seen = new Set<string>();
  const follow = (content: string, base: string) => {
    for (const m of content.matchAll(INCLUDE)) {
      const url = new URL(m[1], base).toString();
      const file = m[1].split('/').pop()!;
      const schema = publisher.schema(file);
      if (seen.has(url) || schema === undefined) continue;
      seen.add(url);
      parts.push(part(url, schema, XSD_TYPE));
      follow(schema, url);
    }
  };
  follow(wsdl, wsdlUrl);
  return parts.join('');
}

function part(url: string, content: string, type: string): string {
  return `<con:part><con:url>${text(url)}</con:url><con:content>${cdata(content)}</con:content><con:type>${type}</con:type></con:part>\n`;
}

function operationXml(contract: InterfaceContract, op: OperationContract, endpoint: string, fixturesDir: string): string {
  const sample = sampleRequest(contract, op, fixturesDir);
  return (
    `<con:operation id="${uuid(`operation ${contract.number} ${op.name}`)}" isOneWay="false" action="${attr(op.soapAction)}" name="${attr(op.name)}" ` +
    `bindingOperationName="${attr(op.name)}" type="Request-Response" inputName="" receivesAttachments="false" sendsAttachments="false" anonymous="optional">\n` +
    `<con:settings/>\n<con:call id="${uuid(`call ${contract.number} ${op.name}`)}" name="Sample request">\n<con:settings/>\n` +
    `<con:encoding>UTF-8</con:encoding>\n<con:endpoint>${text(endpoint)}</con:endpoint>\n<con:request>${cdata(sample)}</con:request>\n` +
    `<con:credentials><con:authType>No Authorization</con:authType></con:credentials>\n` +
    `<con:jmsConfig JMSDeliveryMode="PERSISTENT"/>\n<con:jmsPropertyConfig/>\n<con:wsaConfig mustUnderstand="NONE" version="200508" action="${attr(op.soapAction)}"/>\n` +
    `<con:wsrmConfig version="1.2"/>\n</con:call>\n</con:operation>\n`
  );
}

/** The golden ok request whose body is this operation's request element. */
export function sampleRequest(contract: InterfaceContract, op: OperationContract, fixturesDir: string): string {
  const golden = goldenCase(fixturesDir, contract.number, 'ok');
  if (!golden) throw new Error(`no golden example test/fixtures/${contract.number}/ok.request.xml for ${op.name}`);
  if (!new RegExp(`<(?:[\\w-]+:)?${op.request.name}[\\s>]`).test(golden.request)) {
    throw new Error(`test/fixtures/${contract.number}/ok.request.xml is not a ${op.request.name}`);
  }
  return stripDeclaration(golden.request);
}

function testSuiteXml(flow: Flow, contracts: ContractCatalogue, endpointOf: (c: InterfaceContract) => string, fixturesDir: string): string {
  const steps = flow.steps.map((step, k) => {
    const contract = contracts.get(step.interfaceNumber);
    const op = [...contract.operations.values()][0];
    const golden = goldenCase(fixturesDir, step.interfaceNumber, step.fixture);
    if (!golden) throw new Error(`flow ${flow.name}: no golden case ${step.interfaceNumber}/${step.fixture}`);
    return testStepXml(`${flow.name} ${k}`, step.name, interfaceName(contract), op, endpointOf(contract), golden);
  });
  return (
    `<con:testSuite id="${uuid(`suite ${flow.name}`)}" name="${attr(flow.name)}">\n<con:settings/>\n<con:runType>SEQUENTIAL</con:runType>\n` +
    `<con:testCase id="${uuid(`case ${flow.name}`)}" failOnError="true" failTestCaseOnErrors="true" keepSession="false" maxResults="0" name="${attr(flow.name)}" searchProperties="true">\n` +
    `<con:settings/>\n${steps.join('')}<con:properties/>\n</con:testCase>\n<con:properties/>\n</con:testSuite>\n`
  );
}

function testStepXml(key: string, name: string, iface: string, op: OperationContract, endpoint: string, golden: GoldenCase): string {
  const faultAssertion = golden.isFault
    ? `<con:assertion type="${ASSERTION.SOAP_FAULT}" id="${uuid(`${key} fault`)}" name="SOAP Fault"/>\n`
    : `<con:assertion type="${ASSERTION.NOT_SOAP_FAULT}" id="${uuid(`${key} not fault`)}" name="Not SOAP Fault"/>\n`;
  return (
    `<con:testStep type="request" id="${uuid(`${key} step`)}" name="${attr(name)}">\n<con:settings/>\n` +
    `<con:config xsi:type="con:RequestStep" xmlns:xsi="${XSI_NS}">\n<con:interface>${text(iface)}</con:interface>\n<con:operation>${text(op.name)}</con:operation>\n` +
    `<con:request name="${attr(name)}" id="${uuid(`${key} request`)}">\n<con:settings>${SCOPE_HEADER_SETTING}</con:settings>\n<con:encoding>UTF-8</con:encoding>\n` +
    `<con:endpoint>${text(endpoint)}</con:endpoint>\n<con:request>${cdata(stripDeclaration(golden.request))}</con:request>\n` +
    `<con:assertion type="${ASSERTION.SOAP_RESPONSE}" id="${uuid(`${key} soap`)}" name="SOAP Response"/>\n${faultAssertion}` +
    `<con:assertion type="${ASSERTION.XPATH_MATCH}" id="${uuid(`${key} rsp`)}" name="RspCode ${attr(golden.rspCode)}">\n<con:configuration>` +
    `<path>${text(rspCodeXPath(op))}</path><content>${text(golden.rspCode)}</content><allowWildcards>false</allowWildcards>` +
    `<ignoreNamspaceDifferences>false</ignoreNamspaceDifferences><ignoreComments>false</ignoreComments></con:configuration>\n</con:assertion>\n` +
    `<con:credentials><con:authType>No Authorization</con:authType></con:credentials>\n<con:jmsConfig JMSDeliveryMode="PERSISTENT"/>\n` +
    `<con:jmsPropertyConfig/>\n<con:wsaConfig mustUnderstand="NONE" version="200508" action="${attr(op.soapAction)}"/>\n<con:wsrmConfig version="1.2"/>\n` +
    `</con:request>\n</con:config>\n</con:testStep>\n`
  );
}

/** The answer's RspCode, in the head or in a fault's GatewayFault: there is one of them per message. */
export function rspCodeXPath(op: OperationContract): string {
  return `declare namespace v='${op.header.ns}';\n//v:RspCode`;
}

function mockServiceXml(contract: InterfaceContract, fixturesDir: string, port: number): string {
  const iface = interfaceName(contract);
  const golden = goldenCase(fixturesDir, contract.number, 'ok');
  const operations = [...contract.operations.values()].map((op) => {
    const key = `mock ${contract.number} ${op.name}`;
    return (
      `<con:mockOperation name="${attr(op.name)}" id="${uuid(key)}" interface="${attr(iface)}" operation="${attr(op.name)}">\n<con:settings/>\n` +
      `<con:defaultResponse>Golden response</con:defaultResponse>\n<con:dispatchStyle>SEQUENCE</con:dispatchStyle>\n` +
      `<con:response name="Golden response" id="${uuid(`${key} response`)}" httpResponseStatus="200" encoding="UTF-8">\n<con:settings/>\n` +
      `<con:responseContent>${cdata(stripDeclaration(golden?.response ?? ''))}</con:responseContent>\n` +
      `<con:wsaConfig mustUnderstand="NONE" version="200508" action="${attr(op.soapAction)}"/>\n</con:response>\n<con:dispatchConfig/>\n</con:mockOperation>\n`
    );
  });
  return (
    `<con:mockService id="${uuid(`mock ${contract.number}`)}" port="${port}" path="/province/51/${contract.number}" host="localhost" ` +
    `name="${attr(`${contract.number} ${iface} MockService`)}" bindToHostOnly="false" docroot="">\n<con:settings/>\n<con:properties/>\n${operations.join('')}</con:mockService>\n`
  );
}

/** Stable ids, so the same contract gives the same project (and a diff shows what changed). */
function uuid(key: string): string {
  const h = createHash('sha1').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function stripDeclaration(xml: string): string {
  return xml.replace(/^\s*<\?xml[^>]*\?>\s*/, '').trimEnd();
}

function cdata(content: string): string {
  return `<![CDATA[${content.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;');
}
