// The injectable clock: "now" comes from KOTAE_NOW when set, so the CLI, server and tests can fix it.
import { z } from 'zod';
import { japanInstant } from './japan-date.ts';

export interface Clock {
  now(): Date;
}

// An ISO 8601 time with or without offset, or a bare date; without an offset it is read as Japan time.
const NowSchema = z.union([z.iso.datetime({ offset: true, local: true }), z.iso.date()]);

const HAS_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Parses an ISO 8601 time; `source` names the setting in the error (e.g. KOTAE_NOW). */
export function parseNow(value: string, source = 'now'): Date {
  const parsed = NowSchema.safeParse(value.trim());
  if (!parsed.success) {
    throw new Error(
      `${source}: "${value}" is not an ISO 8601 time; use e.g. 2026-11-27T09:00:00+09:00 or 2026-11-27`,
    );
  }
  const text = parsed.data;
  if (!text.includes('T')) return japanInstant(text);
  if (HAS_OFFSET.test(text)) return new Date(text);
  const [datePart = '', timePart = ''] = text.split('T');
  const [h = 0, m = 0, s = 0] = timePart.split(':').map(Number);
  return new Date(japanInstant(datePart, h * 60 + m).getTime() + s * 1000);
}

/**
 * A clock fixed at `nowIso` when given (usually the KOTAE_NOW value), else the system clock.
 * A bad value throws an error naming `source`.
 */
export function createClock(nowIso?: string, source = 'KOTAE_NOW'): Clock {
  if (nowIso === undefined || nowIso.trim() === '') return { now: () => new Date() };
  const fixed = parseNow(nowIso, source);
  return { now: () => new Date(fixed.getTime()) };
}

/** The clock for the process: KOTAE_NOW (ISO 8601) overrides the system time. */
export function clockFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): Clock {
  return createClock(env.KOTAE_NOW, 'KOTAE_NOW');
}
