/**
 * Every WSDL, as served: node-soap builds a client from the served URL (so the relative
 * XSD includes must resolve over HTTP), each declares its operation, the UniBSSHead header
 * and the GatewayFault, and soap:address points where the WSDL was fetched from.
 */
import { expect } from 'chai';
import * as soap from 'soap';
import { contractsAndSegments, RunningSystem, startSystem } from '../support/system';

describe('WSDLs (served, loaded by node-soap)', () => {
  const { contracts } = contractsAndSegments();
  let system: RunningSystem;
  before(async () => {
    system = await startSystem();
  });
  after(() => system.close());

  it('has one WSDL for each of the sixteen interfaces', () => {
    expect(contracts.contracts.map((c) => c.number)).to.deep.equal([
      '4.2.1',
      '4.2.2',
      '5.2.1',
      '5.2.2',
      '6.2.1',
      '6.2.2',
      '7.2.1',
      '7.2.2',
      '7.2.3',
      '8.2.1',
      '9.2.1',
      '9.2.2',
      '9.2.3',
      '9.2.4',
      '10.2.1',
      '10.2.2',
    ]);
    expect(contracts.byDirection('P→H').map((c) => c.number)).to.deep.equal(['4.2.1', '5.2.1', '6.2.1', '7.2.1', '9.2.1', '9.2.3', '10.2.1']);
  });

  for (const contract of contractsAndSegments().contracts.contracts) {
    it(`${contract.number} ${contract.slug}: loads from its served URL with operation, header and fault`, async () => {
      const base = contract.direction === 'P→H' ? `${system.gatewayUrl}/ucrm` : `${system.mockUrl}/province/51`;
      const wsdlUrl = `${base}/${contract.number}?wsdl`;
      const client = await soap.createClientAsync(wsdlUrl);
      const description = client.describe() as Record<string, Record<string, Record<string, unknown>>>;
      const port = Object.values(Object.values(description)[0])[0];
      const [operation] = [...contract.operations.keys()];
      expect(Object.keys(port)).to.deep.equal([operation]);
      const wsdl = client.wsdl.definitions;
      const portType = Object.values(wsdl.portTypes)[0] as unknown as { methods: Record<string, { output: unknown }> };
      expect(portType.methods[operation]).to.exist;
      const binding = Object.values(wsdl.bindings)[0] as unknown as { methods: Record<string, { input: { $name?: string } }> };
      expect(binding.methods[operation]).to.exist;
      const text = await (await fetch(wsdlUrl)).text();
      expect(text).to.contain(`location="${base}/${contract.number}"`);
      // The head is a part of the operation's own messages (Java's generators map it to a parameter only then).
      expect(text).to.match(/<soap:header message="tns:\w+Request" part="head" use="literal"\/>/);
      expect(text).to.match(/<soap:body parts="body" use="literal"\/>/);
      expect(text).to.match(/<soap:fault name="GatewayFault" use="literal"\/>/);
    });
  }

  it('advertises the configured public URL instead of the Host when one is set', async () => {
    const other = await startSystem({ env: { PUBLIC_URL: 'https://ucrm.example.cn:8443' } });
    try {
      const text = await (await fetch(`${other.gatewayUrl}/ucrm/4.2.1?wsdl`)).text();
      expect(text).to.contain('location="https://ucrm.example.cn:8443/ucrm/4.2.1"');
    } finally {
      await other.close();
    }
  });

  it('serves the shared schemas beside each WSDL', async () => {
    const res = await fetch(`${system.gatewayUrl}/ucrm/common/vol10-header.xsd`);
    expect(res.status).to.equal(200);
    expect(await res.text()).to.contain('name="UniBSSHead"');
    expect((await fetch(`${system.gatewayUrl}/ucrm/common/nope.xsd`)).status).to.equal(404);
  });

  it('lists every served interface at GET /services, and is healthy', async () => {
    const services = (await (await fetch(`${system.gatewayUrl}/services`)).json()) as Array<Record<string, unknown>>;
    expect(services.map((s) => s.number)).to.deep.equal(['4.2.1', '5.2.1', '6.2.1', '7.2.1', '9.2.1', '9.2.3', '10.2.1']);
    expect(services[0]).to.include({ path: '/ucrm/4.2.1', implemented: true, wsdl: `${system.gatewayUrl}/ucrm/4.2.1?wsdl` });
    const mockServices = (await (await fetch(`${system.mockUrl}/services?province=51`)).json()) as unknown[];
    expect(mockServices).to.have.length(contracts.byDirection('H→P').length);
    expect((await fetch(`${system.gatewayUrl}/health`)).status).to.equal(200);
  });

  it('answers 404 for paths that serve nothing', async () => {
    const res = await fetch(`${system.gatewayUrl}/ucrm/9.9.9`, { method: 'POST', body: '<x/>' });
    expect(res.status).to.equal(404);
  });
});
