// The PostgreSQL the shared-store tests use: TEST_DATABASE_URL, else the one scripts/start-postgres.sh starts.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where scripts/start-postgres.sh listens: KOTAE_PG_PORT, as the script reads it, else its default. */
export const DEFAULT_TEST_DATABASE_URL = `postgres://kotae:kotae@127.0.0.1:${process.env.KOTAE_PG_PORT || '54329'}/kotae_test`;
const CONNECT_TIMEOUT_MS = 2_000;

export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

/**
 * The URL when a server answers there, else null with a note on stderr. With KOTAE_REQUIRE_POSTGRES=1
 * (set by CI) an unreachable server is an error instead of a skip.
 */
export async function reachableTestDatabase(): Promise<string | null> {
  const url = testDatabaseUrl();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return url;
  } catch (error) {
    const message = `PostgreSQL is not reachable at ${url.replace(/:[^:@/]*@/, ':***@')} (${
      error instanceof Error ? error.message : String(error)
    }); start it with \`bash scripts/start-postgres.sh\` or set TEST_DATABASE_URL.`;
    if (process.env.KOTAE_REQUIRE_POSTGRES === '1') throw new Error(message);
    process.stderr.write(`SKIPPED PostgreSQL tests: ${message}\n`);
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A schema name no other test uses, so test files run in parallel on one database. */
export function uniqueSchema(prefix = 'kotae_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
