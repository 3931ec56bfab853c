import { randomBytes } from 'node:crypto';
import {
  digestParams,
  SealedStateError,
  type StateBinding,
  StateSealer,
} from '../../../../src/protocol/stateless/sealed-state';

const binding: StateBinding = {
  principal: 'user-42',
  method: 'tools/call',
  paramsDigest: digestParams({ name: 'book-flight', arguments: { to: 'LIS' } }),
};
const answers = { 'confirm-seat': { action: 'accept', content: { seat: '12A' } } };

// Offsets into the decoded token: version (1) | iv (12) | tag (16) | ciphertext.
const IV_AT = 1;
const TAG_AT = 13;
const CIPHERTEXT_AT = 29;

function flipByte(token: string, index: number): string {
  const bytes = Buffer.from(token, 'base64url');
  bytes[index] ^= 0x01;
  return bytes.toString('base64url');
}

function failureOf(run: () => unknown): SealedStateError['reason'] | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof SealedStateError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('StateSealer', () => {
  const sealer = new StateSealer();

  it('opens what it sealed', () => {
    const token = sealer.seal(answers, binding);

    expect(sealer.open(token, binding)).toEqual(answers);
  });

  it('produces an opaque, compact base64url token', () => {
    const token = sealer.seal(answers, binding);

    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).not.toContain('seat');
    // 67 bytes of framing (version, iv, tag, expiry, binding hash) on top of the JSON payload.
    expect(Buffer.from(token, 'base64url').length).toBe(67 + JSON.stringify(answers).length);
  });

  it('never produces the same token twice for the same state', () => {
    expect(sealer.seal(answers, binding)).not.toBe(sealer.seal(answers, binding));
  });

  it('accepts a shared secret string so several instances can open each other’s tokens', () => {
    const instanceA = new StateSealer({ key: 'shared deployment secret' });
    const instanceB = new StateSealer({ key: 'shared deployment secret' });

    expect(instanceB.open(instanceA.seal(answers, binding), binding)).toEqual(answers);
  });

  it('accepts a raw 32-byte key', () => {
    const key = randomBytes(32);

    expect(new StateSealer({ key }).open(new StateSealer({ key }).seal(answers, binding), binding)).toEqual(answers);
  });

  it('rejects unusable configuration', () => {
    expect(() => new StateSealer({ key: randomBytes(16) })).toThrow(/32 bytes/);
    expect(() => new StateSealer({ key: '' })).toThrow(/empty/);
    expect(() => new StateSealer({ ttlMs: 0 })).toThrow(/ttlMs/);
  });

  describe('reports tampering', () => {
    const token = sealer.seal(answers, binding);

    it.each([
      ['iv', IV_AT],
      ['auth tag', TAG_AT],
      ['ciphertext', CIPHERTEXT_AT],
      ['last ciphertext byte', Buffer.from(token, 'base64url').length - 1],
    ])('in the %s', (_part, index) => {
      expect(failureOf(() => sealer.open(flipByte(token, index), binding))).toBe('tampered');
    });

    it('for a token sealed under another key', () => {
      const other = new StateSealer();

      expect(failureOf(() => sealer.open(other.seal(answers, binding), binding))).toBe('tampered');
    });
  });

  describe('expiry', () => {
    let clock = 1_000_000;
    const timed = new StateSealer({ ttlMs: 60_000, now: () => clock });

    it('opens until the TTL has elapsed and not after', () => {
      const token = timed.seal(answers, binding);

      clock += 59_999;
      expect(timed.open(token, binding)).toEqual(answers);
      clock += 1;
      expect(failureOf(() => timed.open(token, binding))).toBe('expired');
    });
  });

  describe('binding', () => {
    const token = sealer.seal(answers, binding);

    it.each<[string, Partial<StateBinding>]>([
      ['another principal', { principal: 'user-43' }],
      ['an anonymous caller', { principal: '' }],
      ['another method', { method: 'prompts/get' }],
      ['other params', { paramsDigest: digestParams({ name: 'book-flight', arguments: { to: 'OPO' } }) }],
    ])('refuses a genuine token presented for %s as foreign', (_case, change) => {
      expect(failureOf(() => sealer.open(token, { ...binding, ...change }))).toBe('foreign');
    });
  });

  describe('reports malformed tokens', () => {
    const token = sealer.seal(answers, binding);
    const withVersion = (version: number) => {
      const bytes = Buffer.from(token, 'base64url');
      bytes[0] = version;
      return bytes.toString('base64url');
    };

    it.each([
      ['empty', ''],
      ['not base64url', 'not a token!'],
      ['standard base64 with padding', `${Buffer.from(token, 'base64url').toString('base64')}==`],
      ['too short', Buffer.alloc(40).toString('base64url')],
      ['truncated', token.slice(0, 60)],
      ['an unknown version', withVersion(2)],
    ])('%s', (_case, garbage) => {
      expect(failureOf(() => sealer.open(garbage, binding))).toBe('malformed');
    });

    it('that are not even strings', () => {
      expect(failureOf(() => sealer.open(undefined as unknown as string, binding))).toBe('malformed');
    });
  });

  it('throws errors that carry their reason', () => {
    const error = (() => {
      try {
        sealer.open('garbage', binding);
      } catch (caught) {
        return caught;
      }
    })();

    expect(error).toBeInstanceOf(SealedStateError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'SealedStateError', reason: 'malformed' });
  });
});

describe('digestParams', () => {
  it('ignores object key order at every depth', () => {
    const a = { name: 'search', arguments: { query: 'mcp', filters: { lang: 'en', year: 2026 } } };
    const b = { arguments: { filters: { year: 2026, lang: 'en' }, query: 'mcp' }, name: 'search' };

    expect(digestParams(a)).toBe(digestParams(b));
  });

  it('differs when any value differs', () => {
    const base = digestParams({ name: 'search', arguments: { query: 'mcp' } });

    expect(digestParams({ name: 'search', arguments: { query: 'MCP' } })).not.toBe(base);
    expect(digestParams({ name: 'search', arguments: { query: 'mcp', page: 2 } })).not.toBe(base);
    expect(digestParams({ name: 'search', arguments: { query: ['mcp'] } })).not.toBe(base);
  });

  it('keeps array order significant', () => {
    expect(digestParams([1, 2])).not.toBe(digestParams([2, 1]));
  });

  it('treats undefined members like JSON does, as absent', () => {
    expect(digestParams({ a: 1, b: undefined })).toBe(digestParams({ a: 1 }));
  });

  it('is a base64url SHA-256', () => {
    expect(digestParams({})).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
