// The express app: /webhook, /healthz, /readyz, the optional staff console, and one error handler.
import { createServer, type Server } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { faviconIco } from './favicon.ts';
import { HttpError } from './http-error.ts';
import { createWebhookRouter, type WebhookDeps } from './line/webhook.ts';
import type { Logger } from './log.ts';

/** How long a client may take to send a request: node's defaults (1 min headers, 5 min request) let stalled sockets pile up. */
export interface HttpTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** How often node checks the two above: they fire up to this late. */
  checkIntervalMs: number;
}

export const HTTP_TIMEOUTS: HttpTimeouts = {
  // Headers are a few hundred bytes; a client that needs longer is stalling on purpose (slowloris).
  headersTimeoutMs: 10_000,
  // Generous for a staff upload over a slow link; the webhook has its own, shorter body deadline.
  requestTimeoutMs: 60_000,
  checkIntervalMs: 1_000,
};

export function createHttpServer(app: Express, timeouts: HttpTimeouts = HTTP_TIMEOUTS): Server {
  return createServer(
    {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
    },
    app,
  );
}

export interface Readiness {
  isReady(): boolean;
}

export interface AppDeps {
  webhook: WebhookDeps;
  readiness: Readiness;
  logger: Logger;
  /** The staff console (src/console/router.ts, loaded lazily by main.ts), mounted at /console when present. */
  consoleRouter?: RequestHandler | undefined;
  /** TRUST_PROXY: the proxies whose X-Forwarded-* headers give the client address and scheme. */
  trustProxy?: readonly string[] | null;
  /** Several cities (src/channels.ts): each channel's webhook at /webhook/<id>. */
  channelWebhooks?: readonly { id: string; webhook: WebhookDeps }[];
}

/** body-parser error types that mean the client sent something wrong. */
const CLIENT_ERROR_TYPES: Record<string, number> = {
  'entity.too.large': 413,
  'entity.parse.failed': 400,
  'entity.verify.failed': 400,
  'request.aborted': 400,
  'request.size.invalid': 400,
  'stream.encoding.set': 500,
  'encoding.unsupported': 415,
  'charset.unsupported': 415,
  'parameters.too.many': 413,
};

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const e = error as { type?: unknown; status?: unknown; expose?: unknown } | null;
  const status =
    (typeof e?.type === 'string' ? CLIENT_ERROR_TYPES[e.type] : undefined) ??
    (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true
      ? e.status
      : undefined);
  if (status === 413) return new HttpError(413, 'payload_too_large', 'The body is too large.');
  if (status !== undefined && status < 500)
    return new HttpError(status, 'bad_request', 'The request is invalid.');
  return new HttpError(500, 'internal_error', 'Internal error.');
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Only a named proxy's headers are believed; anyone else could write X-Forwarded-For themselves.
  app.set('trust proxy', deps.trustProxy ? [...deps.trustProxy] : false);

  // Browsers ask for it on every first visit; a 404 there only fills logs and consoles. Drawn at the first
  // request: drawing it took 20-50 ms of every start.
  let favicon: Buffer | undefined;
  app.get('/favicon.ico', (_req, res) => {
    favicon ??= faviconIco();
    res.set('Cache-Control', 'public, max-age=86400').type('image/x-icon').send(favicon);
  });
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', (_req, res) => {
    const ready = deps.readiness.isReady();
    res.status(ready ? 200 : 503).json({ ready });
  });
  for (const channel of deps.channelWebhooks ?? []) {
    app.use(`/webhook/${encodeURIComponent(channel.id)}`, createWebhookRouter(channel.webhook));
  }
  app.use('/webhook', createWebhookRouter(deps.webhook));
  if (deps.consoleRouter) app.use('/console', deps.consoleRouter);

  app.use((_req, _res, next) => {
    next(new HttpError(404, 'not_found', 'No such route.'));
  });

  const handleError: ErrorRequestHandler = (error, req, res, _next) => {
    const http = toHttpError(error);
    if (http.status >= 500 && !(error instanceof HttpError)) {
      deps.logger.error(
        {
          err: error instanceof Error ? { name: error.name, message: error.message } : String(error),
          path: req.path,
        },
        'request failed',
      );
    } else if (http.status !== 404) {
      // Repeated signature failures usually mean a wrong LINE_CHANNEL_SECRET; worth seeing, never with the body.
      deps.logger.info({ status: http.status, code: http.code, path: req.path }, 'request rejected');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(http.status).json(http.toJSON());
  };
  app.use(handleError);
  return app;
}
