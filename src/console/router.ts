// The staff console at /console: access control, security headers, and the five pages.
import { readFileSync } from 'node:fs';
import cookieParser from 'cookie-parser';
import express, {
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type Response,
  type Router,
} from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { corpusFiles } from '../corpus/add.ts';
import { toPassages } from '../corpus/passages.ts';
import { HttpError } from '../http-error.ts';
import { type LoadedEngine, loadEngine } from '../load-engine.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/types.ts';
import { createEngineHolder, type EngineHolder } from './engine-holder.ts';
import { html, type SafeHtml } from './html.ts';
import { csrfField, formatTime, type PageContext, page, type Section } from './layout.ts';
import { consoleMessages } from './messages.ts';
import { askForm, askResult } from './pages/ask.ts';
import { dictionariesView } from './pages/dictionaries.ts';
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
import { reviewCsv, reviewFilterSchema, reviewForm, reviewGroups, reviewTable } from './pages/review.ts';
import { runForm, runTestSet, type TestRun, testRunView } from './pages/test-set.ts';
import { passwordCheck } from './password.ts';
import { isAllowedHost, isCrossOrigin, isForwarded } from './request-guard.ts';
import {
  clearSessionCookie,
  createLoginTokens,
  createSessionStore,
  csrfMatches,
  isLoopback,
  SESSION_COOKIE,
  type Session,
  setSessionCookie,
} from './session.ts';

export const DEFAULT_EVAL_SET = 'tests/eval/questions.jsonl';
/** Login attempts per address and window: enough for typos, far too few for guessing. */
export const LOGIN_LIMIT = { windowMs: 15 * 60 * 1000, limit: 10 };
/** Questions longer than the engine accepts are still shown, so staff see the decline. */
const MAX_QUESTION_INPUT = 1000;

export interface ConsoleDeps {
  config: Config;
  store: Store;
  logger: Logger;
  /** The engine to inspect and reload; defaults to one built from the configured directories. */
  engines?: EngineHolder;
  /** `CONSOLE_PASSWORD_HASH` (scrypt, see password.ts); wins over the plain password. */
  passwordHash?: string | null;
  evalSetPath?: string;
  clock?: () => number;
  loginLimit?: { windowMs: number; limit: number };
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
const loginBodySchema = z.object({ password: z.string().max(1024), next: z.string().max(2048).optional() });

/** Only console paths are followed after login, so the parameter cannot send staff elsewhere. */
function safeNext(next: string | undefined): string {
  return next && /^\/console\/[^/\\]/.test(next) && !next.includes('//') ? next : '/console/ask';
}

function one(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function createConsoleRouter(deps: ConsoleDeps): Router {
  const { config, store, logger } = deps;
  const clock = deps.clock ?? Date.now;
  const check = passwordCheck({ password: config.consolePassword, passwordHash: deps.passwordHash ?? null });
  const passwordMode = check !== null;
  const sessions = createSessionStore(clock);
  const loginTokens = createLoginTokens();
  const evalSet = deps.evalSetPath ?? DEFAULT_EVAL_SET;
  const allowedHosts: ReadonlySet<string> = new Set(config.consoleAllowedHosts);
  // With a password a rebinding page gains nothing (the cookie stays with the real name); without, Host is all we have.
  const checkHost = !passwordMode || allowedHosts.size > 0;
  // Built on the first console request: a service whose console is never opened never pays for it.
  let holder: EngineHolder | undefined = deps.engines;
  const engines = (): EngineHolder => {
    if (holder) return holder;
    holder = createEngineHolder({
      load: () => loadEngine({ corpusDir: config.corpusDir, dictionariesDir: config.dictionariesDir }),
      dictionariesDir: config.dictionariesDir,
    });
    holder.ready().catch((error: unknown) => {
      logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'console engine failed to load',
      );
    });
    return holder;
  };
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
  router.use((req, res, next) => {
    res.set('Cache-Control', 'no-store');
    if (checkHost && !isAllowedHost(req.headers.host, allowedHosts)) {
      res
        .status(421)
        .type('html')
        .send(
          page(
            null,
            { title: consoleMessages.hostNotAllowedTitle, section: 'login' },
            html`<p>${consoleMessages.hostNotAllowed}</p>`,
          ),
        );
      return;
    }
    // Behind a reverse proxy every request comes from loopback: a forwarded request is never "this machine".
    if (!passwordMode && (isForwarded(req.headers) || !isLoopback(req.socket.remoteAddress))) {
      res
        .status(403)
        .type('html')
        .send(
          page(
            null,
            { title: consoleMessages.notLoopbackTitle, section: 'login' },
            html`<p>${consoleMessages.notLoopback}</p>`,
          ),
        );
      return;
    }
    if (isCrossOrigin(req.method, req.headers, allowedHosts)) {
      res
        .status(403)
        .type('html')
        .send(
          page(
            null,
            { title: consoleMessages.crossOriginTitle, section: 'login' },
            html`<p>${consoleMessages.crossOrigin}</p>`,
          ),
        );
      return;
    }
    next();
  });

  router.get('/assets/:name', (req, res, next) => {
    const asset = Object.hasOwn(ASSETS, req.params.name) ? ASSETS[req.params.name] : undefined;
    if (!asset) return next(new HttpError(404, 'not_found', consoleMessages.notFound));
    res.set('Cache-Control', 'no-cache').type(asset.type).send(asset.body);
  });

  router.use(cookieParser());
  router.use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }));

  const sessionOf = (req: Request): Session | null => sessions.get(one(req.cookies?.[SESSION_COOKIE]));
  /** Without a password a loopback request is as good as a login; with one, only POST /login makes a session. */
  const loopbackSession = (req: Request, res: Response): Session => {
    const found = sessionOf(req);
    if (found) return found;
    const created = sessions.create(true);
    setSessionCookie(req, res, created);
    return created;
  };
  const context = (session: Session): PageContext => {
    const notice = session.notice;
    session.notice = null;
    return { csrf: session.csrf, passwordMode, notice };
  };
  const send = (
    res: Response,
    status: number,
    ctx: PageContext | null,
    title: string,
    section: Section,
    body: SafeHtml,
  ): void => {
    res
      .status(status)
      .type('html')
      .send(page(ctx, { title, section }, body));
  };

  // CSRF: every state-changing request carries its session's token.
  router.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    // The upload's token is its form's first part, checked by the route before the file is read.
    if (req.path === UPLOAD_PATH && req.is('multipart/form-data')) return next();
    const submitted = (req.body as Record<string, unknown> | undefined)?._csrf;
    const session = sessionOf(req);
    const valid =
      req.path === '/login'
        ? loginTokens.verify(req, submitted)
        : session !== null && csrfMatches(session, submitted);
    if (!valid) {
      return send(
        res,
        403,
        null,
        consoleMessages.csrfTitle,
        'login',
        html`<p>${consoleMessages.csrf} <a href="/console/ask">コンソールを開く</a></p>`,
      );
    }
    next();
  });

  const loginLimiter = rateLimit({
    ...(deps.loginLimit ?? LOGIN_LIMIT),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    handler: (_req, res) => {
      send(
        res,
        429,
        null,
        consoleMessages.rateLimitedTitle,
        'login',
        html`<p>${consoleMessages.rateLimited}</p>`,
      );
    },
  });

  const loginForm = (csrf: string, next: string, error: string | null) =>
    html`${error ? html`<div class="notice error" role="alert"><p>${error}</p></div>` : null}
<form method="post" action="/console/login" class="login">${csrfField({ csrf })}<input type="hidden" name="next" value="${next}">
<div class="field"><label for="password">パスワード</label><input id="password" name="password" type="password" autocomplete="current-password" required autofocus></div>
<button type="submit">ログイン</button></form>`;

  router.get('/login', (req, res) => {
    if (!passwordMode) return res.redirect(303, '/console/ask');
    if (sessionOf(req)?.authenticated) return res.redirect(303, safeNext(one(req.query.next)));
    const form = loginForm(loginTokens.issue(req, res), safeNext(one(req.query.next)), null);
    send(res, 200, null, 'ログイン', 'login', form);
  });

  router.post('/login', loginLimiter, (req, res) => {
    if (!check) return res.redirect(303, '/console/ask');
    const body = loginBodySchema.safeParse(req.body);
    const next = safeNext(body.success ? body.data.next : undefined);
    if (!body.success || !check(body.data.password)) {
      logger.warn({ ip: req.ip }, 'console login failed');
      const form = loginForm(loginTokens.issue(req, res), next, consoleMessages.wrongPassword);
      return send(res, 401, null, 'ログイン', 'login', form);
    }
    // Always a new session id, so an id planted before login is worthless.
    const old = sessionOf(req);
    if (old) sessions.destroy(old.id);
    loginTokens.clear(req, res);
    setSessionCookie(req, res, sessions.create(true));
    logger.info({ ip: req.ip }, 'console login');
    res.redirect(303, next);
  });

  router.post('/logout', (req, res) => {
    const session = sessionOf(req);
    if (session) sessions.destroy(session.id);
    clearSessionCookie(req, res);
    res.redirect(303, passwordMode ? '/console/login' : '/console/ask');
  });

  // Everything below needs a logged-in session (or a loopback request when no password is set).
  router.use((req, res, next) => {
    const session = passwordMode ? sessionOf(req) : loopbackSession(req, res);
    if (session?.authenticated) {
      res.locals.session = session;
      return next();
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      return res.redirect(303, `/console/login?${new URLSearchParams({ next: req.originalUrl })}`);
    }
    send(
      res,
      401,
      null,
      consoleMessages.loginRequiredTitle,
      'login',
      html`<p><a href="/console/login">ログイン</a>してください。</p>`,
    );
  });

  const sessionFrom = (res: Response) => res.locals.session as Session;
  const engineOr503 = async (res: Response): Promise<LoadedEngine | null> => {
    const loaded = await loadedEngine();
    if (!loaded) {
      send(
        res,
        503,
        context(sessionFrom(res)),
        consoleMessages.engineFailedTitle,
        'ask',
        html`<p>${consoleMessages.engineFailed}</p>`,
      );
    }
    return loaded;
  };
  const municipalitiesOf = (loaded: LoadedEngine | null) =>
    [...new Set((loaded?.documents ?? []).map((d) => d.meta.municipality))].sort();

  router.get('/', (_req, res) => res.redirect(303, '/console/ask'));

  router.get('/ask', async (req, res) => {
    const loaded = await engineOr503(res);
    if (!loaded) return;
    const ctx = context(sessionFrom(res));
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
    const result =
      q.trim() === ''
        ? null
        : askResult(
            loaded.engine.explain(q, {
              ...(municipality ? { municipality } : {}),
              ...(config.now ? { now: config.now } : {}),
            }),
            (id) => loaded.index.passages.get(id),
          );
    send(res, 200, ctx, '質問を試す', 'ask', html`${askForm(q, municipality, municipalities)}${result}`);
  });

  const contentTermsOf =
    (loaded: LoadedEngine | null) =>
    (text: string): string[] =>
      loaded?.analyzer
        .queryTerms(text)
        .filter((t) => !t.compound)
        .map((t) => t.term) ?? [];

  router.get('/review', async (req, res) => {
    const ctx = context(sessionFrom(res));
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

  router.get('/review.csv', async (req, res) => {
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

  router.get('/documents', async (req, res) => {
    const loaded = await engineOr503(res);
    if (!loaded) return;
    const ctx = context(sessionFrom(res));
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

  router.post(UPLOAD_PATH, async (req, res) => {
    const session = sessionFrom(res);
    const read = await readUploadForm(req, (token) => csrfMatches(session, token));
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
    const ctx = context(session);
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
    session.notice = { kind: 'ok', lines: addedNoticeLines(outcome) };
    res.redirect(303, '/console/documents');
  });

  router.post('/documents/reload', async (_req, res) => {
    const session = sessionFrom(res);
    const result = await engines().reload();
    session.notice = reloadNoticeLines(result);
    if (result.ok) logger.info({ ms: result.ms }, 'console reloaded the engine');
    else logger.warn({ reason: result.reason, errors: result.errors }, 'console reload refused');
    res.redirect(303, '/console/documents');
  });

  const findDocument = (loaded: LoadedEngine, raw: string) => {
    const id = docIdSchema.safeParse(raw);
    if (!id.success) throw new HttpError(400, 'bad_document_id', consoleMessages.badDocumentId);
    const doc = loaded.documents.find((d) => d.meta.id === id.data);
    if (!doc) throw new HttpError(404, 'not_found', consoleMessages.noDocument);
    return doc;
  };

  router.get('/documents/:docId', async (req, res) => {
    const loaded = await engineOr503(res);
    if (!loaded) return;
    const doc = findDocument(loaded, req.params.docId);
    send(
      res,
      200,
      context(sessionFrom(res)),
      doc.meta.title,
      'documents',
      documentPage(doc, loaded.passages),
    );
  });

  router.get('/documents/:docId/passages/:ordinal', async (req, res) => {
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
      context(sessionFrom(res)),
      `${doc.meta.title} §${passage.ordinal}`,
      'documents',
      passagePage(doc, passage, loaded.passages),
    );
  });

  router.get('/test-set', (req, res) => {
    const session = sessionFrom(res);
    const ctx = context(session);
    send(
      res,
      200,
      ctx,
      'テストセット',
      'test-set',
      html`${runForm(csrfField(ctx), evalSet)}${lastRun ? testRunView(lastRun, req.query.failed === '1') : html`<p>${consoleMessages.testNotRun}</p>`}`,
    );
  });

  router.post('/test-set/run', async (_req, res) => {
    const session = sessionFrom(res);
    const loaded = await engineOr503(res);
    if (!loaded) return;
    try {
      lastRun = await runTestSet(evalSet, loaded, clock);
      session.notice = { kind: 'ok', lines: [consoleMessages.testRunDone(lastRun.scores.length)] };
    } catch (error) {
      session.notice = { kind: 'error', lines: [error instanceof Error ? error.message : String(error)] };
    }
    res.redirect(303, '/console/test-set');
  });

  router.get('/dictionaries', async (_req, res) => {
    const loaded = await engineOr503(res);
    if (!loaded) return;
    const ctx = context(sessionFrom(res));
    send(
      res,
      200,
      ctx,
      '辞書',
      'dictionaries',
      dictionariesView(loaded, csrfField(ctx), config.dictionariesDir),
    );
  });

  router.post('/dictionaries/reload', async (_req, res) => {
    const session = sessionFrom(res);
    const result = await engines().reload();
    if (result.ok) {
      const { userTerms, synonyms } = result.loaded.analyzer.dictionaries;
      session.notice = {
        kind: 'ok',
        lines: [consoleMessages.reloaded(userTerms.length, synonyms.length, result.ms)],
      };
      logger.info({ ms: result.ms }, 'console reloaded the engine');
    } else {
      session.notice = reloadNoticeLines(result);
      logger.warn({ reason: result.reason, errors: result.errors }, 'console reload refused');
    }
    res.redirect(303, '/console/dictionaries');
  });

  router.use((_req, _res, next) => next(new HttpError(404, 'not_found', consoleMessages.notFound)));

  const handleError: ErrorRequestHandler = (
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
    const session = res.locals.session as Session | undefined;
    send(
      res,
      status,
      session ? context(session) : null,
      'エラー',
      'login',
      html`<p>${message}</p><p><a href="/console/ask">コンソールのはじめに戻る</a></p>`,
    );
  };
  router.use(handleError);
  return router;
}
