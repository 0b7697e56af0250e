import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite.ts';
import type { NewInboxEvent } from '../../src/store/types.ts';

const event: NewInboxEvent = {
  eventId: '01UNFOLLOWDEDUP00000000001',
  eventType: 'message',
  eventTimestamp: 1_700_000_000_000,
  userHash: 'hash-of-the-user',
  replyToken: '0123456789abcdef0123456789abcdef',
  sealedPushTarget: null,
  payload: '{}',
  isRedelivery: false,
};

describe('deduplication after an unfollow', () => {
  it('deletes what links a handled event to the user who unfollowed', async () => {
    const store = new SqliteStore({ file: ':memory:' });
    try {
      await store.inbox.enqueue([event], 1);
      await store.inbox.claim(1, 2);
      await store.inbox.complete(event.eventId, { outcome: 'answered', delivery: 'reply', detail: null }, 3);
      await store.deleteUser(event.userHash ?? '');
      expect((await store.inbox.get(event.eventId))?.userHash ?? null).toBeNull();
    } finally {
      await store.close();
    }
  });

  // Known bug: deleteUser deletes handled inbox rows, and with them the dedup record, so a late LINE
  // redelivery of that event is handled (and answered) again. Keeping the row with user_hash = NULL
  // fixes it (src/store/sqlite.ts and postgres.ts deleteUser). Unskip once fixed.
  it('still treats a redelivery of an event handled before the unfollow as a duplicate', async () => {
    const store = new SqliteStore({ file: ':memory:' });
    try {
      await store.inbox.enqueue([event], 1);
      await store.inbox.claim(1, 2);
      await store.inbox.complete(event.eventId, { outcome: 'answered', delivery: 'reply', detail: null }, 3);
      await store.deleteUser(event.userHash ?? '');
      const again = await store.inbox.enqueue([{ ...event, isRedelivery: true }], 4);
      expect(again.duplicates).toEqual([event.eventId]);
    } finally {
      await store.close();
    }
  });
});
