import type { Redis } from 'ioredis';

export type RedisScript = (keys: string[], args: (string | number)[]) => Promise<unknown>;

/**
 * Registers a Lua script with ioredis (`defineCommand`), which sends it by SHA1 (EVALSHA) and
 * whole only when Redis does not know it yet, and returns the function that runs it.
 */
export function defineScript(client: Redis, name: string, numberOfKeys: number, lua: string): RedisScript {
  client.defineCommand(name, { numberOfKeys, lua });
  const command = (client as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>)[name];
  return (keys, args) => command.call(client, ...keys, ...args);
}
