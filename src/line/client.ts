// The only LINE API caller: reply, push and the loading indicator with a timeout, limits check, and a result value (never throws).
import { createHash } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import type { Logger } from 'pino';
import { z } from 'zod';
import { assertWithinLimits } from './limits.ts';

export type SendResult =
  | { ok: true; requestId?: string; alreadyAccepted?: true }
  | { ok: false; status?: number; requestId?: string; retryable: boolean; error: string };

export type SenderLogger = Pick<Logger, 'debug' | 'warn' | 'error'>;

export interface LineSenderOptions {
  channelAccessToken: string;
  /** `https://api.line.me` unless set; tests point it at a fake LINE API on 127.0.0.1. */
  baseURL?: string;
  timeoutMs?: number;
  logger: SenderLogger;
}

export interface LineSender {
  /** A reply token works once: a result that may have consumed it is never `retryable`. */
  reply(replyToken: string, messages: messagingApi.Message[]): Promise<SendResult>;
  /** `retryKey` is a UUID or any string key (e.g. the webhook event id), turned into one by `retryKeyFor`. */
  push(to: string, messages: messagingApi.Message[], retryKey: string): Promise<SendResult>;
  /** The loading animation of a one-to-one chat (`chatId` is a user id); LINE refuses it for groups and rooms. */
  showLoading(chatId: string, loadingSeconds: number): Promise<SendResult>;
}

/** LINE answers in well under a second; past this the reply is abandoned (the webhook was acked long ago). */
export const DEFAULT_LINE_TIMEOUT_MS = 5000;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/** Network failures where the request never reached LINE, so even a reply token is still unused. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * A deterministic UUID (RFC 9562 version 8, name-based on SHA-256) for `X-Line-Retry-Key`, so a
 * redelivered event retries with the same key and LINE sends the message at most once.
 */
export function retryKeyFor(key: string): string {
  const bytes = createHash('sha256').update(`kotae-line-retry-key:${key}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

type LineSdk = typeof import('@line/bot-sdk');
let lineSdk: Promise<LineSdk> | undefined;

/**
 * The SDK is a few hundred modules, most of a start-up's module loading: it loads at the first LINE call,
 * or earlier when the service calls this once it is ready.
 */
export function loadLineSdk(): Promise<LineSdk> {
  lineSdk ??= import('@line/bot-sdk');
  return lineSdk;
}

function lazyClient(options: LineSenderOptions): () => Promise<messagingApi.MessagingApiClient> {
  let client: messagingApi.MessagingApiClient | undefined;
  return async () => {
    const sdk = await loadLineSdk();
    client ??= new sdk.messagingApi.MessagingApiClient({
      channelAccessToken: options.channelAccessToken,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    });
    return client;
  };
}

type Outcome<T> = { kind: 'done'; value: T } | { kind: 'failed'; error: unknown } | { kind: 'timeout' };

// The SDK's fetch takes no AbortSignal, so the call is raced; a late answer is dropped.
async function withTimeout<T>(call: () => Promise<T>, ms: number): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), ms);
  });
  const settled = Promise.resolve()
    .then(call)
    .then(
      (value): Outcome<T> => ({ kind: 'done', value }),
      (error: unknown): Outcome<T> => ({ kind: 'failed', error }),
    );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function lineErrorMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'message' in parsed &&
      typeof parsed.message === 'string'
    ) {
      return parsed.message.slice(0, 200);
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return body.slice(0, 200);
}

function networkCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

type Operation = 'reply' | 'push' | 'loading';

export function createLineSender(options: LineSenderOptions): LineSender {
  const { logger } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_LINE_TIMEOUT_MS;
  const client = lazyClient(options);

  async function send(
    op: Operation,
    messages: messagingApi.Message[],
    call: () => Promise<{ httpResponse: Response }>,
  ): Promise<SendResult> {
    const limits = assertWithinLimits(messages);
    if (!limits.ok) {
      logger.error({ op, issues: limits.issues }, 'LINE message over limits; not sent');
      return { ok: false, retryable: false, error: `message over LINE limits: ${limits.issues.join('; ')}` };
    }
    return request(op, messages.length, call);
  }

  async function request(
    op: Operation,
    count: number,
    call: () => Promise<{ httpResponse: Response }>,
  ): Promise<SendResult> {
    const outcome = await withTimeout(call, timeoutMs);
    // Only a push carries a retry key, so only a push may be resent after LINE might have acted on it.
    const retryIfMaybeSent = op === 'push';

    if (outcome.kind === 'done') {
      const requestId = outcome.value.httpResponse.headers.get('x-line-request-id') ?? undefined;
      logger.debug({ op, requestId, count }, 'LINE API call done');
      return requestId ? { ok: true, requestId } : { ok: true };
    }
    if (outcome.kind === 'timeout') {
      logger.warn({ op, timeoutMs }, 'LINE API call timed out');
      return {
        ok: false,
        retryable: retryIfMaybeSent,
        error: `LINE API ${op} timed out after ${timeoutMs} ms`,
      };
    }

    const { error } = outcome;
    if (error instanceof (await loadLineSdk()).HTTPFetchError) {
      const status = error.status;
      const requestId = error.headers.get('x-line-request-id') ?? undefined;
      const detail = lineErrorMessage(error.body);
      const base = { status, ...(requestId ? { requestId } : {}) };
      if (op === 'push' && status === 409) {
        logger.warn({ op, ...base }, 'LINE push already accepted for this retry key');
        return { ok: true, alreadyAccepted: true, ...(requestId ? { requestId } : {}) };
      }
      const retryable = status === 429 || (status >= 500 && retryIfMaybeSent);
      if (status === 429 || status >= 500) {
        logger.warn({ op, ...base, detail }, 'LINE API rate limit or server error');
      } else {
        logger.error({ op, ...base, detail }, 'LINE API rejected the request');
      }
      return { ok: false, ...base, retryable, error: `LINE API ${op} ${status}: ${detail}` };
    }

    const code = networkCode(error);
    const message = error instanceof Error ? error.message : String(error);
    const neverSent = code !== undefined && NOT_SENT_CODES.has(code);
    logger.warn({ op, code, error: message }, 'LINE API call failed');
    return {
      ok: false,
      retryable: neverSent || retryIfMaybeSent,
      error: `LINE API ${op} failed: ${message}${code ? ` (${code})` : ''}`,
    };
  }

  // The last guard of "never throws": a bug above becomes a failed, non-retryable result.
  async function guarded(op: Operation, run: () => Promise<SendResult>): Promise<SendResult> {
    try {
      return await run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.error({ op, error: message }, 'LINE send failed unexpectedly');
      return { ok: false, retryable: false, error: `LINE API ${op} failed: ${message}` };
    }
  }

  return {
    reply(replyToken, messages) {
      return guarded('reply', () =>
        send('reply', messages, async () =>
          (await client()).replyMessageWithHttpInfo({ replyToken, messages }),
        ),
      );
    },
    push(to, messages, retryKey) {
      const key = UUID_PATTERN.test(retryKey) ? retryKey.toLowerCase() : retryKeyFor(retryKey);
      return guarded('push', () =>
        send('push', messages, async () => (await client()).pushMessageWithHttpInfo({ to, messages }, key)),
      );
    },
    showLoading(chatId, loadingSeconds) {
      return guarded('loading', () =>
        request('loading', 0, async () =>
          (await client()).showLoadingAnimationWithHttpInfo({ chatId, loadingSeconds }),
        ),
      );
    },
  };
}

/** This month's message quota of a channel, shown to staff before a push that counts against it. */
export interface MessageQuota {
  /** Messages a month; null when the plan has no limit. */
  limit: number | null;
  used: number;
}

export type QuotaReader = () => Promise<MessageQuota | null>;

const quotaSchema = z.object({
  type: z.enum(['none', 'limited']),
  value: z.number().int().nonnegative().optional(),
});
const consumptionSchema = z.object({ totalUsage: z.number().int().nonnegative() });

/** `getMessageQuota` and `getMessageQuotaConsumption`; null (logged) when LINE cannot say, never throws. */
export function createQuotaReader(options: LineSenderOptions): QuotaReader {
  const client = lazyClient(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_LINE_TIMEOUT_MS;
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const [quota, consumption] = await Promise.race([
        client().then((c) => Promise.all([c.getMessageQuota(), c.getMessageQuotaConsumption()])),
        timeout,
      ]);
      const q = quotaSchema.parse(quota);
      const c = consumptionSchema.parse(consumption);
      return { limit: q.type === 'limited' ? (q.value ?? 0) : null, used: c.totalUsage };
    } catch (error) {
      const sdk = await loadLineSdk().catch(() => null);
      const status = sdk && error instanceof sdk.HTTPFetchError ? error.status : undefined;
      options.logger.warn(
        { op: 'quota', status, err: error instanceof Error ? error.message : String(error) },
        'LINE quota not read',
      );
      return null;
    } finally {
      clearTimeout(timer);
    }
  };
}
