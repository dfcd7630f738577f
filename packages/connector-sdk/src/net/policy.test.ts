import { afterEach, describe, expect, it, vi } from 'vitest';
import { PermanentError } from '../errors.js';
import {
  allowOutboundTarget,
  configureOutboundPolicy,
  findOutboundRefusal,
  isOutboundAddressError,
  OutboundAddressError,
  outboundPolicy,
  outboundRefusal,
  overrideOutboundPolicy,
  parseOutboundTarget,
  resetOutboundPolicy,
} from './policy.js';

// Decisions only: these tests never connect anywhere.

afterEach(() => {
  resetOutboundPolicy();
  vi.unstubAllEnvs();
});

const target = (address: string, port = 443, host = address) => ({ host, port, address });

describe('outboundRefusal', () => {
  it('allows public addresses and refuses everything else by default', () => {
    configureOutboundPolicy({});
    expect(outboundRefusal(target('8.8.8.8'))).toBeNull();
    expect(outboundRefusal(target('2606:4700:4700::1111'))).toBeNull();
    for (const address of ['127.0.0.1', '10.0.0.1', '100.64.1.1', '169.254.1.1', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '0.0.0.0', '224.0.0.1']) {
      expect(outboundRefusal(target(address)), address).toBeInstanceOf(OutboundAddressError);
    }
  });

  it('says in words what was refused and how an operator allows it', () => {
    configureOutboundPolicy({});
    const refusal = outboundRefusal(target('127.0.0.1', 5432))!;
    expect(refusal).toBeInstanceOf(PermanentError);
    expect(refusal.isRetryable).toBe(false);
    expect(refusal.message).toBe(
      'Outport does not connect to private, loopback or link-local addresses (127.0.0.1). An operator can allow them with OUTPORT_ALLOW_PRIVATE_TARGETS=true.',
    );
    expect(outboundRefusal(target('10.1.2.3', 443, 'db.internal'))!.message).toContain('(db.internal resolves to 10.1.2.3)');
    expect(outboundRefusal(target('224.0.0.1'))!.message).toBe('Outport connects only to public unicast addresses, not to multicast addresses (224.0.0.1).');
  });

  it('allows private targets when the operator says so, but never metadata or unspecified addresses', () => {
    configureOutboundPolicy({ allowPrivateTargets: true });
    for (const address of ['127.0.0.1', '10.0.0.1', '192.168.0.10', '100.64.1.1', '169.254.1.1', '::1', 'fd00::1', '::ffff:127.0.0.1']) {
      expect(outboundRefusal(target(address)), address).toBeNull();
    }
    expect(outboundRefusal(target('169.254.169.254', 80))!.message).toMatch(/^Outport does not connect to cloud metadata addresses \(169\.254\.169\.254\), even when private addresses are allowed/);
    expect(outboundRefusal(target('fd00:ec2::254', 80))).toBeInstanceOf(OutboundAddressError);
    expect(outboundRefusal(target('::ffff:a9fe:a9fe', 80))).toBeInstanceOf(OutboundAddressError);
    expect(outboundRefusal(target('0.0.0.0', 80))).toBeInstanceOf(OutboundAddressError);
  });

  it('lets exact host:port and ip:port entries through, and only on that port', () => {
    configureOutboundPolicy({ allowedTargets: ['127.0.0.1:4010', 'Sandbox.Local:8443', '[::1]:4011', '169.254.169.254:80'] });
    expect(outboundRefusal(target('127.0.0.1', 4010))).toBeNull();
    expect(outboundRefusal(target('127.0.0.1', 4011))).toBeInstanceOf(OutboundAddressError);
    expect(outboundRefusal(target('10.0.0.7', 8443, 'sandbox.local'))).toBeNull();
    expect(outboundRefusal(target('10.0.0.7', 8443, 'other.local'))).toBeInstanceOf(OutboundAddressError);
    expect(outboundRefusal(target('::1', 4011))).toBeNull();
    expect(outboundRefusal(target('169.254.169.254', 80))).toBeNull();
  });

  it('adds and removes entries at run time', () => {
    configureOutboundPolicy({});
    const remove = allowOutboundTarget('localhost:4020');
    expect(outboundPolicy().allowedTargets).toEqual(['localhost:4020']);
    expect(outboundRefusal(target('127.0.0.1', 4020, 'localhost'))).toBeNull();
    remove();
    expect(outboundRefusal(target('127.0.0.1', 4020, 'localhost'))).toBeInstanceOf(OutboundAddressError);
  });

  it('reads the environment when the host set nothing', () => {
    resetOutboundPolicy();
    vi.stubEnv('OUTPORT_ALLOW_PRIVATE_TARGETS', 'false');
    vi.stubEnv('OUTPORT_ALLOWED_TARGETS', ' 127.0.0.1:9000 , example.internal:22');
    expect(outboundPolicy()).toEqual({ allowPrivateTargets: false, allowedTargets: ['127.0.0.1:9000', 'example.internal:22'] });
    vi.stubEnv('OUTPORT_ALLOW_PRIVATE_TARGETS', 'true');
    expect(outboundPolicy().allowPrivateTargets).toBe(true);
    vi.stubEnv('OUTPORT_ALLOWED_TARGETS', 'nonsense');
    expect(() => outboundPolicy()).toThrow(/OUTPORT_ALLOWED_TARGETS is not valid: "nonsense" is not host:port/);
  });

  it("replaces the policy for a while and puts back exactly what was in force: the host's, or the environment", () => {
    configureOutboundPolicy({ allowPrivateTargets: true, allowedTargets: ['a.example:1'] });
    const restore = overrideOutboundPolicy({ allowPrivateTargets: false });
    expect(outboundPolicy()).toEqual({ allowPrivateTargets: false, allowedTargets: [] });
    restore();
    expect(outboundPolicy()).toEqual({ allowPrivateTargets: true, allowedTargets: ['a.example:1'] });
    configureOutboundPolicy({});
    restore(); // a second call does nothing
    expect(outboundPolicy().allowPrivateTargets).toBe(false);

    resetOutboundPolicy();
    vi.stubEnv('OUTPORT_ALLOW_PRIVATE_TARGETS', 'true');
    const again = overrideOutboundPolicy({ allowPrivateTargets: false });
    expect(outboundPolicy().allowPrivateTargets).toBe(false);
    again();
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('outport.outboundPolicy')]).toBeUndefined();
    expect(outboundPolicy().allowPrivateTargets).toBe(true);
  });

  it('keeps the policy on a registry-wide symbol, so another copy of the SDK sees it', () => {
    configureOutboundPolicy({ allowPrivateTargets: true, allowedTargets: ['a.example:1'] });
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('outport.outboundPolicy')]).toEqual({ allowPrivateTargets: true, allowedTargets: ['a.example:1'] });
  });
});

describe('parseOutboundTarget', () => {
  it.each([
    ['127.0.0.1:4010', '127.0.0.1:4010'],
    ['2130706433:80', '127.0.0.1:80'],
    ['LOCALHOST:3000', 'localhost:3000'],
    ['example.com.:443', 'example.com:443'],
    ['[::1]:8080', '[::1]:8080'],
    ['[::FFFF:127.0.0.1]:1', '[::ffff:7f00:1]:1'],
  ])('%s → %s', (entry, normalised) => {
    expect(parseOutboundTarget(entry)).toBe(normalised);
  });

  it.each(['127.0.0.1', 'host:0', 'host:70000', '::1:80', '[nope]:80', 'a b:1', 'http://x:1'])('refuses %s', (entry) => {
    expect(() => parseOutboundTarget(entry)).toThrow(TypeError);
  });
});

describe('findOutboundRefusal', () => {
  it('finds a refusal inside the errors client libraries wrap it in', () => {
    const refusal = new OutboundAddressError('Outport does not connect to private, loopback or link-local addresses (10.0.0.1).');
    expect(findOutboundRefusal(new TypeError('fetch failed', { cause: refusal }))).toBe(refusal);
    // Azure's RestError keeps the message and code but not the error itself.
    const rest = Object.assign(new Error(refusal.message), { name: 'RestError', code: refusal.code });
    expect(isOutboundAddressError(rest)).toBe(true);
    expect(findOutboundRefusal(rest)?.message).toBe(refusal.message);
    expect(findOutboundRefusal(new Error('ECONNREFUSED'))).toBeUndefined();
  });
});
