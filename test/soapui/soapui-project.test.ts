/**
 * The SoapUI project the gateway serves (GET /soapui-project.xml): its structure in SoapUI's
 * schema order and namespace, every sample request valid against its interface's schema (the
 * project's own validator), and each test suite's requests, sent to the running product, getting
 * the RspCode and fault-ness its assertions name.
 */
import { expect } from 'chai';
import { request } from 'undici';
import { InterfaceContract } from '../../src/contract/interface-contract';
import { validateElement } from '../../src/contract/validator';
import { ASSERTION, buildSoapuiProject, interfaceName, SCOPE_PROPERTY, SOAPUI_NS } from '../../src/soapui/soapui-project';
import { FLOWS } from '../../src/soapui/flows';
import { openEnvelope } from '../../src/transport/soap-envelope';
import { parseDefinitionXml, parseXml, XmlElement } from '../../src/xml/xml-tree';
import { contractsAndSegments, RunningSystem, startSystem } from '../support/system';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const kids = (el: XmlElement, local: string) => el.children.filter((c) => c.ns === SOAPUI_NS && c.local === local);
const one = (el: XmlElement, local: string) => {
  const found = kids(el, local);
  expect(found, `${el.local} has one ${local}`).to.have.length(1);
  return found[0];
};

/** Element names in document order with runs folded: [a, b, b, c] → [a, b, c]. */
function order(el: XmlElement): string[] {
  return el.children.map((c) => c.local).filter((name, k, all) => k === 0 || all[k - 1] !== name);
}

function checkRequest(contract: InterfaceContract, xml: string): void {
  const env = openEnvelope(parseXml(xml));
  const op = contract.operationByRequest.get(`{${env.body.ns}}${env.body.local}`);
  expect(op, `${contract.number}: ${env.body.local} is an operation's request`).to.exist;
  const head = env.headerBlocks.find((b) => b.local === 'UniBSSHead');
  expect(head, 'UniBSSHead').to.exist;
  validateElement(head!, op!.header);
  validateElement(env.body, op!.request);
}

function findFirst(el: XmlElement, local: string): XmlElement | undefined {
  if (el.local === local) return el;
  for (const c of el.children) {
    const found = findFirst(c, local);
    if (found) return found;
  }
  return undefined;
}

describe('SoapUI project (GET /soapui-project.xml)', () => {
  const { contracts } = contractsAndSegments();
  const GOLDEN_NIGHT = Date.parse('2025-11-21T02:00:00+08:00');
  let system: RunningSystem;
  let project: XmlElement;
  let served: string;

  before(async () => {
    // The samples are the golden examples, of one day (2025-11-20, CST): the clock stands at the
    // next night, when that check date is closed and within the upload window.
    system = await startSystem({ now: () => GOLDEN_NIGHT });
    const res = await request(`${system.gatewayUrl}/soapui-project.xml`);
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.match(/xml/);
    served = await res.body.text();
    project = parseDefinitionXml(served);
  });

  after(() => system?.close());

  it('is a soapui-project in the eviware namespace, its children in the schema order', () => {
    expect(project.ns).to.equal(SOAPUI_NS);
    expect(project.local).to.equal('soapui-project');
    expect(order(project)).to.deep.equal([
      'settings',
      'interface',
      'testSuite',
      'mockService',
      'properties',
      'wssContainer',
      'oAuth2ProfileContainer',
      'oAuth1ProfileContainer',
      'sensitiveInformation',
    ]);
  });

  it('has a project property `scope` that every test step sends as X-Ucrm-Scope', () => {
    const property = one(one(project, 'properties'), 'property');
    expect([one(property, 'name').text, one(property, 'value').text]).to.deep.equal([SCOPE_PROPERTY, 'default']);
    for (const suite of kids(project, 'testSuite')) {
      for (const step of kids(one(suite, 'testCase'), 'testStep')) {
        const setting = one(one(one(one(step, 'config'), 'request'), 'settings'), 'setting');
        expect(setting.attrs.id).to.equal('com.eviware.soapui.impl.wsdl.WsdlRequest@request-headers');
        const fragment = parseXml(setting.text);
        expect(fragment.children.map((e) => [e.ns, e.local, e.attrs.key, e.attrs.value])).to.deep.equal([
          [SOAPUI_NS, 'entry', 'X-Ucrm-Scope', '${#Project#scope}'],
        ]);
      }
    }
  });

  it('has a WsdlInterface per interface, its WSDL and XSDs in the definition cache, endpoints where they are served', async () => {
    const interfaces = kids(project, 'interface');
    expect(interfaces.map((i) => i.attrs.name)).to.deep.equal(contracts.contracts.map(interfaceName));
    for (const [k, iface] of interfaces.entries()) {
      const contract = contracts.contracts[k];
      expect(iface.attrs['xsi:type']).to.equal('con:WsdlInterface');
      expect(iface.attrs.bindingName).to.equal(`{${contract.namespace}}${interfaceName(contract)}`);
      expect(order(iface)).to.deep.equal(['settings', 'description', 'definitionCache', 'endpoints', 'operation']);
      const endpoint = one(one(iface, 'endpoints'), 'endpoint').text;
      const expected = contract.direction === 'P→H' ? `${system.gatewayUrl}/ucrm/${contract.number}` : `${system.mockUrl}/province/51/${contract.number}`;
      expect(endpoint).to.equal(expected);
      const cache = one(iface, 'definitionCache');
      expect(cache.attrs.rootPart).to.equal(`${endpoint}?wsdl`);
      const parts = kids(cache, 'part').map((p) => ({ url: one(p, 'url').text, content: one(p, 'content').text, type: one(p, 'type').text }));
      expect(parts.map((p) => p.type)).to.deep.equal([
        'http://schemas.xmlsoap.org/wsdl/',
        'http://www.w3.org/2001/XMLSchema',
        'http://www.w3.org/2001/XMLSchema',
      ]);
      // Each part is what its URL serves: SoapUI may refresh the cache from it.
      for (const p of parts) expect((await (await request(p.url)).body.text()).trim(), p.url).to.equal(p.content);
      expect(kids(iface, 'operation').map((o) => o.attrs.name)).to.deep.equal([...contract.operations.keys()]);
    }
  });

  it('has a sample request per operation, each valid against its interface schema', () => {
    for (const [k, iface] of kids(project, 'interface').entries()) {
      for (const operation of kids(iface, 'operation')) {
        const call = one(operation, 'call');
        expect(order(call).slice(0, 4)).to.deep.equal(['settings', 'encoding', 'endpoint', 'request']);
        checkRequest(contracts.contracts[k], one(call, 'request').text);
      }
    }
  });

  it('has a test suite per flow whose steps carry SoapUI assertion type ids (Not SOAP Fault = "SOAP Fault Assertion")', () => {
    const suites = kids(project, 'testSuite');
    expect(suites.map((s) => s.attrs.name)).to.deep.equal(FLOWS.map((f) => f.name));
    let faults = 0;
    for (const suite of suites) {
      const steps = kids(one(suite, 'testCase'), 'testStep');
      expect(steps.length).to.be.greaterThan(0);
      for (const step of steps) {
        const config = one(step, 'config');
        const req = one(config, 'request');
        const contract = contracts.contracts.find((c) => interfaceName(c) === one(config, 'interface').text)!;
        const assertions = kids(req, 'assertion');
        const byName = new Map(assertions.map((a) => [a.attrs.name, a.attrs.type]));
        // A step that expects a fault sends a deliberately invalid golden request (invalid-*).
        if (!byName.has('SOAP Fault')) checkRequest(contract, one(req, 'request').text);
        expect(byName.get('SOAP Response')).to.equal('SOAP Response');
        if (byName.has('SOAP Fault')) {
          faults++;
          expect(byName.get('SOAP Fault')).to.equal('Not SOAP Fault Assertion');
        } else {
          expect(byName.get('Not SOAP Fault')).to.equal('SOAP Fault Assertion');
        }
        const xpath = assertions.find((a) => a.attrs.type === ASSERTION.XPATH_MATCH)!;
        const configuration = one(xpath, 'configuration');
        expect(configuration.children.map((c) => c.local)).to.deep.equal(['path', 'content', 'allowWildcards', 'ignoreNamspaceDifferences', 'ignoreComments']);
        expect(configuration.children[1].text).to.match(/^\d{4}$/);
      }
    }
    expect(faults, 'the suites include an expected fault').to.be.greaterThan(0);
  });

  it('has a mock service per H→P interface answering its golden response', () => {
    const mocks = kids(project, 'mockService');
    const hToP = contracts.byDirection('H→P');
    expect(mocks.map((m) => m.attrs.path)).to.deep.equal(hToP.map((c) => `/province/51/${c.number}`));
    for (const [k, mock] of mocks.entries()) {
      const op = one(mock, 'mockOperation');
      expect(op.attrs.interface).to.equal(interfaceName(hToP[k]));
      const response = one(op, 'response');
      expect(one(op, 'defaultResponse').text).to.equal(response.attrs.name);
      const env = openEnvelope(parseXml(one(response, 'responseContent').text));
      validateElement(env.body, [...hToP[k].operations.values()][0].response);
    }
  });

  it('is the same document offline (the CLI export) as served, for the same endpoints', () => {
    const offline = buildSoapuiProject({ contracts, gatewayUrl: system.gatewayUrl, provinceBaseUrl: `${system.mockUrl}/province/51` });
    expect(offline).to.equal(served);
  });

  it('refuses a province the registry does not know', async () => {
    const res = await request(`${system.gatewayUrl}/soapui-project.xml?province=00`);
    expect(res.statusCode).to.equal(400);
    expect(((await res.body.json()) as { field: string }).field).to.equal('province');
  });

  for (const flow of FLOWS) {
    it(`suite "${flow.name}": each request sent to the product gets the asserted RspCode and fault-ness`, async () => {
      const suite = kids(project, 'testSuite').find((s) => s.attrs.name === flow.name)!;
      // The run as SoapUI makes it with the project property scope set to one scope for the whole
      // project: the gateway's payments are not scoped, the mock provinces' books are, so a
      // reversal must meet its payment's home-province ledger in the same scope.
      const scope = 'soapui-run';
      const journaled = async () => {
        await system.gateway.journal.flush();
        const journal = await request(`${system.gatewayUrl}/admin/journal?scope=${scope}&direction=inbound&limit=1000`);
        return ((await journal.body.json()) as { entries: Array<{ interface: string }> }).entries.filter(
          (e) => e.interface === '' || contracts.get(e.interface).direction === 'P→H',
        ).length;
      };
      const before = await journaled();
      const steps = kids(one(suite, 'testCase'), 'testStep');
      for (const step of steps) {
        const req = one(one(step, 'config'), 'request');
        const assertions = kids(req, 'assertion');
        const expectsFault = assertions.some((a) => a.attrs.type === ASSERTION.SOAP_FAULT);
        const expectedCode = one(
          assertions.find((a) => a.attrs.type === ASSERTION.XPATH_MATCH)!,
          'configuration',
        ).children[1].text;
        const contract = contracts.contracts.find((c) => interfaceName(c) === one(one(step, 'config'), 'interface').text)!;
        const operation = contract.operations.get(one(one(step, 'config'), 'operation').text)!;
        const res = await request(one(req, 'endpoint').text, {
          method: 'POST',
          headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${operation.soapAction}"`, 'x-ucrm-scope': scope },
          body: one(req, 'request').text,
        });
        const answer = parseXml(await res.body.text());
        const body = answer.children.find((c) => c.ns === SOAP11 && c.local === 'Body')!;
        const isFault = body.children[0]?.local === 'Fault';
        expect(isFault, `${step.attrs.name}: fault`).to.equal(expectsFault);
        expect(findFirst(answer, 'RspCode')?.text, `${step.attrs.name}: RspCode`).to.equal(expectedCode);
      }
      expect((await journaled()) - before, 'the steps journaled in their scope').to.equal(steps.length);
    });
  }
});
