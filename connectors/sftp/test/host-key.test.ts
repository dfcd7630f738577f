import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { ed25519KeyPair } from '../src/sandbox/index.js';

/**
 * The sandbox's host keys: ssh2's Ed25519 generator makes about one pair in 256 that ssh2 cannot
 * read back (mscdex/ssh2#1513), which once failed a CI run when the server refused its own host key.
 * In 2,000 pairs the generator alone fails almost surely (1 - (255/256)^2000 is over 99.9%).
 */
describe('sandbox host keys', () => {
  it('are always Ed25519 pairs ssh2 reads back, with or without a passphrase', () => {
    const malformed = (pair: { private: string; public: string }, passphrase?: string) =>
      ssh2.utils.parseKey(pair.public) instanceof Error || ssh2.utils.parseKey(pair.private, passphrase) instanceof Error;
    const pairs = Array.from({ length: 2_000 }, () => ed25519KeyPair());
    expect(pairs.filter((pair) => malformed(pair))).toEqual([]);
    expect((ssh2.utils.parseKey(pairs[0]!.public) as ssh2.ParsedKey).type).toBe('ssh-ed25519');
    expect(malformed(ed25519KeyPair({ passphrase: 'open sesame', rounds: 2 }), 'open sesame')).toBe(false);
  });
});
