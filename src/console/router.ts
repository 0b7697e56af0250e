// The staff console at /console, composed: headers and assets, access control, each page's own routes,
// and the one error page. Pages register their routes in src/console/pages/.
import express, { type Router } from 'express';
import type { Config } from '../config.ts';
import { toPassages } from '../corpus/passages.ts';
import type { EngineHolder } from '../engine/holder.ts';
import type { Logger } from '../log.ts';
import type { HandoffSeal } from '../store/handoff-seal.ts';
import type { Store } from '../store/types.ts';
import { createAccess } from './access.ts';
import { registerAssetRoutes, securityHeaders } from './assets.ts';
import { createDryRuns, DRY_RUN_SUITES } from './dry-run.ts';
import { errorHandler, notFound } from './error-page.ts';
import { registerAskRoutes } from './pages/ask.ts';
import { registerAuditRoutes } from './pages/audit.ts';
import { registerDashboardRoutes } from './pages/dashboard.ts';
import { registerDictionaryRoutes } from './pages/dictionaries.ts';
import { registerDocumentChangeRoutes } from './pages/document-changes.ts';
import { registerDocumentRoutes } from './pages/documents.ts';
import { type HandoffAccount, registerHandoffRoutes } from './pages/handoffs.ts';
import { registerReviewRoutes } from './pages/review.ts';
import { registerTestSetRoutes } from './pages/test-set.ts';
import { registerUserRoutes } from './pages/users.ts';
import { serveEngine } from './served-engine.ts';

export const DEFAULT_EVAL_SET = 'tests/eval/questions.jsonl';

export interface ConsoleDeps {
  config: Config;
  store: Store;
  logger: Logger;
  /** The serving engine (the one the LINE side answers from), to inspect and reload. */
  engines: EngineHolder;
  /** `CONSOLE_PASSWORD_HASH` (scrypt, see password.ts); wins over the plain password. */
  passwordHash?: string | null;
  evalSetPath?: string;
  /** Generalization suites the dry run of a document change scores; default the dev suites. */
  dryRunSuites?: readonly string[];
  clock?: () => number;
  loginLimit?: { windowMs: number; limit: number };
  /** Answering 職員に聞く threads: HANDOFF_KEY's seal and the LINE account of a channel (null = default). */
  handoffs?: { seal: HandoffSeal | null; account: (channel: string | null) => HandoffAccount | null };
}

export function createConsoleRouter(deps: ConsoleDeps): Router {
  const { config, store, logger } = deps;
  const clock = deps.clock ?? Date.now;
  const access = createAccess({
    config,
    store,
    logger,
    clock,
    passwordHash: deps.passwordHash ?? null,
    ...(deps.loginLimit ? { loginLimit: deps.loginLimit } : {}),
  });
  const engine = serveEngine(deps.engines, access);
  const evalSetPath = deps.evalSetPath ?? DEFAULT_EVAL_SET;
  const { corpusDir, dictionariesDir } = config;
  const dryRuns = createDryRuns(
    { corpusDir, dictionariesDir, evalSetPath, suiteDirs: deps.dryRunSuites ?? DRY_RUN_SUITES },
    (error) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'dry run failed'),
  );
  const pageDeps = { access, store, logger, clock, engine };

  const router = express.Router();
  router.use(securityHeaders());
  router.use(access.guard);
  registerAssetRoutes(router);
  access.install(router);

  router.get('/', (_req, res) => res.redirect(303, '/console/dashboard'));
  registerDashboardRoutes(router, pageDeps);
  registerAskRoutes(router, { ...pageDeps, now: config.now });
  registerReviewRoutes(router, pageDeps);
  registerDocumentRoutes(router, { ...pageDeps, corpusDir, toPassages });
  registerTestSetRoutes(router, { ...pageDeps, evalSetPath });
  registerDictionaryRoutes(router, { ...pageDeps, dictionariesDir });
  registerDocumentChangeRoutes(router, { ...pageDeps, corpusDir, toPassages, dryRuns });
  registerHandoffRoutes(router, {
    ...pageDeps,
    seal: deps.handoffs?.seal ?? null,
    account: deps.handoffs?.account ?? (() => null),
    corpusDir,
    toPassages,
  });
  registerAuditRoutes(router, pageDeps);
  registerUserRoutes(router, pageDeps);

  router.use(notFound);
  router.use(errorHandler(access, logger));
  return router;
}
