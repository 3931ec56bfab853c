import type { Logger } from '../core/logging/logger';
import type { StateStores } from '../core/stores/state-stores';
import { memoryState } from '../state/memory/memory-state';
import type { ResolvedState } from './config/state-options';

/**
 * Opens the stores configuration asks for. The Redis client is loaded only when Redis is used,
 * so a stdio server does not pay for it.
 */
export async function openState(settings: ResolvedState, logger: Logger): Promise<StateStores> {
  if (settings.type === 'memory') return memoryState();
  // require, not import(): the package is CommonJS, and this keeps ioredis off a stdio server's start-up.
  const { RedisState } = require('../state/redis/redis-state') as typeof import('../state/redis/redis-state');
  return RedisState.connect(
    {
      url: settings.url as string,
      prefix: settings.prefix,
      redis: settings.redis,
      heartbeatMs: settings.heartbeatMs,
      instanceTtlMs: settings.instanceTtlMs,
    },
    logger.child('state'),
  );
}
