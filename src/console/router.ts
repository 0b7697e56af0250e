// The staff console at /console: access control, security headers, and the five pages.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import express, {
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type Response,
  type Router,
} from 'express';
import helmet from 'helmet';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { corpusFiles } from '../corpus/add.ts';
import { toPassages } from '../corpus/passages.ts';
import type { EngineHolder } from '../engine/holder.ts';
import type { LoadedEngine } from '../engine/load-engine.ts';
import { HttpError } from '../http-error.ts';
import type { Logger } from '../log.ts';
import type { Answer } from '../qa/types.ts';
import type { HandoffSeal } from '../store/handoff-seal.ts';
import type { Store } from '../store/types.ts';
import { can, createAccess } from './access.ts';
import { auditActions, recordAudit } from './audit.ts';
import { createDryRuns, DRY_RUN_SUITES } from './dry-run.ts';
import { html, type SafeHtml } from './html.ts';
import { csrfField, formatTime, type PageContext } from './layout.ts';
import { consoleMessages } from './messages.ts';
import { askForm, askResult } from './pages/ask.ts';
import { registerAuditRoutes } from './pages/audit.ts';
import { registerDashboardRoutes } from './pages/dashboard.ts';
import { dictionariesView } from './pages/dictionaries.ts';
import { documentActions, registerDocumentChangeRoutes } from './pages/document-changes.ts';
import {
  addedNoticeLines,
  createDocumentUploader,
  readUploadForm,
  refusalView,
  reloadNoticeLines,
  UPLOAD_PATH,
  type UploadFields,
  uploadForm,
  uploadMessages,
} from './pages/document-upload.ts';
import {
  documentList,
  documentPage,
  passagePage,
  pendingChanges,
  reloadPanel,
  searchForm,
  searchResults,
} from './pages/documents.ts';
import { type HandoffAccount, registerHandoffRoutes } from './pages/handoffs.ts';
import { reviewCsv, reviewFilterSchema, reviewForm, reviewGroups, reviewTable } from './pages/review.ts';
import { runForm, runTestSet, type TestRun, testRunOverview, testRunView } from './pages/test-set.ts';
import { registerUserRoutes } from './pages/users.ts';
import { csrfMatches } from './session.ts';

export const DEFAULT_EVAL_SET = 'tests/eval/questions.jsonl';
/** Questions longer than the engine accepts are still shown, so staff see the decline. */
const MAX_QUESTION_INPUT = 1000;

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

const ASSETS: Record<string, { type: string; body: Buffer }> = Object.fromEntries(
  (
    [
      ['console.css', 'text/css; charset=utf-8'],
      ['console.js', 'text/javascript; charset=utf-8'],
    ] as const
  ).map(([name, type]) => [name, { type, body: readFileSync(new URL(`./assets/${name}`, import.meta.url)) }]),
);

const askQuerySchema = z.object({
  q: z
    .string()
    .max(MAX_QUESTION_INPUT, consoleMessages.questionTooLong(MAX_QUESTION_INPUT))
    .optional()
    .default(''),
  m: z.string().trim().max(50).optional().default(''),
});
/** Corpus ids are kebab-case names; anything else (dots, slashes, encoded traversal) is refused. */
const docIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/);
const ordinalSchema = z.coerce.number().int().min(0).max(1_000_000);

function one(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
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
  const { send, allow } = access;
  const evalSet = deps.evalSetPath ?? DEFAULT_EVAL_SET;
  const engines = (): EngineHolder => deps.engines;
  /** The serving engine, waiting for the first load; null when it could not load. */
  const loadedEngine = async (): Promise<LoadedEngine | null> => {
    const current = engines().current();
    if (current) return current;
    try {
      return await engines().ready();
    } catch {
      return engines().current();
    }
  };
  let lastRun: TestRun | null = null;
  /** The run before lastRun on the same file: the test set page shows what changed since. */
  let previousRun: TestRun | null = null;
  const dryRuns = createDryRuns(
    {
      corpusDir: config.corpusDir,
      dictionariesDir: config.dictionariesDir,
      evalSetPath: evalSet,
      suiteDirs: deps.dryRunSuites ?? DRY_RUN_SUITES,
    },
    (error) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'dry run failed'),
  );
  const uploader = createDocumentUploader(config.corpusDir, toPassages);

  const router = express.Router();
  router.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
        },
      },
      // Not no-referrer: under it browsers send `Origin: null` on our own form posts.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  router.use(access.guard);

  router.get('/assets/:name', (req, res, next) => {
    const asset = Object.hasOwn(ASSETS, req.params.name) ? ASSETS[req.params.name] : undefined;
    if (!asset) return next(new HttpError(404, 'not_found', consoleMessages.notFound));
    res.set('Cache-Control', 'no-cache').type(asset.type).send(asset.body);
  });

  access.install(router);

  const engineOr503 = async (res: Response): Promise<LoadedEngine | null> => {
    const loaded = await loadedEngine();
    if (!loaded) {
      send(
        res,
        503,
        await access.context(res),
        consoleMessages.engineFailedTitle,
        'ask',
        html`<p>${consoleMessages.engineFailed}</p>`,
      );
    }
    return loaded;
  };
  const municipalitiesOf = (loaded: LoadedEngine | null) =>
    [...new Set((loaded?.documents ?? []).map((d) => d.meta.municipality))].sort();

  const contentTermsOf =
    (loaded: LoadedEngine | null) =>
    (text: string): string[] =>
      loaded?.analyzer
        .queryTerms(text)
        .filter((t) => !t.compound)
        .map((t) => t.term) ?? [];

  /** Questions staff try are counted apart on the dashboard; a failed write only loses that count. */
  const recordStaffQuestion = async (question: string, answer: Answer) => {
    try {
      await store.interactions.record({
        answerId: `console-${randomUUID()}`,
        createdAt: clock(),
        eventId: null,
        userHash: null,
        sourceType: 'unknown',
        municipality: answer.municipality,
        question,
        answered: answer.answered,
        reason: answer.answered ? null : answer.reason,
        confidence: answer.confidence,
        sources: answer.sources,
        staff: true,
      });
    } catch (error) {
      logger.warn({ err: String(error) }, 'console question not recorded');
    }
  };

  router.get('/', (_req, res) => res.redirect(303, '/console/dashboard'));
  registerDashboardRoutes(router, {
    access,
    store,
    clock,
    municipalities: async () => municipalitiesOf(await loadedEngine()),
    contentTerms: async () => contentTermsOf(await loadedEngine()),
  });

  router.get('/ask', allow('view'), async (req, res) => {
    const loaded = await engineOr503(res);
    if (!loaded) return;
    const ctx = await access.context(res);
    const query = askQuerySchema.safeParse(req.query);
    const municipalities = municipalitiesOf(loaded);
    if (!query.success) {
      return send(
        res,
        400,
        ctx,
        '質問を試す',
        'ask',
        html`<div class="notice error" role="alert"><p>${query.error.issues[0]?.message ?? consoleMessages.badInput}</p></div>${askForm('', '', municipalities)}`,
      );
    }
    const { q, m } = query.data;
    const municipality = municipalities.includes(m) ? m : '';
    const explanation =
      q.trim() === ''
        ? null
        : loaded.engine.explain(q, {
            ...(municipality ? { municipality } : {}),
            ...(config.now ? { now: config.now } : {}),
          });
    if (explanation) await recordStaffQuestion(q, explanation.answer);
    const result = explanation
      ? askResult(
          explanation,
          (id) => loaded.index.passages.get(id),
          (id) => loaded.engine.followUps(id),
        )
      : null;
    send(res, 200, ctx, '質問を試す', 'ask', html`${askForm(q, municipality, municipalities)}${result}`);
  });

  router.get('/review', allow('view'), async (req, res) => {
    const ctx = await access.context(res);
    const filter = reviewFilterSchema.safeParse(req.query);
    const loaded = await loadedEngine();
    const municipalities = municipalitiesOf(loaded);
    if (!filter.success) {
      const fallback = reviewFilterSchema.parse({});
      return send(
        res,
        400,
        ctx,
        '振り返り',
        'review',
        html`<div class="notice error" role="alert"><p>${filter.error.issues[0]?.message ?? consoleMessages.badFilter}</p></div>${reviewForm(fallback, municipalities)}`,
      );
    }
    const result = await reviewGroups(store.interactions, filter.data, contentTermsOf(loaded));
    send(
      res,
      200,
      ctx,
      '振り返り',
      'review',
      html`${reviewForm(filter.data, municipalities)}${reviewTable(result, filter.data)}`,
    );
  });

  router.get('/review.csv', allow('view'), async (req, res) => {
    const filter = reviewFilterSchema.safeParse(req.query);
    if (!filter.success)
      throw new HttpError(400, 'bad_filter', filter.error.issues[0]?.message ?? 'bad filter');
    const { groups } = await reviewGroups(
      store.interactions,
      filter.data,
      contentTermsOf(await loadedEngine()),
    );
    res
      .type('text/csv; charset=utf-8')
      .attachment(`kotae-review-${new Date(clock()).toISOString().slice(0, 10)}.csv`)
      .send(reviewCsv(groups));
  });

  const documentsOverview = async (
    ctx: PageContext,
    loaded: LoadedEngine,
    form: { values: UploadFields; refusal: SafeHtml | null },
  ): Promise<SafeHtml> => {
    if (!can(ctx.role, 'edit')) {
      return html`${searchForm('')}${documentList(loaded.documents, loaded.passages)}`;
    }
    const files = await corpusFiles(config.corpusDir).catch(() => []);
    const panel = reloadPanel(
      csrfField(ctx),
      {
        failure: engines().lastFailure(),
        pending: pendingChanges(
          loaded.documents.map((d) => d.meta.id),
          files,
        ),
        unreadable: loaded.corpusErrors,
      },
      formatTime,
    );
    return html`${form.refusal}${searchForm('')}${panel}${documentList(loaded.documents, loaded.passages)}${uploadForm(
      csrfField(ctx),
      form.values,
      municipalitiesOf(loaded),
    )}`;
  };

  router.get('/documents', allow('view'), async (req, res) => {
    const loaded = await engineOr503(res);
    if (!loaded) return;
    const ctx = await access.context(res);
    const q = (one(req.query.q) ?? '').slice(0, 200).trim();
    send(
      res,
      200,
      ctx,
      '資料',
      'documents',
      q
        ? html`${searchForm(q)}${searchResults(loaded.passages, q)}`
        : await documentsOverview(ctx, loaded, { values: {}, refusal: null }),
    );
  });

  router.post(UPLOAD_PATH, allow('edit'), async (req, res) => {
    const viewer = access.viewerOf(res);
    const read = await readUploadForm(req, (token) => csrfMatches(viewer, token));
    if (!read.ok) {
      res.set('Connection', 'close');
      if (read.status === 403) {
        return send(
          res,
          403,
          null,
          consoleMessages.csrfTitle,
          'login',
          html`<p>${consoleMessages.csrf} <a href="/console/documents">資料を開く</a></p>`,
        );
      }
    }
    const loaded = await engineOr503(res);
    if (!loaded) return;
    const ctx = await access.context(res);
    const refuse = async (status: number, values: UploadFields, message: string) =>
      send(
        res,
        status,
        ctx,
        '資料',
        'documents',
        await documentsOverview(ctx, loaded, { values, refusal: refusalView(message) }),
      );
    if (!read.ok) return refuse(read.status, {}, read.message);
    if (!read.file) return refuse(400, read.fields, uploadMessages.noFile);
    const outcome = await uploader.add(read.file, read.fields);
    if (!outcome.success) {
      logger.info({ file: outcome.fileName, error: outcome.error }, 'console upload refused');
      return refuse(422, read.fields, outcome.error);
    }
    logger.info({ file: outcome.fileName, id: outcome.id, ...outcome.summary }, 'console added a document');
    const { passages, headings, tables } = outcome.summary;
    await recordAudit(store, viewer, clock(), {
      action: auditActions.documentUpload,
      target: outcome.id,
      before: null,
      after: `${consoleMessages.documentSummary(outcome.title, passages, headings, tables)} ← ${outcome.fileName}`,
    });
    await access.notify(res, { kind: 'ok', lines: addedNoticeLines(outcome) });
    res.redirect(303, '/console/documents');
  });

  /** A reload's before and after for the audit log: what was served, and what is served now (or why not). */
  const auditReload = async (
    res: Response,
    action: typeof auditActions.engineReload | typeof auditActions.dictionaryReload,
    before: LoadedEngine | null,
    result: Awaited<ReturnType<EngineHolder['reload']>>,
  ) => {
    const summary = (loaded: LoadedEngine) => {
      if (action === auditActions.engineReload) {
        return consoleMessages.engineSummary(loaded.documents.length, loaded.passages.length);
      }
      const { userTerms, synonyms, stopwords } = loaded.analyzer.dictionaries;
      return consoleMessages.dictionarySummary(userTerms.length, synonyms.length, stopwords.size);
    };
    await recordAudit(store, access.viewerOf(res), clock(), {
      action,
      target: action === auditActions.engineReload ? config.corpusDir : config.dictionariesDir,
      before: before ? summary(before) : null,
      after: result.ok
        ? summary(result.loaded)
        : `${consoleMessages.refusedSummary(result.reason)} ${result.errors.join(' / ')}`,
    });
  };

  router.post('/documents/reload', allow('edit'), async (_req, res) => {
    const before = engines().current();
    const result = await engines().reload();
    await auditReload(res, auditActions.engineReload, before, result);
    await access.notify(res, reloadNoticeLines(result));
    if (result.ok) logger.info({ ms: result.ms }, 'console reloaded the engine');
    else logger.warn({ reason: result.reason, errors: result.errors }, 'console reload refused');
    res.redirect(303, '/console/documents');
  });

  const findDocument = (loaded: LoadedEngine, raw: string | undefined) => {
    const id = docIdSchema.safeParse(raw);
    if (!id.success) throw new HttpError(400, 'bad_document_id', consoleMessages.badDocumentId);
    const doc = loaded.documents.find((d) => d.meta.id === id.data);
    if (!doc) throw new HttpError(404, 'not_found', consoleMessages.noDocument);
    return doc;
  };

  router.get('/documents/:docId', allow('view'), async (req, res) => {
    const loaded = await engineOr503(res);
    if (!loaded) return;
    const doc = findDocument(loaded, req.params.docId);
    const ctx = await access.context(res);
    send(
      res,
      200,
      ctx,
      doc.meta.title,
      'documents',
      html`${documentPage(doc, loaded.passages)}${can(ctx.role, 'edit') ? documentActions(ctx, doc.meta.id) : null}`,
    );
  });

  router.get('/documents/:docId/passages/:ordinal', allow('view'), async (req, res) => {
    const loaded = await engineOr503(res);
    if (!loaded) return;
    const doc = findDocument(loaded, req.params.docId);
    const ordinal = ordinalSchema.safeParse(req.params.ordinal);
    const passage = ordinal.success
      ? loaded.passages.find((p) => p.docId === doc.meta.id && p.ordinal === ordinal.data)
      : undefined;
    if (!passage) throw new HttpError(404, 'not_found', consoleMessages.noPassage);
    send(
      res,
      200,
      await access.context(res),
      `${doc.meta.title} §${passage.ordinal}`,
      'documents',
      passagePage(doc, passage, loaded.passages),
    );
  });

  router.get('/test-set', allow('edit'), async (req, res) => {
    const ctx = await access.context(res);
    send(
      res,
      200,
      ctx,
      'テストセット',
      'test-set',
      html`${runForm(csrfField(ctx), evalSet)}${
        lastRun
          ? html`${testRunOverview(lastRun, previousRun)}${testRunView(lastRun, req.query.failed === '1')}`
          : html`<p>${consoleMessages.testNotRun}</p>`
      }`,
    );
  });

  router.post('/test-set/run', allow('edit'), async (_req, res) => {
    const loaded = await engineOr503(res);
    if (!loaded) return;
    try {
      const run = await runTestSet(evalSet, loaded, clock);
      previousRun = lastRun?.file === run.file ? lastRun : null;
      lastRun = run;
      await access.notify(res, { kind: 'ok', lines: [consoleMessages.testRunDone(lastRun.scores.length)] });
    } catch (error) {
      await access.notify(res, {
        kind: 'error',
        lines: [error instanceof Error ? error.message : String(error)],
      });
    }
    res.redirect(303, '/console/test-set');
  });

  router.get('/dictionaries', allow('edit'), async (_req, res) => {
    const loaded = await engineOr503(res);
    if (!loaded) return;
    const ctx = await access.context(res);
    send(
      res,
      200,
      ctx,
      '辞書',
      'dictionaries',
      dictionariesView(loaded, csrfField(ctx), config.dictionariesDir),
    );
  });

  router.post('/dictionaries/reload', allow('edit'), async (_req, res) => {
    const before = engines().current();
    const result = await engines().reload();
    await auditReload(res, auditActions.dictionaryReload, before, result);
    if (result.ok) {
      const { userTerms, synonyms } = result.loaded.analyzer.dictionaries;
      await access.notify(res, {
        kind: 'ok',
        lines: [consoleMessages.reloaded(userTerms.length, synonyms.length, result.ms)],
      });
      logger.info({ ms: result.ms }, 'console reloaded the engine');
    } else {
      await access.notify(res, reloadNoticeLines(result));
      logger.warn({ reason: result.reason, errors: result.errors }, 'console reload refused');
    }
    res.redirect(303, '/console/dictionaries');
  });

  registerDocumentChangeRoutes(router, {
    access,
    store,
    logger,
    clock,
    corpusDir: config.corpusDir,
    toPassages,
    engineOr503,
    dryRuns,
  });
  registerHandoffRoutes(router, {
    access,
    store,
    logger,
    clock,
    seal: deps.handoffs?.seal ?? null,
    account: deps.handoffs?.account ?? (() => null),
    corpusDir: config.corpusDir,
    toPassages,
    engines,
    municipalities: async () => municipalitiesOf(await loadedEngine()),
  });
  registerAuditRoutes(router, { access, store });
  registerUserRoutes(router, { access, store, logger, clock });

  router.use((_req, _res, next) => next(new HttpError(404, 'not_found', consoleMessages.notFound)));

  const handleError: ErrorRequestHandler = async (
    error: unknown,
    _req: Request,
    res: Response,
    next: NextFunction,
  ) => {
    if (res.headersSent) return next(error);
    const http =
      error instanceof HttpError
        ? error
        : typeof (error as { status?: unknown })?.status === 'number' &&
            (error as { status: number }).status < 500
          ? new HttpError((error as { status: number }).status, 'bad_request', consoleMessages.badRequest)
          : null;
    if (!http) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'console request failed');
    }
    const status = http?.status ?? 500;
    const message = http?.message ?? consoleMessages.internalError;
    const ctx = res.locals.session ? await access.context(res).catch(() => null) : null;
    send(
      res,
      status,
      ctx,
      consoleMessages.errorTitle,
      'login',
      html`<p>${message}</p><p><a href="/console/">${consoleMessages.backToConsole}</a></p>`,
    );
  };
  router.use(handleError);
  return router;
}
