// POST /webhook: verify the signature on the raw bytes, parse, store durably, then acknowledge.
import express, { type RequestHandler, type Router } from 'express';
import { HttpError } from '../http-error.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/types.ts';
import type { IdentityKeys } from '../store/user-hash.ts';
import { parseWebhookBody, toInboxEvent } from './events.ts';
import { type LoadingIndicator, loadingTarget } from './loading.ts';
import { createSignatureCheck, type SignatureCheck } from './signature.ts';

/** LINE bodies are a few KB; this leaves room for large batches and rejects abuse early. */
export const WEBHOOK_BODY_LIMIT_BYTES = 1_000_000;

/** LINE sends a few KB at once and gives up on us after a few seconds: a body still arriving now is not LINE. */
export const WEBHOOK_BODY_DEADLINE_MS = 5_000;

/** Skipped events named in the log line; the count is always there. */
const MAX_LOGGED_SKIPS = 3;

export interface WebhookDeps {
  /** Null while the LINE variables are unset: the route answers 503 naming them. */
  channelSecret: string | null;
  missingVariables: string[];
  store: Store;
  keys: IdentityKeys;
  pushFallback: boolean;
  logger: Logger;
  now: () => number;
  /** Called after new events are stored, to wake the processor. */
  onEnqueued: () => void;
  /** Defaults to WEBHOOK_BODY_DEADLINE_MS; tests pass a short one. */
  bodyDeadlineMs?: number;
  /** One channel of several (src/channels.ts): its events are tagged with its id, and LINE's `destination` checked. */
  channel?: { id: string; botUserId: string | null };
  /** Shows residents the bot is working; absent while no access token is set. */
  loading?: LoadingIndicator;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeJson(body: Buffer): unknown {
  try {
    return JSON.parse(utf8.decode(body));
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not UTF-8 JSON.');
  }
}

/**
 * Answers 408 and frees the socket when the body has not fully arrived in time: a request that declares a
 * huge Content-Length and sends a few bytes would otherwise hold its socket until node's request timeout.
 */
function bodyDeadline(ms: number, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (req.complete || res.headersSent) return;
      logger.info({ status: 408, path: req.originalUrl }, 'webhook body not sent in time');
      const error = new HttpError(408, 'body_timeout', `The body did not arrive within ${ms} ms.`);
      res.once('finish', () => req.socket.destroy());
      res.status(408).set('connection', 'close').json(error.toJSON());
    }, ms);
    const clear = () => clearTimeout(timer);
    req.once('end', clear);
    res.once('close', clear);
    next();
  };
}

export function createWebhookRouter(deps: WebhookDeps): Router {
  const router = express.Router();
  let check: { secret: string; verify: SignatureCheck } | null = null;
  const verifierFor = (secret: string): SignatureCheck => {
    if (check?.secret !== secret) check = { secret, verify: createSignatureCheck(secret) };
    return check.verify;
  };
  const notConfigured = (): HttpError =>
    new HttpError(
      503,
      'line_not_configured',
      `Set ${deps.missingVariables.join(' and ')} to receive LINE webhooks.`,
      {
        missing: deps.missingVariables,
      },
    );

  router.post(
    '/',
    (_req, _res, next) => next(deps.channelSecret === null ? notConfigured() : undefined),
    bodyDeadline(deps.bodyDeadlineMs ?? WEBHOOK_BODY_DEADLINE_MS, deps.logger),
    // Raw bytes for any content type: the signature covers exactly what LINE sent, before any JSON parser.
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT_BYTES, inflate: false }),
    async (req, res) => {
      const secret = deps.channelSecret;
      if (secret === null) throw notConfigured();
      const signature = req.get('x-line-signature');
      const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!signature)
        throw new HttpError(401, 'missing_signature', 'The x-line-signature header is missing.');
      if (!verifierFor(secret)(body, signature)) {
        throw new HttpError(401, 'invalid_signature', 'The x-line-signature does not match the body.');
      }
      const json = decodeJson(body);
      const parsed = parseWebhookBody(json);
      if (!parsed.ok)
        throw new HttpError(400, 'invalid_payload', `Not a LINE webhook payload (${parsed.error}).`);
      const botUserId = deps.channel?.botUserId ?? null;
      if (botUserId !== null && (json as { destination?: unknown }).destination !== botUserId) {
        throw new HttpError(403, 'wrong_destination', "The destination is not this channel's bot.");
      }
      const { events, skipped } = parsed.value;
      const logSkipped = () => {
        if (skipped.length === 0) return;
        deps.logger.warn(
          { skipped: skipped.length, first: skipped.slice(0, MAX_LOGGED_SKIPS) },
          'webhook events skipped',
        );
      };
      if (events.length === 0) {
        res.status(200).json({ ok: true, received: 0, skipped: skipped.length });
        logSkipped();
        return;
      }
      const channel = deps.channel ? { channel: deps.channel.id } : {};
      const inboxEvents = events.map((e) => ({
        ...toInboxEvent(e, { keys: deps.keys, keepPushTarget: deps.pushFallback }),
        ...channel,
      }));
      const result = await deps.store.inbox.enqueue(inboxEvents, deps.now());
      res.status(200).json({ ok: true, received: inboxEvents.length, skipped: skipped.length });
      // A redelivered event that is already in the inbox was answered or is being answered: no new animation.
      if (deps.loading && result.inserted.length > 0) {
        const inserted = new Set(result.inserted);
        for (const event of events) {
          const target = inserted.delete(event.base.webhookEventId) ? loadingTarget(event) : null;
          if (target !== null) deps.loading.start(target);
        }
      }
      // Only what makes the events durable comes before the 200; logging and waking the processor can wait.
      logSkipped();
      deps.logger.info(
        { received: inboxEvents.length, duplicates: result.duplicates.length },
        'webhook acknowledged',
      );
      if (result.inserted.length > 0) deps.onEnqueued();
    },
  );
  return router;
}
