/**
 * The docker-compose "cluster" profile cannot be run here (no container engine), so its
 * shape is checked instead: the YAML parses (PyYAML, anchors and merge keys resolved), three
 * replica-set members are initiated as one set, the two gateways hold id ranges that do not
 * overlap and talk to all three members with majority writes and primary reads, and the load
 * balancer's upstream names both gateways. The default services stay outside the profile.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { workerInstanceId } from '../../src/workers';

const ROOT = resolve(__dirname, '../../..');
const PYTHON = '/usr/bin/python3';

interface Service {
  profiles?: string[];
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
}

function compose(): { services: Record<string, Service> } {
  const script = 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))';
  return JSON.parse(execFileSync(PYTHON, ['-c', script, resolve(ROOT, 'docker-compose.yml')], { encoding: 'utf8' }));
}

describe('deploy: the docker-compose cluster profile', () => {
  let services: Record<string, Service>;

  before(function () {
    try {
      execFileSync(PYTHON, ['-c', 'import yaml']);
    } catch {
      if (process.env.CI === 'true') expect.fail('PyYAML (python3-yaml) is required under CI');
      console.warn('      !! SKIPPED compose check: python3-yaml not installed');
      this.skip();
    }
    services = compose().services;
  });

  const cluster = () => Object.entries(services).filter(([, s]) => s.profiles?.includes('cluster'));

  it('keeps the default services out of the profile and the cluster ones in it', () => {
    expect(services.mongo.profiles).to.equal(undefined);
    expect(services.gateway.profiles).to.equal(undefined);
    expect(cluster().map(([name]) => name)).to.have.members(['mongo1', 'mongo2', 'mongo3', 'mongo-init', 'provinces', 'gateway-a', 'gateway-b', 'lb']);
  });

  it('runs three replica-set members, each on a volume of its own, initiated as one set', () => {
    const members = ['mongo1', 'mongo2', 'mongo3'];
    for (const m of members) expect(services[m].command).to.deep.equal(['mongod', '--replSet', 'rs0', '--bind_ip_all']);
    expect(new Set(members.map((m) => services[m].volumes?.[0])).size).to.equal(3);
    const init = services['mongo-init'].command!.join(' ');
    expect(init).to.include("_id: 'rs0'");
    for (const m of members) expect(init).to.include(`host: '${m}:27017'`);
  });

  it('gives the two gateways id ranges that do not overlap, majority writes and primary reads on all three members', () => {
    const ids = (s: Service) => Array.from({ length: Number(s.environment!.WORKERS ?? 1) }, (_, k) => workerInstanceId(s.environment!.INSTANCE_ID, k));
    const [a, b] = [services['gateway-a'], services['gateway-b']];
    expect(ids(a).filter((id) => ids(b).includes(id))).to.deep.equal([]);
    for (const g of [a, b]) {
      const url = new URL(g.environment!.MONGODB_URI.replace(/^mongodb:\/\/[^/]+/, 'mongodb://hosts'));
      expect(g.environment!.MONGODB_URI).to.match(/^mongodb:\/\/mongo1:27017,mongo2:27017,mongo3:27017\//);
      expect(Object.fromEntries(url.searchParams)).to.deep.include({ replicaSet: 'rs0', w: 'majority', readPreference: 'primary' });
      expect(g.environment!.START_MOCKS).to.equal('false');
      expect(g.environment!.PROVINCE_URL_TEMPLATE).to.equal('http://provinces:8081/province/{code}');
    }
  });

  it('puts a load balancer in front whose upstream names both gateways, retrying only what no gateway read', () => {
    expect(services.lb.volumes).to.include('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
    const nginx = readFileSync(resolve(ROOT, 'deploy/nginx.conf'), 'utf8');
    const upstream = /upstream ucrm_gateways \{([^}]*)\}/.exec(nginx)?.[1] ?? '';
    expect([...upstream.matchAll(/server ([\w-]+):8080/g)].map((m) => m[1])).to.deep.equal(['gateway-a', 'gateway-b']);
    expect(nginx).to.match(/proxy_next_upstream error;/);
  });
});
