// Composition root: config, logger, store, server (listening at once), engine, inbox processor, shutdown.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Channel,
  channelHandlerDeps,
  channelWebhookDeps,
  loadChannels,
  routeByChannel,
} from './channels.ts';
import type { Config } from './config.ts';
import type { HandoffAccount } from './console/pages/handoffs.ts';
import { type EarlyStart, startAnswers, startEarly } from './early-answers.ts';
import { createEngineHolder, type EngineHolder, liveEngine, type ReloadResult } from './engine/holder.ts';
import { loadEngine } from './engine/load-engine.ts';
import { watchForReload } from './engine/watch.ts';
import { lazyRouter } from './lazy-router.ts';
import { createAnswerTurns } from './line/answer-turns.ts';
import type { AnswerWorker } from './line/answer-worker.ts';
import { type Answers, answersOnThisThread } from './line/answers.ts';
import { createLineSender, createQuotaReader, type LineSender, loadLineSdk } from './line/client.ts';
import { createInboxProcessor, type InboxProcessor } from './line/dispatcher.ts';
import { createEventHandler, type EventHandlerDeps } from './line/handle-event.ts';
import { createLoadingIndicator } from './line/loading.ts';
import { createSendSlots } from './line/send-slots.ts';
import type { WebhookDeps } from './line/webhook.ts';
import type { Logger } from './log.ts';
import { createApp, createHttpServer } from './server.ts';
import { createHandoffSeal } from './store/handoff-seal.ts';
import { type OpenedStore, openConfiguredStore } from './store/open-store.ts';
import type { Store } from './store/types.ts';
import { createIdentityKeys, resolveUserHashSecret } from './store/user-hash.ts';

/** In-flight events get this long to finish on SIGTERM before the process exits anyway. */
export const SHUTDOWN_DEADLINE_MS = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ServiceOptions {
  config: Config;
  logger: Logger;
  /**
   * The console's engine. Defaults to the real engine over the configured directories
   * (src/engine/load-engine.ts), and residents are then answered by another one in a worker thread
   * (src/line/answer-worker.ts) that reloads with it. A holder passed here (tests: a fake) answers residents
   * too, on this thread.
   */
  engines?: EngineHolder;
  /** Defaults to the @line/bot-sdk client when LINE credentials are set. */
  sender?: LineSender | null;
  /** Defaults to the store the config selects (src/store/open-store.ts). */
  store?: OpenedStore;
  clock?: () => number;
  /** Defaults to the channels in KOTAE_CHANNELS_FILE (src/channels.ts). */
  channels?: readonly Channel[];
  /** The answer worker `npm start` started before this module loaded (src/early-answers.ts); else one starts here. */
  answerWorker?: AnswerWorker;
}

export interface Service {
  server: Server;
  url: string;
  store: Store;
  /** Resolves once the engine is loaded and the inbox is being processed. */
  ready: Promise<void>;
  processor: () => InboxProcessor | null;
  /** Stops accepting, finishes in-flight events within the deadline, closes the database. */
  shutdown(deadlineMs?: number): Promise<void>;
}

/** The server could not listen; the message names the port or host and what to do, for the operator. */
export class ListenError extends Error {
  override name = 'ListenError';
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

function listenError(error: unknown, port: number, host: string): Error {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE')
    return new ListenError(
      `Port ${port} on ${host} is already in use: stop the program listening there, or set PORT to a free port.`,
      code,
    );
  if (code === 'EACCES')
    return new ListenError(
      `Port ${port} on ${host} needs privileges: set PORT to 1024 or above (put a proxy in front for 80/443).`,
      code,
    );
  if (code === 'EADDRNOTAVAIL')
    return new ListenError(
      `HOST ${host} is not an address of this machine: set HOST to one of its addresses, or 0.0.0.0.`,
      code,
    );
  return error instanceof Error ? error : new Error(String(error));
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => reject(listenError(error, port, host));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
}

export async function startService(options: ServiceOptions): Promise<Service> {
  const { config, logger } = options;
  const clock = options.clock ?? Date.now;
  const channels = options.channels ?? loadChannels(config.channelsFile, process.env);
  const { secret, origin } = resolveUserHashSecret({
    userHashSecret: config.userHashSecret,
    channelSecret: config.line?.channelSecret ?? channels[0]?.channelSecret ?? null,
    dataDir: config.dataDir,
  });
  const keys = createIdentityKeys(secret);
  const opened = options.store ?? (await openConfiguredStore(config, logger));
  const { store } = opened;
  const sender =
    options.sender !== undefined
      ? options.sender
      : config.line
        ? createLineSender({
            channelAccessToken: config.line.channelAccessToken,
            baseURL: config.lineApiBaseUrl,
            logger,
          })
        : null;

  const channelSenders = new Map<string, LineSender | null>(
    channels.map((c) => [
      c.id,
      options.sender !== undefined
        ? options.sender
        : createLineSender({
            channelAccessToken: c.channelAccessToken,
            baseURL: config.lineApiBaseUrl,
            logger,
          }),
    ]),
  );
  const channelSender = (c: Channel): LineSender | null => channelSenders.get(c.id) ?? null;
  const loadingFor = (s: LineSender | null) => (s ? createLoadingIndicator(s, logger) : null);
  const loading = loadingFor(sender);

  const handoffSeal = config.handoffKey ? createHandoffSeal(config.handoffKey) : null;
  // Staff replies go out on the LINE account the thread came in on, with that account's quota.
  const accountFor = (token: string, pushVia: LineSender | null): HandoffAccount => {
    const via =
      pushVia ?? createLineSender({ channelAccessToken: token, baseURL: config.lineApiBaseUrl, logger });
    return {
      push: (to, messages, retryKey) => via.push(to, messages, retryKey),
      quota: createQuotaReader({ channelAccessToken: token, baseURL: config.lineApiBaseUrl, logger }),
    };
  };
  const handoffAccounts = new Map<string | null, HandoffAccount>([
    ...(config.line ? [[null, accountFor(config.line.channelAccessToken, sender)] as const] : []),
    ...channels.map((c) => [c.id, accountFor(c.channelAccessToken, channelSender(c))] as const),
  ]);
  const handoffAccount = (channel: string | null) => handoffAccounts.get(channel) ?? null;

  let engines: EngineHolder;
  let answerWorker: AnswerWorker | null = null;
  if (options.engines) {
    engines = options.engines;
  } else {
    const { corpusDir, dictionariesDir } = config;
    answerWorker = options.answerWorker ?? startAnswers(config, logger);
    engines = consoleEngine(
      () => createEngineHolder({ load: () => loadEngine({ corpusDir, dictionariesDir }), dictionariesDir }),
      answerWorker,
      logger,
    );
  }
  const live = liveEngine(engines);
  const answers: Answers =
    answerWorker ?? answersOnThisThread({ engine: live, lookupPassage: (id) => live.lookupPassage(id) });
  const watcher = config.watchFiles
    ? watchForReload({
        dirs: [config.corpusDir, config.dictionariesDir],
        reload: () => engines.reload(),
        logger,
      })
    : null;

  let ready = false;
  let processor: InboxProcessor | null = null;
  const webhook: WebhookDeps = {
    channelSecret: config.line?.channelSecret ?? null,
    missingVariables: config.missingLineVariables,
    store,
    keys,
    pushFallback: config.pushFallback,
    logger,
    now: clock,
    onEnqueued: () => processor?.notify(),
    ...(loading ? { loading } : {}),
  };
  // Residents need none of the console's 50 modules: they load once the service is ready, or at a first
  // /console request, which waits for them.
  const consoleRouter = lazyRouter(async () =>
    (await import('./console/router.ts')).createConsoleRouter({
      config,
      store,
      logger,
      passwordHash: config.consolePasswordHash,
      engines,
      handoffs: { seal: handoffSeal, account: handoffAccount },
    }),
  );
  const app = createApp({
    webhook,
    channelWebhooks: channels.map((c) => ({
      id: c.id,
      webhook: channelWebhookDeps(webhook, c, loadingFor(channelSender(c))),
    })),
    readiness: { isReady: () => ready },
    logger,
    trustProxy: config.trustProxy,
    consoleRouter: answerWorker
      ? // Every console page reads the served engine: the first request builds it and waits for it.
        (req, res, next) => {
          const serve = () => consoleRouter.handle(req, res, next);
          engines.ready().then(serve, serve);
        }
      : consoleRouter.handle,
  });
  const server = createHttpServer(app);
  try {
    await listen(server, config.port, config.host);
  } catch (error) {
    watcher?.close();
    await answerWorker?.close();
    if (!options.store) await store.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info(
    {
      url,
      pid: process.pid,
      lineConfigured: config.line !== null,
      userHashKey: origin,
      pushFallback: config.pushFallback,
      store: opened.kind,
      channels: channels.map((c) => c.id),
    },
    'listening',
  );
  if (opened.kind === 'postgres' && origin === 'data-dir key file') {
    logger.warn('each instance hashes user ids with its own key: set USER_HASH_SECRET on all of them');
  }
  if (config.line === null) {
    logger.warn({ missing: config.missingLineVariables }, 'LINE is not configured: /webhook answers 503');
  }

  const purge = async () => {
    const deleted = await store.purgeOlderThan(clock() - config.retentionDays * DAY_MS);
    if (deleted.interactions + deleted.inboxEvents + deleted.handoffs > 0)
      logger.info(deleted, 'retention purge');
  };
  const purgeTimer = setInterval(
    () => void purge().catch((e) => logger.error({ err: String(e) }, 'purge failed')),
    DAY_MS,
  );
  purgeTimer.unref();
  const pollTimer =
    opened.pollIntervalMs === null ? null : setInterval(() => processor?.notify(), opened.pollIntervalMs);
  pollTimer?.unref();

  let shuttingDown: Promise<void> | null = null;
  const readyPromise = (async () => {
    const started = clock();
    let loaded: number;
    try {
      loaded = answerWorker ? (await answerWorker.ready()).passages : (await engines.ready()).passages.length;
    } catch (error) {
      // A shutdown before the engine loaded closes the worker: that is no failure to load.
      if (shuttingDown) return;
      throw error;
    }
    if (shuttingDown) return;
    const handlerDeps: EventHandlerDeps = {
      answers,
      sender,
      store,
      keys,
      rateLimiter: opened.rateLimiter,
      groupPrefixes: config.groupPrefixes,
      pushFallback: config.pushFallback,
      clock,
      engineNow: config.now,
      logger,
      // One bound for the process: every channel's replies share the sockets and the event loop.
      sendSlots: createSendSlots(),
      answerTurns: createAnswerTurns(),
      handoffSeal,
      retentionDays: config.retentionDays,
    };
    processor = createInboxProcessor({
      store,
      clock,
      logger,
      handle: routeByChannel(
        createEventHandler(handlerDeps),
        new Map(
          channels.map((c) => [
            c.id,
            createEventHandler(channelHandlerDeps(handlerDeps, c, channelSender(c))),
          ]),
        ),
      ),
    });
    ready = true;
    logger.info(
      {
        ms: clock() - started,
        passages: loaded,
        answers: answerWorker ? 'worker' : 'thread',
      },
      'engine ready',
    );
    // Loaded after ready rather than before, and before the first reply needs it.
    if (sender || channels.length > 0)
      loadLineSdk().catch((e: unknown) => logger.error({ err: String(e) }, 'LINE SDK failed to load'));
    consoleRouter.load().catch((e: unknown) => logger.error({ err: String(e) }, 'console failed to load'));
    // The store answers asynchronously (on its own thread): a shutdown may close it while these wait.
    await purge().catch((error: unknown) => {
      if (!shuttingDown) throw error;
    });
    if (shuttingDown) return;
    await processor.start();
  })();

  const shutdown = (deadlineMs = SHUTDOWN_DEADLINE_MS) => {
    shuttingDown ??= (async () => {
      ready = false;
      clearInterval(purgeTimer);
      watcher?.close();
      if (pollTimer) clearInterval(pollTimer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const finished = processor ? await processor.stop(deadlineMs) : true;
      if (!finished)
        logger.warn(
          { inFlight: processor?.inFlight() },
          'shutdown deadline passed; recovery will settle the rest',
        );
      server.closeAllConnections();
      await closed;
      await answerWorker?.close();
      await store.close();
      logger.info({ finished }, 'stopped');
    })();
    return shuttingDown;
  };

  return { server, url, store, ready: readyPromise, processor: () => processor, shutdown };
}

/**
 * The console's engine: built at its first use (the console's first request), since residents are answered by
 * the worker's and an engine nobody looks at only holds memory. Its reloads are passed on to the worker, so a
 * reload from the console or the file watcher reaches residents too; a reload the worker refuses keeps its old
 * engine, as the holder does.
 */
function consoleEngine(create: () => EngineHolder, worker: AnswerWorker, logger: Logger): EngineHolder {
  let holder: EngineHolder | null = null;
  const built = () => {
    holder ??= create();
    return holder;
  };
  const reloadWorker = async () => {
    const residents = await worker.reload().catch((error: unknown) => ({
      ok: false as const,
      errors: [error instanceof Error ? error.message : String(error)],
    }));
    if (!residents.ok) logger.error({ errors: residents.errors }, 'answer worker kept its old engine');
  };
  return {
    current: () => holder?.current() ?? null,
    ready: () => built().ready(),
    lastFailure: () => holder?.lastFailure() ?? null,
    async reload(): Promise<ReloadResult> {
      if (holder === null) {
        // Nothing to rebuild here yet: the first build reads the files as they are now.
        const started = performance.now();
        await reloadWorker();
        return built()
          .ready()
          .then(
            (loaded) => ({ ok: true, loaded, ms: Math.round(performance.now() - started) }),
            (error: unknown) => ({
              ok: false,
              reason: 'load',
              errors: [error instanceof Error ? error.message : String(error)],
            }),
          );
      }
      const result = await holder.reload();
      if (result.ok) await reloadWorker();
      return result;
    },
  };
}

export async function main(early?: EarlyStart): Promise<void> {
  const { config, logger, answerWorker } = early ?? (await startEarly());
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason instanceof Error ? reason.message : String(reason) }, 'unhandled rejection');
  });
  let service: Service;
  try {
    service = await startService({ config, logger, answerWorker });
  } catch (error) {
    if (error instanceof ListenError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  exitOnSignals(service, logger);
  service.ready.catch((error: unknown) => {
    logger.fatal({ err: error instanceof Error ? error.message : String(error) }, 'engine failed to load');
    void service.shutdown(0).finally(() => process.exit(1));
  });
}

/** SIGTERM/SIGINT: graceful shutdown, then exit; a second signal exits at once. */
export function exitOnSignals(service: Service, logger: Logger): void {
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    process.once(signal, () => process.exit(1));
    void service.shutdown().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

if (import.meta.main) await main();
