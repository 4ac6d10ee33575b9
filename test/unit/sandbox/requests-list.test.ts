import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLoopbackAddress } from '../../../src/sandbox/requests-list.ts';

describe('isLoopbackAddress (who may read /sandbox/requests)', () => {
  const cases: { description: string; address: string | undefined; loopback: boolean }[] = [
    { description: 'IPv4 loopback', address: '127.0.0.1', loopback: true },
    { description: 'anywhere in 127.0.0.0/8', address: '127.255.3.4', loopback: true },
    { description: 'IPv6 loopback', address: '::1', loopback: true },
    { description: 'IPv6 loopback written out', address: '0:0:0:0:0:0:0:1', loopback: true },
    { description: 'IPv4 loopback mapped into IPv6', address: '::ffff:127.0.0.1', loopback: true },
    { description: 'mapped, upper case', address: '::FFFF:127.9.9.9', loopback: true },
    { description: 'a private network address', address: '192.168.1.10', loopback: false },
    { description: 'a documentation-range address', address: '192.0.2.2', loopback: false },
    { description: 'a private address mapped into IPv6', address: '::ffff:10.0.0.1', loopback: false },
    { description: 'an address that only starts with 127 as text', address: '1270::1', loopback: false },
    { description: 'an IPv6 unique local address', address: 'fd00::2', loopback: false },
    { description: 'the unspecified address', address: '::', loopback: false },
    { description: 'a socket already closed (no address)', address: undefined, loopback: false },
    { description: 'an empty string', address: '', loopback: false },
  ];
  for (const c of cases) {
    test(`${c.description}: ${c.address} → ${c.loopback ? 'allowed' : 'refused'}`, () => {
      assert.equal(isLoopbackAddress(c.address), c.loopback);
    });
  }
});
