import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script run by its SHA1 (EVALSHA), sent in full only when Redis does not know it yet. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

function lua(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** KEYS[1] key, ARGV[1] expected value, ARGV[2] ttl in ms: restarts the expiry when the key holds the value. */
export const EXTEND_IF_EQUALS = lua(
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0",
);

/** KEYS[1] key, ARGV[1] expected value: deletes the key when it holds the value. */
export const DELETE_IF_EQUALS = lua(
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
);

/** Runs a script on one key; a restarted Redis has forgotten every script, so NOSCRIPT sends it again. */
export async function runScript(client: Redis, script: LuaScript, key: string, ...args: string[]): Promise<unknown> {
  try {
    return await client.evalsha(script.sha, 1, key, ...args);
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
    return client.eval(script.source, 1, key, ...args);
  }
}
