// Per-user question limit (sliding window, in memory): one resident cannot flood the engine or LINE.
import type { RateLimiter } from '../store/types.ts';

/** Questions a user may ask per window; a resident typing fast stays far below it. */
export const QUESTIONS_PER_WINDOW = 10;
export const RATE_WINDOW_MS = 60_000;
/** Above this many tracked users, idle entries are swept so memory stays bounded. */
const SWEEP_THRESHOLD = 10_000;

/** The in-process limiter answers at once; a shared one (src/store/postgres.ts) asks the database. */
export interface MemoryRateLimiter extends RateLimiter {
  take(key: string, now: number): boolean;
  forget(key: string): void;
}

export function createRateLimiter(
  limit = QUESTIONS_PER_WINDOW,
  windowMs = RATE_WINDOW_MS,
): MemoryRateLimiter {
  const hits = new Map<string, number[]>();
  const sweep = (now: number) => {
    for (const [key, times] of hits) {
      if ((times.at(-1) ?? 0) <= now - windowMs) hits.delete(key);
    }
  };
  return {
    take(key, now) {
      if (hits.size > SWEEP_THRESHOLD) sweep(now);
      const recent = (hits.get(key) ?? []).filter((t) => t > now - windowMs);
      if (recent.length >= limit) {
        hits.set(key, recent);
        return false;
      }
      recent.push(now);
      hits.set(key, recent);
      return true;
    },
    forget(key) {
      hits.delete(key);
    },
    size: () => hits.size,
  };
}
