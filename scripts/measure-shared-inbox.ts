// How many webhook events per second the shared PostgreSQL inbox stores, claims and completes.
// usage: node --import tsx scripts/measure-shared-inbox.ts [events] [instances]
// Uses TEST_DATABASE_URL or the server of scripts/start-postgres.sh, in a schema it drops afterwards.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PostgresStore } from '../src/store/postgres.ts';
import type { NewInboxEvent } from '../src/store/types.ts';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '../tests/store-pg/test-database.ts';

const [events, instances] = z
  .tuple([z.coerce.number().int().min(10).default(5_000), z.coerce.number().int().min(1).max(16).default(2)])
  .parse([process.argv[2], process.argv[3]]);
/** LINE sends up to a few events per request; residents' messages mostly arrive one per request. */
const EVENTS_PER_REQUEST = 1;
const WEBHOOK_CONCURRENCY = 8;
const PROCESSOR_CONCURRENCY = 8;

const url = testDatabaseUrl();
const schema = uniqueSchema('kotae_measure');
const stores = await Promise.all(
  Array.from({ length: instances }, () => PostgresStore.open({ connectionString: url, schema })),
);

function event(): NewInboxEvent {
  const eventId = randomUUID();
  return {
    eventId,
    eventType: 'message',
    eventTimestamp: Date.now(),
    userHash: `user-${eventId.slice(0, 6)}`,
    replyToken: randomUUID().replaceAll('-', ''),
    sealedPushTarget: null,
    payload: JSON.stringify({ text: '燃えるごみの日はいつですか' }),
    isRedelivery: false,
  };
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0;

const enqueueMs: number[] = [];
let sent = 0;
let done = 0;
const started = performance.now();

async function webhook(store: PostgresStore): Promise<void> {
  while (sent < events) {
    sent += EVENTS_PER_REQUEST;
    const t = performance.now();
    await store.inbox.enqueue(
      Array.from({ length: EVENTS_PER_REQUEST }, () => event()),
      Date.now(),
    );
    enqueueMs.push(performance.now() - t);
  }
}

async function processor(store: PostgresStore): Promise<void> {
  while (done < events) {
    const batch = await store.inbox.claim(PROCESSOR_CONCURRENCY, Date.now());
    if (batch.length === 0) {
      await new Promise((r) => setTimeout(r, 5));
      continue;
    }
    await Promise.all(
      batch.map(async (e) => {
        await store.inbox.markSendAttempted(e.eventId, Date.now());
        await store.inbox.complete(
          e.eventId,
          { outcome: 'answered', delivery: 'reply', detail: null },
          Date.now(),
        );
        done += 1;
      }),
    );
  }
}

try {
  await Promise.all(
    stores.flatMap((store) => [
      ...Array.from({ length: WEBHOOK_CONCURRENCY / instances }, () => webhook(store)),
      processor(store),
    ]),
  );
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      events,
      instances,
      seconds: Number(seconds.toFixed(2)),
      eventsPerSecond: Math.round(events / seconds),
      enqueueP50Ms: Number(percentile(enqueueMs, 0.5).toFixed(2)),
      enqueueP99Ms: Number(percentile(enqueueMs, 0.99).toFixed(2)),
    })}\n`,
  );
} finally {
  await Promise.all(stores.map((s) => s.close()));
  await dropSchema(url, schema);
}
