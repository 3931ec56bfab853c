import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  type KeyObject,
  randomBytes,
  scryptSync,
  timingSafeEqual,
} from 'node:crypto';

/**
 * What a sealed request state belongs to. A state handed out for one request must not be replayable
 * against another request, another method or by another caller.
 */
export interface StateBinding {
  /** The authenticated caller; `''` for anonymous callers (who then share one namespace). */
  principal: string;
  method: string;
  /** `digestParams()` of the request params without `inputResponses`, `requestState` and `_meta`. */
  paramsDigest: string;
}

export type SealedStateFailure = 'malformed' | 'tampered' | 'expired' | 'foreign';

export class SealedStateError extends Error {
  override readonly name = 'SealedStateError';

  constructor(
    readonly reason: SealedStateFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface StateSealerOptions {
  /**
   * 32 raw bytes, or a secret string from which the key is derived (scrypt, once per sealer).
   * Defaults to a random per-process key: tokens then die with the process, so deployments with more
   * than one instance behind a load balancer must configure the same key on every instance.
   */
  key?: Buffer | string;
  /** How long a client has to answer and re-send; 10 minutes by default. */
  ttlMs?: number;
  now?: () => number;
}

// Token layout: version | iv | tag | ciphertext; plaintext layout: expiry | binding hash | JSON payload.
// The binding travels as a hash inside the ciphertext rather than as AAD so that a genuine token used for the
// wrong request is reported as 'foreign' instead of being indistinguishable from forgery.
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
// 48 bits of milliseconds last until the year 10889 and save two bytes per token.
const EXPIRY_BYTES = 6;
const BINDING_BYTES = 32;
const MIN_PLAINTEXT_BYTES = EXPIRY_BYTES + BINDING_BYTES + 1;
const CIPHER = 'aes-256-gcm';
const DEFAULT_TTL_MS = 10 * 60 * 1000;
// A fixed salt keeps the derived key identical across instances that share the secret string.
const KDF_SALT = 'armature/sealed-state/v1';

/**
 * Seals MRTR request state (the answers gathered so far) into an opaque string the client echoes back.
 * The state is encrypted and authenticated with AES-256-GCM; it expires and is bound to one caller and one request.
 * Sealing does not prevent replay of the same request by the same caller within the TTL.
 * A random 96-bit IV per token keeps the key safe for about 2^32 tokens; rotate long before that.
 */
export class StateSealer {
  readonly #key: KeyObject;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: StateSealerOptions = {}) {
    this.#key = createSecretKey(deriveKey(options.key));
    const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`ttlMs must be a positive number, got ${ttlMs}`);
    this.#ttlMs = ttlMs;
    this.#now = options.now ?? Date.now;
  }

  seal<T>(payload: T, binding: StateBinding): string {
    const json = JSON.stringify(payload);
    if (json === undefined) throw new TypeError('Sealed state payload must be JSON-serializable');

    const expiry = Buffer.alloc(EXPIRY_BYTES);
    expiry.writeUIntBE(Math.floor(this.#now() + this.#ttlMs), 0, EXPIRY_BYTES);
    const plaintext = Buffer.concat([expiry, hashBinding(binding), Buffer.from(json, 'utf8')]);

    const version = Buffer.of(VERSION);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(version);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([version, iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
  }

  /** The payload is trusted as produced by `seal`, since only holders of the key can produce a valid token. */
  open<T>(token: string, binding: StateBinding): T {
    const bytes = decodeToken(token);
    const plaintext = this.#decrypt(bytes);

    if (this.#now() >= plaintext.readUIntBE(0, EXPIRY_BYTES)) {
      throw new SealedStateError('expired', 'Request state has expired; start the request over');
    }
    const boundTo = plaintext.subarray(EXPIRY_BYTES, EXPIRY_BYTES + BINDING_BYTES);
    if (!timingSafeEqual(boundTo, hashBinding(binding))) {
      throw new SealedStateError('foreign', 'Request state belongs to a different request or caller');
    }
    try {
      return JSON.parse(plaintext.subarray(EXPIRY_BYTES + BINDING_BYTES).toString('utf8')) as T;
    } catch {
      // Unreachable unless the key leaked: only seal() can produce an authentic plaintext.
      throw new SealedStateError('malformed', 'Request state payload is not valid JSON');
    }
  }

  #decrypt(bytes: Buffer): Buffer {
    const decipher = createDecipheriv(CIPHER, this.#key, bytes.subarray(1, 1 + IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(bytes.subarray(0, 1));
    decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, HEADER_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES)), decipher.final()]);
    } catch {
      throw new SealedStateError('tampered', 'Request state failed authentication');
    }
  }
}

/**
 * A stable digest of a JSON value: object keys are sorted recursively so that key order does not matter.
 * Follows JSON.stringify semantics for what is dropped (undefined, functions) or becomes null.
 */
export function digestParams(params: unknown): string {
  return createHash('sha256').update(canonicalJson(params)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
    }
    return `{${members.join(',')}}`;
  }
  // Absent params digest like null rather than failing: a request without params is a legitimate binding.
  return JSON.stringify(value) ?? 'null';
}

function deriveKey(key: Buffer | string | undefined): Buffer {
  if (key === undefined) return randomBytes(32);
  if (typeof key === 'string') {
    if (key.length === 0) throw new RangeError('Sealed state key must not be empty');
    // scrypt rather than HKDF: configured secrets are often human-chosen, and this runs once per sealer.
    return scryptSync(key, KDF_SALT, 32);
  }
  if (key.length !== 32) throw new RangeError(`Sealed state key must be 32 bytes, got ${key.length}`);
  return key;
}

function hashBinding({ principal, method, paramsDigest }: StateBinding): Buffer {
  // JSON array encoding keeps the fields unambiguous: ('a:b', 'c') never collides with ('a', 'b:c').
  return createHash('sha256')
    .update(JSON.stringify([principal, method, paramsDigest]))
    .digest();
}

function decodeToken(token: string): Buffer {
  if (typeof token !== 'string' || token.length === 0) {
    throw new SealedStateError('malformed', 'Request state must be a non-empty string');
  }
  const bytes = Buffer.from(token, 'base64url');
  // Buffer.from silently skips invalid characters; re-encoding reveals anything that was not canonical base64url.
  if (bytes.toString('base64url') !== token) throw new SealedStateError('malformed', 'Request state is not base64url');
  if (bytes.length < HEADER_BYTES + MIN_PLAINTEXT_BYTES) {
    throw new SealedStateError('malformed', 'Request state is too short');
  }
  if (bytes[0] !== VERSION) throw new SealedStateError('malformed', `Unsupported request state version ${bytes[0]}`);
  return bytes;
}
