import type { Redis } from 'ioredis';
import type { SessionChange, SessionRecord, SessionStore } from '../../core/stores/session-store';
import { guarded } from './redis-connection';
import { defineScript, type RedisScript } from './redis-script';

// A session is one hash: scalar fields by name, each subscription as `sub:<uri>`, each URL
// elicitation as `eli:<id>`; one key means one TTL to slide and one DEL to end it everywhere.
const SUB = 'sub:';
const ELI = 'eli:';

/** Reads the hash and slides its TTL (read from the record itself) in one step. */
const GET_AND_TOUCH = `
local fields = redis.call('HGETALL', KEYS[1])
if #fields == 0 then return fields end
local ttl = redis.call('HGET', KEYS[1], 'ttlMs')
redis.call('PEXPIRE', KEYS[1], ttl)
return fields`;

/** Sets and deletes fields of a session that still exists, and slides its TTL; 0 when it is gone. */
const UPDATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local sets = tonumber(ARGV[1])
if sets > 0 then redis.call('HSET', KEYS[1], unpack(ARGV, 2, 1 + sets * 2)) end
if #ARGV > 1 + sets * 2 then redis.call('HDEL', KEYS[1], unpack(ARGV, 2 + sets * 2)) end
redis.call('PEXPIRE', KEYS[1], redis.call('HGET', KEYS[1], 'ttlMs'))
return 1`;

/** Sessions as Redis hashes under `<prefix>session:<id>`, each expiring after its TTL without use. */
export class RedisSessionStore implements SessionStore {
  private readonly getAndTouch: RedisScript;
  private readonly change: RedisScript;

  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
  ) {
    this.getAndTouch = defineScript(client, 'armatureSessionGet', 1, GET_AND_TOUCH);
    this.change = defineScript(client, 'armatureSessionUpdate', 1, UPDATE);
  }

  async create(record: SessionRecord): Promise<void> {
    const key = this.key(record.id);
    const fields: Record<string, string> = {
      protocolVersion: record.protocolVersion,
      clientCapabilities: JSON.stringify(record.clientCapabilities),
      initialized: record.initialized ? '1' : '0',
      ttlMs: String(record.ttlMs),
    };
    if (record.clientInfo) fields.clientInfo = JSON.stringify(record.clientInfo);
    if (record.principal !== undefined) fields.principal = record.principal;
    if (record.logLevel !== undefined) fields.logLevel = record.logLevel;
    if (record.roots) fields.roots = JSON.stringify(record.roots);
    for (const uri of record.subscriptions) fields[SUB + uri] = '1';
    for (const id of record.elicitations) fields[ELI + id] = '1';
    await guarded(this.client.multi().del(key).hset(key, fields).pexpire(key, record.ttlMs).exec());
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const flat = (await guarded(this.getAndTouch([this.key(id)], []))) as string[];
    if (flat.length === 0) return undefined;
    const fields = new Map<string, string>();
    for (let i = 0; i < flat.length; i += 2) fields.set(flat[i], flat[i + 1]);
    const record: SessionRecord = {
      id,
      protocolVersion: fields.get('protocolVersion') as string,
      clientCapabilities: JSON.parse(fields.get('clientCapabilities') ?? '{}'),
      initialized: fields.get('initialized') === '1',
      subscriptions: [],
      elicitations: [],
      ttlMs: Number(fields.get('ttlMs')),
    };
    const optional = (name: string) => fields.get(name);
    if (optional('clientInfo')) record.clientInfo = JSON.parse(optional('clientInfo') as string);
    if (optional('principal') !== undefined) record.principal = optional('principal');
    if (optional('logLevel') !== undefined) record.logLevel = optional('logLevel');
    if (optional('roots')) record.roots = JSON.parse(optional('roots') as string);
    for (const name of fields.keys()) {
      if (name.startsWith(SUB)) record.subscriptions.push(name.slice(SUB.length));
      else if (name.startsWith(ELI)) record.elicitations.push(name.slice(ELI.length));
    }
    return record;
  }

  async has(id: string): Promise<boolean> {
    return (await guarded(this.client.exists(this.key(id)))) === 1;
  }

  async update(id: string, change: SessionChange): Promise<boolean> {
    const sets: string[] = [];
    const deletes: string[] = [];
    if (change.initialized !== undefined) sets.push('initialized', change.initialized ? '1' : '0');
    if (change.logLevel !== undefined) sets.push('logLevel', change.logLevel);
    if (change.roots === null) deletes.push('roots');
    else if (change.roots !== undefined) sets.push('roots', JSON.stringify(change.roots));
    for (const uri of change.subscribe ?? []) sets.push(SUB + uri, '1');
    for (const uri of change.unsubscribe ?? []) deletes.push(SUB + uri);
    for (const eid of change.addElicitations ?? []) sets.push(ELI + eid, '1');
    for (const eid of change.removeElicitations ?? []) deletes.push(ELI + eid);
    const updated = await guarded(this.change([this.key(id)], [sets.length / 2, ...sets, ...deletes]));
    return updated === 1;
  }

  async delete(id: string): Promise<boolean> {
    return (await guarded(this.client.del(this.key(id)))) === 1;
  }

  private key(id: string): string {
    return `${this.prefix}session:${id}`;
  }
}
