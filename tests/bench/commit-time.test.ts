import { describe, expect, it } from 'vitest';
import { commitBound, measureCommitTime } from '../../bench/commit-time.ts';

describe('commit time', () => {
  it('times fsync-durable inbox commits one at a time', async () => {
    const time = await measureCommitTime(20);
    expect(time.commits).toBe(20);
    expect(time.p50Ms).toBeGreaterThan(0);
    expect(time.p90Ms).toBeGreaterThanOrEqual(time.p50Ms);
  });

  it('bounds acknowledgements by connections over the commit time', () => {
    expect(commitBound(10, 2.5)).toBe(4_000);
    expect(commitBound(50, 0.5)).toBe(100_000);
  });
});
