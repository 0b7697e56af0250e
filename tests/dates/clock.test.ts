import { afterEach, describe, expect, it } from 'vitest';
import { clockFromEnv, createClock } from '../../src/dates/clock.ts';
import { formatJapaneseDate, holidayName, isNewYearBreak, japanDate } from '../../src/dates/japan-date.ts';

describe('createClock', () => {
  it.each([
    ['2026-11-27T10:00:00+09:00', '2026-11-27T01:00:00.000Z'],
    ['2026-11-27T01:00:00Z', '2026-11-27T01:00:00.000Z'],
    ['2026-11-27T10:00:00', '2026-11-27T01:00:00.000Z'],
    ['2026-11-27T10:00', '2026-11-27T01:00:00.000Z'],
    ['2026-11-27', '2026-11-26T15:00:00.000Z'],
  ])('fixes now at %s (Japan time when no offset is given)', (iso, expected) => {
    expect(createClock(iso).now().toISOString()).toBe(expected);
  });

  it('names KOTAE_NOW, or the given source, in the error for a bad value', () => {
    expect(() => createClock('27/11/2026')).toThrow(/^KOTAE_NOW: "27\/11\/2026" is not an ISO 8601 time/);
    expect(() => createClock('soon', '--now')).toThrow(/^--now: "soon"/);
  });

  it('follows the system time without a value', () => {
    const before = Date.now();
    const now = createClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now - before).toBeLessThan(1000);
  });
});

describe('clockFromEnv', () => {
  it('reads KOTAE_NOW', () => {
    expect(clockFromEnv({ KOTAE_NOW: '2026-11-23T09:00:00+09:00' }).now().toISOString()).toBe(
      '2026-11-23T00:00:00.000Z',
    );
  });

  it('rejects a bad KOTAE_NOW with an error naming it', () => {
    expect(() => clockFromEnv({ KOTAE_NOW: 'next friday' })).toThrow(
      /KOTAE_NOW: "next friday" is not an ISO 8601/,
    );
    expect(() => clockFromEnv({ KOTAE_NOW: '2026-13-01' })).toThrow(/KOTAE_NOW/);
  });

  it('uses the system time when KOTAE_NOW is unset or empty', () => {
    expect(Math.abs(clockFromEnv({}).now().getTime() - Date.now())).toBeLessThan(1000);
    expect(Math.abs(clockFromEnv({ KOTAE_NOW: '' }).now().getTime() - Date.now())).toBeLessThan(1000);
  });
});

describe('Japan dates', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('takes the calendar date in Japan whatever the machine time zone', () => {
    for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Tokyo', 'Pacific/Kiritimati']) {
      process.env.TZ = tz;
      expect(japanDate(new Date('2026-11-27T15:30:00Z'))).toBe('2026-11-28');
      expect(japanDate(new Date('2026-11-27T14:59:59Z'))).toBe('2026-11-27');
    }
  });

  it('formats a date with its weekday', () => {
    expect(formatJapaneseDate('2026-11-27')).toBe('11月27日（金）');
    expect(formatJapaneseDate('2027-01-01')).toBe('1月1日（金）');
  });

  it('knows public holidays and the New Year break', () => {
    expect(holidayName('2026-11-23')).toBe('勤労感謝の日');
    expect(holidayName('2026-11-27')).toBeNull();
    expect(isNewYearBreak('2026-12-29')).toBe(true);
    expect(isNewYearBreak('2027-01-03')).toBe(true);
    expect(isNewYearBreak('2027-01-04')).toBe(false);
    expect(isNewYearBreak('2026-12-28')).toBe(false);
  });
});
