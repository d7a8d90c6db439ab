import { expect } from 'chai';
import { IncomingMessage } from 'node:http';
import { accessGuard, isLoopback } from './access';
import { AdminError } from './errors';

/** A request as the guard sees it: the socket's peer and the headers. */
function req(remoteAddress: string | undefined, authorization?: string): IncomingMessage {
  return { socket: { remoteAddress }, headers: authorization === undefined ? {} : { authorization } } as unknown as IncomingMessage;
}

function refusal(check: () => void): [number, string] | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    expect(error).to.be.instanceOf(AdminError);
    return [(error as AdminError).status, (error as AdminError).code];
  }
}

describe('admin access', () => {
  it('takes 127.0.0.0/8, ::1 and IPv4 loopback written as IPv6 for loopback, and nothing else', () => {
    for (const address of ['127.0.0.1', '127.0.0.2', '127.255.255.254', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::FFFF:127.1.2.3'])
      expect(isLoopback(address), address).to.equal(true);
    for (const address of [
      undefined,
      '',
      '10.0.0.1',
      '192.0.2.2',
      '0.0.0.0',
      '128.0.0.1',
      '1.127.0.0',
      '::',
      '::2',
      '::ffff:10.0.0.1',
      'fe80::1',
      '::1:1',
      'localhost',
      '127.0.0.1.example',
    ]) {
      expect(isLoopback(address), String(address)).to.equal(false);
    }
  });

  it('without a token: answers loopback peers only, whatever a request says of itself', () => {
    const guard = accessGuard({});
    expect(guard.mode).to.equal('loopback-only');
    expect(refusal(() => guard.check(req('127.0.0.1')))).to.equal(undefined);
    expect(refusal(() => guard.check(req('203.0.113.9', 'Bearer something-long-enough')))).to.deep.equal([403, 'forbidden']);
    expect(refusal(() => guard.check(req(undefined)))).to.deep.equal([403, 'forbidden']);
  });

  it('with a token: 401 without a bearer token, 403 with another, from anywhere', () => {
    const guard = accessGuard({ token: 'the-token-0123456789' });
    expect(guard.mode).to.equal('token');
    for (const address of ['127.0.0.1', '203.0.113.9']) {
      expect(
        refusal(() => guard.check(req(address))),
        address,
      ).to.deep.equal([401, 'unauthorized']);
      expect(refusal(() => guard.check(req(address, 'Basic dXNlcjpwYXNz')))).to.deep.equal([403, 'forbidden']); // user:pass
      expect(refusal(() => guard.check(req(address, 'Bearer the-token-012345678')))).to.deep.equal([403, 'forbidden']);
      expect(refusal(() => guard.check(req(address, 'Bearer the-token-0123456789x')))).to.deep.equal([403, 'forbidden']);
      expect(refusal(() => guard.check(req(address, 'Bearer the-token-0123456789')))).to.equal(undefined);
      expect(refusal(() => guard.check(req(address, 'bearer the-token-0123456789')))).to.equal(undefined);
    }
  });

  it('with a token: takes it as the password of Basic authentication too, any user name (what a browser sends)', () => {
    const guard = accessGuard({ token: 'the-token-0123456789' });
    const basic = (credentials: string) => `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
    expect(refusal(() => guard.check(req('203.0.113.9', basic('operator:the-token-0123456789'))))).to.equal(undefined);
    expect(refusal(() => guard.check(req('203.0.113.9', basic(':the-token-0123456789'))))).to.equal(undefined);
    expect(refusal(() => guard.check(req('203.0.113.9', basic('the-token-0123456789:x'))))).to.deep.equal([403, 'forbidden']);
    expect(refusal(() => guard.check(req('203.0.113.9', basic('the-token-0123456789'))))).to.deep.equal([401, 'unauthorized']); // no colon: no password
    expect(refusal(() => guard.check(req('203.0.113.9', 'Basic !!!')))).to.deep.equal([401, 'unauthorized']);
  });

  it('reads the peer through the function it is given (what tests use to play a remote client)', () => {
    const guard = accessGuard({ remoteAddressOf: () => '198.51.100.1' });
    expect(refusal(() => guard.check(req('127.0.0.1')))).to.deep.equal([403, 'forbidden']);
  });
});
