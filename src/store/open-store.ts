// Chooses the store from the configuration: embedded SQLite, or a PostgreSQL shared by several instances.
import type { Config } from '../config.ts';
import { createRateLimiter, QUESTIONS_PER_WINDOW, RATE_WINDOW_MS } from '../line/rate-limit.ts';
import type { Logger } from '../log.ts';
import { openStoreInDataDir } from './sqlite.ts';
import type { RateLimiter, Store } from './types.ts';

/** How often an instance on a shared store looks for events it was not told about. */
export const SHARED_INBOX_POLL_MS = 1_000;

export interface OpenedStore {
  store: Store;
  kind: 'sqlite' | 'postgres';
  /** Per-user question limit; shared by all instances when the store is. */
  rateLimiter: RateLimiter;
  /**
   * Null for the embedded store, whose only writer wakes its own processor. On a shared store another
   * instance may acknowledge events and die, or a redelivery may land on an instance that saw it as a duplicate.
   */
  pollIntervalMs: number | null;
}

export async function openConfiguredStore(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  logger: Logger,
): Promise<OpenedStore> {
  if (config.databaseUrl === null) {
    return {
      store: openStoreInDataDir(config.dataDir),
      kind: 'sqlite',
      rateLimiter: createRateLimiter(),
      pollIntervalMs: null,
    };
  }
  // Loaded only when configured: the pg driver is not needed for the embedded SQLite default.
  const { PostgresStore } = await import('./postgres.ts');
  const store = await PostgresStore.open({
    connectionString: config.databaseUrl,
    onPoolError: (error) => logger.warn({ err: error.message }, 'idle database connection failed'),
  });
  return {
    store,
    kind: 'postgres',
    rateLimiter: store.rateLimiter(QUESTIONS_PER_WINDOW, RATE_WINDOW_MS),
    pollIntervalMs: SHARED_INBOX_POLL_MS,
  };
}
