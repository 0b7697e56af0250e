// How long a webhook waits for its durable commit on this disk: the inbox's group commit of one event,
// fsync'd (synchronous = FULL), one at a time. A request is acknowledged only after its commit, so with
// N connections each waiting for one, N / this time bounds the acknowledgements per second.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStoreInDataDir } from '../src/store/sqlite.ts';
import { percentile } from './stats.ts';

export interface CommitTime {
  commits: number;
  p50Ms: number;
  p90Ms: number;
}

/** A LINE text event's size in the inbox (payload and sealed push target), so the pages written are the same. */
const PAYLOAD = JSON.stringify({
  type: 'message',
  message: { type: 'text', text: '無料の法律相談はいつ？' },
}).padEnd(600, ' ');

export async function measureCommitTime(commits = 300): Promise<CommitTime> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kotae-bench-commit-'));
  const store = openStoreInDataDir(dir);
  const samples: number[] = [];
  try {
    for (let i = 0; i < commits; i++) {
      const started = performance.now();
      await store.inbox.enqueue(
        [
          {
            eventId: `COMMIT${i}`,
            eventType: 'message',
            eventTimestamp: Date.now(),
            userHash: 'h'.repeat(64),
            replyToken: 'r'.repeat(32),
            sealedPushTarget: null,
            payload: PAYLOAD,
            isRedelivery: false,
          },
        ],
        Date.now(),
      );
      samples.push(performance.now() - started);
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  samples.sort((a, b) => a - b);
  return { commits, p50Ms: percentile(samples, 50), p90Ms: percentile(samples, 90) };
}

/** Acknowledgements per second `connections` can reach when each waits for one commit of `commitMs`. */
export function commitBound(connections: number, commitMs: number): number {
  return (connections * 1000) / commitMs;
}
