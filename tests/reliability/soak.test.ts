import { afterAll, describe, expect, it } from 'vitest';
import {
  formatReasons,
  formatReport,
  parseSoakArgs,
  percentile,
  pickKind,
  problems,
  repeated,
  runSoak,
  type SoakReport,
  seededRandom,
  settle,
  TRAFFIC_MIX,
} from '../../scripts/soak.ts';
import { copyShippedCorpus } from '../support/shipped-corpus.ts';

const shipped = copyShippedCorpus();
afterAll(() => shipped.remove());
const corpus = { corpusDir: shipped.corpusDir, dictionariesDir: shipped.dictionariesDir };

describe('soak run', () => {
  it('loses nothing and handles nothing twice under mixed traffic while LINE fails 10% of calls', async () => {
    const report = await runSoak({ ...corpus, seconds: 5, rate: 20, kill: false, seed: 11, failRate: 0.1 });
    expect(problems(report), formatReport(report)).toEqual([]);
    expect(report.events.lost).toBe(0);
    expect(report.events.duplicates).toBe(0);
    expect(report.requests.unexpected).toBe(0);
    expect(report.requests.rejected).toBeGreaterThan(0);
    expect(report.events.answered).toBeGreaterThan(0);
    expect(report.events.distinctAcknowledged).toBeLessThanOrEqual(report.events.acknowledged);
    expect(report.shutdownExitCode).toBe(0);
  }, 120_000);

  it('gives every acknowledged event an outcome and replies at most once across a kill -9', async () => {
    const report = await runSoak({ ...corpus, seconds: 5, rate: 20, kill: true, seed: 12, failRate: 0.1 });
    const text = formatReport(report);
    expect(report.restarts).toBe(1);
    expect(report.unsettledAtKill, text).toBeGreaterThan(0);
    expect(report.events.lost, text).toBe(0);
    expect(report.events.repliedTwice, text).toBe(0);
    expect(report.requests.unexpected, text).toBe(0);
    expect(report.shutdownExitCode).toBe(0);
  }, 120_000);

  // Known bug: an event killed after its interaction was recorded but before the reply was attempted is
  // requeued and recorded again under a new answer id (src/line/handle-event.ts). Unskip once fixed.
  it('records each event as one interaction across a kill -9', async () => {
    const report = await runSoak({ ...corpus, seconds: 5, rate: 20, kill: true, seed: 12, failRate: 0.1 });
    expect(report.events.recordedTwice, formatReport(report)).toBe(0);
    expect(problems(report)).toEqual([]);
  }, 120_000);
});

describe('soak accounting', () => {
  const rows = [
    { event_id: 'a', status: 'done', outcome: 'answered' },
    { event_id: 'b', status: 'done', outcome: 'declined' },
    { event_id: 'c', status: 'processing', outcome: null },
    { event_id: 'd', status: 'pending', outcome: null },
    { event_id: 'f', status: 'done', outcome: 'expired', detail: 'reply_token_expired' },
    { event_id: 'g', status: 'done', outcome: 'expired', detail: 'pushed' },
    { event_id: 'h', status: 'done', outcome: 'expired', detail: 'reply_token_expired' },
  ];
  const acked = (ids: string[], userId: string | null = null) =>
    new Map(ids.map((id) => [id, { userId }] as const));

  it('counts an acknowledged event without a done row as lost, with its inbox status', () => {
    const settled = settle(acked(['a', 'b', 'c', 'd', 'e']), new Set(), rows);
    expect(settled.outcomes.answered).toBe(1);
    expect(settled.outcomes.declined).toBe(1);
    expect(settled.lost).toEqual([
      { eventId: 'c', status: 'processing' },
      { eventId: 'd', status: 'pending' },
      { eventId: 'e', status: 'missing' },
    ]);
  });

  it('counts expired events by reason, and prints them most frequent first', () => {
    const settled = settle(acked(['a', 'f', 'g', 'h']), new Set(), rows);
    expect(settled.outcomes.expired).toBe(3);
    expect(settled.expiredBy).toEqual({ reply_token_expired: 2, pushed: 1 });
    expect(formatReasons(settled.expiredBy)).toBe(' (reply_token_expired 2, pushed 1)');
    expect(formatReasons({})).toBe('');
  });

  it('does not count as lost an event deleted with its user on unfollow, only a missing one', () => {
    const settled = settle(acked(['e', 'c'], 'U1'), new Set(['U1']), rows);
    expect(settled.forgotten).toBe(1);
    expect(settled.lost).toEqual([{ eventId: 'c', status: 'processing' }]);
  });

  it('finds keys used more than once', () => {
    expect(repeated(['t1', 't2', 't1', 't3', 't1'])).toEqual(['t1']);
    expect(repeated([])).toEqual([]);
  });

  it('takes the nearest-rank percentile', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile([], 99)).toBe(0);
  });

  it('fails a run on a duplicate, a lost event or an unexpected response', () => {
    const base = {
      requests: { sent: 1, acknowledged: 1, rejected: 0, unexpected: 0, unreached: 0 },
      events: { duplicates: 0, lost: 0 },
    } as unknown as SoakReport;
    expect(problems(base)).toEqual([]);
    expect(problems({ ...base, events: { ...base.events, duplicates: 2 } })).toEqual(['2 duplicate(s)']);
    expect(problems({ ...base, events: { ...base.events, lost: 1 } })).toEqual(['1 lost event(s)']);
    expect(problems({ ...base, requests: { ...base.requests, unexpected: 3 } })).toEqual([
      '3 unexpected response(s)',
    ]);
  });

  it('sends each kind of traffic in about its share', () => {
    const random = seededRandom(3);
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const kind = pickKind(random());
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    for (const [kind, share] of Object.entries(TRAFFIC_MIX)) {
      expect(Math.abs((counts.get(kind) ?? 0) / 10_000 - share), kind).toBeLessThan(0.02);
    }
  });

  it('reads --seconds, --rate and --kill, and refuses a run longer than 300 s', () => {
    expect(parseSoakArgs([])).toMatchObject({ seconds: 30, rate: 20, kill: false });
    expect(parseSoakArgs(['--seconds', '12', '--rate', '5', '--kill'])).toMatchObject({
      seconds: 12,
      rate: 5,
      kill: true,
    });
    expect(parseSoakArgs(['--seconds', '301'])).toHaveProperty('error');
    expect(parseSoakArgs(['--seconds', 'ten'])).toHaveProperty('error');
    expect(parseSoakArgs(['--bogus'])).toHaveProperty('error');
  });
});
