import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../core/logging/logger';
import {
  type Holding,
  type HoldOptions,
  type InstanceRegistry,
  LIVENESS_DEFAULTS,
  type LivenessOptions,
} from '../../core/stores/instance-registry';
import { LivenessWatch } from '../../core/stores/liveness-watch';
import { guarded } from './redis-connection';
import { defineScript, type RedisScript } from './redis-script';

/**
 * Writes a holding unless another instance holds it and still has a heartbeat; answers that
 * instance's id when it refuses. KEYS[1] the holding, ARGV: this instance, the record, its ttl,
 * the prefix of heartbeat keys.
 */
const HOLD_EXCLUSIVE = `
local current = redis.call('GET', KEYS[1])
if current then
  local holder = cjson.decode(current).instanceId
  if holder ~= ARGV[1] and redis.call('EXISTS', ARGV[4] .. holder) == 1 then return holder end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return false`;

/** Deletes a holding only if this instance (ARGV[1]) holds it. */
const RELEASE = `
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).instanceId == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

interface Renewed {
  record: string;
  ttlMs: number;
  renewAt: number;
}

/**
 * Liveness on Redis: each instance keeps `<prefix>instance:<id>` alive with a TTL of
 * `instanceTtlMs`, renewed every `heartbeatMs`; a killed instance's key expires, a stopped one's is
 * deleted. What an instance holds is `<prefix>held:<key>` (JSON naming it), with a TTL of its own;
 * the holdings it renews are renewed with the heartbeat when half their TTL has passed.
 */
export class RedisInstanceRegistry implements InstanceRegistry {
  readonly instanceId = randomUUID();
  private readonly heartbeatMs: number;
  private readonly instanceTtlMs: number;
  private readonly renewed = new Map<string, Renewed>();
  private readonly watching: LivenessWatch;
  private readonly holdExclusive: RedisScript;
  private readonly releaseScript: RedisScript;
  private timer?: NodeJS.Timeout;
  private beating = false;
  private failing = false;
  private stopped = false;

  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
    options: LivenessOptions = {},
  ) {
    this.heartbeatMs = options.heartbeatMs ?? LIVENESS_DEFAULTS.heartbeatMs;
    this.instanceTtlMs = options.instanceTtlMs ?? LIVENESS_DEFAULTS.instanceTtlMs;
    if (this.instanceTtlMs <= this.heartbeatMs) {
      throw new Error(
        `state.instanceTtlMs (${this.instanceTtlMs}) must be longer than state.heartbeatMs (${this.heartbeatMs}): ` +
          'an instance would be dead between two of its own heartbeats',
      );
    }
    this.holdExclusive = defineScript(client, 'armatureHoldExclusive', 1, HOLD_EXCLUSIVE);
    this.releaseScript = defineScript(client, 'armatureRelease', 1, RELEASE);
    this.watching = new LivenessWatch(
      this.heartbeatMs,
      (ids) => this.living(ids),
      (error) => this.logger.warn('could not check which instances live: %s', (error as Error).message),
    );
  }

  /** Fails start-up when Redis refuses the first heartbeat. */
  async start(): Promise<void> {
    this.stopped = false;
    await guarded(this.beatOnce());
    this.timer = setInterval(() => void this.beat(), this.heartbeatMs);
    this.timer.unref();
    this.logger.info(
      'registered as instance %s: a heartbeat every %d ms, dead to the others after %d ms without one',
      this.instanceId,
      this.heartbeatMs,
      this.instanceTtlMs,
    );
  }

  async alive(instanceId: string): Promise<boolean> {
    return (await guarded(this.client.exists(this.instanceKey(instanceId)))) === 1;
  }

  watch(instanceId: string, onGone: () => void): () => void {
    return this.watching.watch(instanceId, onGone);
  }

  async hold(key: string, options: HoldOptions): Promise<{ refusedBy?: string }> {
    const held: Holding = { instanceId: this.instanceId, ...(options.detail ? { detail: options.detail } : {}) };
    const record = JSON.stringify(held);
    if (options.exclusive) {
      const refusedBy = await guarded(
        this.holdExclusive([this.heldKey(key)], [this.instanceId, record, options.ttlMs, this.instanceKey('')]),
      );
      if (typeof refusedBy === 'string') return { refusedBy };
    } else {
      await guarded(this.client.set(this.heldKey(key), record, 'PX', options.ttlMs));
    }
    if (options.renew) this.renewed.set(key, { record, ttlMs: options.ttlMs, renewAt: Date.now() + options.ttlMs / 2 });
    return {};
  }

  async holderOf(key: string): Promise<Holding | undefined> {
    const json = await guarded(this.client.get(this.heldKey(key)));
    return json === null ? undefined : (JSON.parse(json) as Holding);
  }

  async release(key: string): Promise<void> {
    this.renewed.delete(key);
    await guarded(this.releaseScript([this.heldKey(key)], [this.instanceId]));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.watching.stop();
    const keys = [this.instanceKey(this.instanceId), ...[...this.renewed.keys()].map((key) => this.heldKey(key))];
    this.renewed.clear();
    try {
      await guarded(this.client.del(...keys));
    } catch (error) {
      // Its heartbeat expires on its own: the others see this instance gone a few seconds later.
      this.logger.warn('could not deregister this instance: %s', (error as Error).message);
    }
  }

  private async beat(): Promise<void> {
    if (this.beating || this.stopped) return;
    this.beating = true;
    try {
      await this.beatOnce();
      if (this.failing) this.logger.info('the heartbeat of this instance is back');
      this.failing = false;
    } catch (error) {
      // Once per outage, not every beat: the others count this instance dead until it is back.
      if (!this.failing) this.logger.warn('heartbeat failed: %s; retrying every beat', (error as Error).message);
      this.failing = true;
    } finally {
      this.beating = false;
    }
  }

  /** One round trip: the heartbeat, and the renewed holdings that reached half their TTL. */
  private async beatOnce(): Promise<void> {
    const now = Date.now();
    const batch = this.client.multi().set(this.instanceKey(this.instanceId), String(now), 'PX', this.instanceTtlMs);
    for (const [key, renewed] of this.renewed) {
      if (renewed.renewAt > now) continue;
      renewed.renewAt = now + renewed.ttlMs / 2;
      batch.set(this.heldKey(key), renewed.record, 'PX', renewed.ttlMs);
    }
    await batch.exec();
  }

  private async living(ids: string[]): Promise<Set<string>> {
    const beats = await guarded(this.client.mget(...ids.map((id) => this.instanceKey(id))));
    return new Set(ids.filter((_, i) => beats[i] !== null));
  }

  private instanceKey(instanceId: string): string {
    return `${this.prefix}instance:${instanceId}`;
  }

  private heldKey(key: string): string {
    return `${this.prefix}held:${key}`;
  }
}
