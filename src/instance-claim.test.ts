import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { InstanceClaim, instanceLeaseName } from './instance-claim';
import { createMemoryStore } from './store/memory/memory-store';
import { LeaseRepository } from './store/ports';
import { StartError } from './transport/ports';

describe('instance claim: one live gateway per INSTANCE_ID', () => {
  let leases: LeaseRepository;
  let clock: number;
  const claims: InstanceClaim[] = [];
  const take = async (holder: string | undefined, ttlMs = 30_000, onLost: (reason: string) => void = () => undefined) => {
    const claim = await InstanceClaim.take(leases, { instanceId: 'C1', ttlMs, holder, now: () => clock, onLost });
    claims.push(claim);
    return claim;
  };

  beforeEach(() => {
    leases = createMemoryStore().leases;
    clock = Date.parse('2026-12-01T08:00:00Z');
  });
  afterEach(async () => {
    for (const c of claims.splice(0)) await c.release();
  });

  it('refuses a second instance with the id while the first holds it, naming the holder, with exit code 2', async () => {
    await take('host-a:101');
    const second = await take('host-b:202').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(second).to.be.instanceOf(StartError);
    expect((second as StartError).exitCode).to.equal(2);
    expect((second as StartError).message).to.match(
      /INSTANCE_ID=C1 is held by another running gateway \(host-a:101, claim valid until 2026-12-01T08:00:30\.000Z\)/,
    );
  });

  it('lets the next instance have the id once the holder released it, or its claim expired', async () => {
    const first = await take('host-a:101');
    await first.release();
    await take('host-b:202');
    expect((await leases.get(instanceLeaseName('C1')))?.owner).to.equal('host-b:202');
    clock += 30_000;
    await take('host-c:303');
    expect((await leases.get(instanceLeaseName('C1')))?.owner).to.equal('host-c:303');
  });

  it('takes the id over at once from a process of this host that is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    await take(`${hostname()}:${gone}`);
    await take(undefined); // this process, on this host
    expect((await leases.get(instanceLeaseName('C1')))?.owner).to.equal(`${hostname()}:${process.pid}`);
  });

  it('does not take the id from a live process of this host', async () => {
    await take(`${hostname()}:${process.ppid}`);
    const error = await take(`${hostname()}:${process.pid + 1_000_000}`).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StartError);
  });

  it('tells the holder when its claim was taken over while it did not renew (a process frozen past its claim)', async () => {
    const lost = new Promise<string>((done) => void take('host-a:101', 300, done));
    clock += 301; // the store now sees host-a's claim expired, before host-a renewed it
    await take('host-b:202', 300);
    expect(await lost).to.match(/INSTANCE_ID=C1 was taken over by host-b:202/);
  });
});
