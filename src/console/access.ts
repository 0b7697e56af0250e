// Who may use the console and what each may do: addressing checks, login, sessions in the store,
// CSRF, roles. The one module every route's access goes through.
import { createHash, randomBytes } from 'node:crypto';
import cookieParser from 'cookie-parser';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { ConsoleSession, Role, Store } from '../store/types.ts';
import { sendErrorPage } from './error-page.ts';
import { html, type SafeHtml } from './html.ts';
import { csrfField, type PageContext, page, type Section } from './layout.ts';
import { consoleMessages } from './messages.ts';
import { hashPassword, passwordCheck, verifyPasswordHash } from './password.ts';
import { isAllowedHost, isCrossOrigin, isForwarded } from './request-guard.ts';
import { createLoginTokens, csrfMatches, isLoopback, type Notice } from './session.ts';

export const SESSION_COOKIE = 'kotae_console';
/** A staff member's working day: after that they log in again, however active. */
export const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000;
/** Failed logins per account and per client address in the window: enough for typos, far too few for guessing. */
export const LOGIN_LIMIT = { windowMs: 15 * 60 * 1000, limit: 10 };
/** Whether accounts exist is asked at most this often; a first account made by the CLI applies within it. */
const ACCOUNTS_CACHE_MS = 5_000;
/** last_seen_at is written at most this often per session, not on every request. */
const TOUCH_EVERY_MS = 30_000;

/** Actors that are not accounts: the shared CONSOLE_PASSWORD and a loopback visit without any login. */
export const SHARED_ACTOR = '@shared';
export const LOOPBACK_ACTOR = '@loopback';

export type Permission = 'view' | 'edit' | 'audit' | 'admin';
/** viewer: dashboard, ask, review, reading documents; editor: changing documents and dictionaries; admin: accounts. */
const PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(['view', 'edit', 'audit', 'admin']),
  editor: new Set(['view', 'edit', 'audit']),
  viewer: new Set(['view']),
};
const LEAST_ROLE: Record<Permission, Role> = {
  view: 'viewer',
  edit: 'editor',
  audit: 'editor',
  admin: 'admin',
};

export function can(role: Role, permission: Permission): boolean {
  return PERMISSIONS[role].has(permission);
}

/** Account names: what a city's staff directory uses, and nothing that could pass for a built-in actor. */
export const userNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, consoleMessages.badUserName);
export const newPasswordSchema = z
  .string()
  .min(10, consoleMessages.badPassword)
  .max(1024, consoleMessages.badPassword);

const noticeSchema = z.object({ kind: z.enum(['ok', 'error']), lines: z.array(z.string()) });
const loginBodySchema = z.object({
  name: z.string().max(200).optional().default(''),
  password: z.string().max(1024),
  next: z.string().max(2048).optional(),
});

/** The logged-in person of a request, as pages see it. */
export interface Viewer {
  sessionId: string;
  actor: string;
  role: Role;
  csrf: string;
  notice: Notice | null;
}

export interface AccessDeps {
  config: Config;
  store: Store;
  logger: Logger;
  clock: () => number;
  /** `CONSOLE_PASSWORD_HASH`; wins over the plain password. */
  passwordHash: string | null;
  loginLimit?: { windowMs: number; limit: number };
}

export interface Access {
  /** Host, proxy and origin checks; before anything else, assets included. */
  guard: RequestHandler;
  /** Cookies, body parsing, sessions, CSRF, login and logout, and the login requirement. */
  install(router: Router): void;
  /** Middleware answering 403 unless the viewer's role has the permission. */
  allow<P = Record<string, string>>(permission: Permission): RequestHandler<P>;
  viewerOf(res: Response): Viewer;
  /** The page frame's context; consumes the one-time notice. */
  context(res: Response): Promise<PageContext>;
  notify(res: Response, notice: Notice): Promise<void>;
  /** Forgets the cached answer to "are there accounts?" after the console changed them. */
  accountsChanged(): void;
  /** Ends every session of an account (disabled, role changed). */
  logOutEverywhere(actor: string): Promise<void>;
  send(
    res: Response,
    status: number,
    ctx: PageContext | null,
    title: string,
    section: Section,
    body: SafeHtml,
  ): void;
}

/** Failures per key in a sliding window; only failures count, so staff who log in often are never blocked. */
function failureCounter(limit: number, windowMs: number) {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => (failures.get(key) ?? []).filter((t) => t > now - windowMs);
  return {
    blocked: (key: string, now: number) => recent(key, now).length >= limit,
    fail(key: string, now: number) {
      // Bounded memory: a flood of distinct keys drops the oldest entries, which only unblocks them sooner.
      if (failures.size > 10_000) failures.delete(failures.keys().next().value ?? '');
      failures.set(key, [...recent(key, now), now]);
    },
    clear: (key: string) => failures.delete(key),
  };
}

const token = () => randomBytes(32).toString('base64url');
const sessionIdOf = (cookieToken: string) => createHash('sha256').update(cookieToken).digest('hex');
let madeDummyHash: string | undefined;
/**
 * A hash to verify against when the account does not exist, so a wrong name takes as long as a wrong
 * password; made at the first login rather than at import, where its scrypt cost delayed every start.
 */
const dummyHash = () => {
  madeDummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return madeDummyHash;
};

/** Only console paths are followed after login, so the parameter cannot send staff elsewhere. */
export function safeNext(next: string | undefined): string {
  return next && /^\/console\/[^/\\]/.test(next) && !next.includes('//') ? next : '/console/';
}

function one(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function createAccess(deps: AccessDeps): Access {
  const { config, store, logger, clock } = deps;
  const shared = passwordCheck({ password: config.consolePassword, passwordHash: deps.passwordHash });
  const idleMs = config.consoleIdleMinutes * 60_000;
  const allowedHosts: ReadonlySet<string> = new Set(config.consoleAllowedHosts);
  const loginTokens = createLoginTokens();
  const limit = deps.loginLimit ?? LOGIN_LIMIT;
  const perAccount = failureCounter(limit.limit, limit.windowMs);
  const perAddress = failureCounter(limit.limit, limit.windowMs);
  const secureCookie = (req: Request) => req.secure || config.trustProxy !== null;

  let accountsCache: { at: number; value: boolean } | null = null;
  const accountsExist = async (): Promise<boolean> => {
    const now = clock();
    if (accountsCache && now - accountsCache.at < ACCOUNTS_CACHE_MS) return accountsCache.value;
    const value = (await store.consoleUsers.list()).some((u) => !u.disabled);
    accountsCache = { at: now, value };
    return value;
  };
  /** A login is needed once a shared password or an account exists; before that, only this machine may enter. */
  const loginMode = async (res: Response): Promise<boolean> => {
    if (typeof res.locals.loginMode === 'boolean') return res.locals.loginMode;
    const mode = shared !== null || (await accountsExist());
    res.locals.loginMode = mode;
    return mode;
  };

  const send: Access['send'] = (res, status, ctx, title, section, body) => {
    res
      .status(status)
      .type('html')
      .send(page(ctx, { title, section }, body));
  };
  const refuse = (res: Response, status: number, title: string, message: string) =>
    sendErrorPage(res, null, { status, title, message });

  /** Without TRUST_PROXY a forwarded request is never "this machine"; with it, the proxy's X-Forwarded-For says who. */
  const fromThisMachine = (req: Request): boolean => {
    if (config.trustProxy === null) return !isForwarded(req.headers) && isLoopback(req.socket.remoteAddress);
    if (isForwarded(req.headers) && req.headers['x-forwarded-for'] === undefined) return false;
    return isLoopback(req.ip);
  };

  const guard: RequestHandler = (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    loginMode(res).then((login) => {
      // With a login a rebinding page gains nothing (the cookie stays with the real name); without, Host is all we have.
      const checkHost = !login || allowedHosts.size > 0;
      if (checkHost && !isAllowedHost(req.headers.host, allowedHosts)) {
        return refuse(res, 421, consoleMessages.hostNotAllowedTitle, consoleMessages.hostNotAllowed);
      }
      if (!login && !fromThisMachine(req)) {
        return refuse(res, 403, consoleMessages.notLoopbackTitle, consoleMessages.notLoopback);
      }
      if (isCrossOrigin(req.method, req.headers, allowedHosts)) {
        return refuse(res, 403, consoleMessages.crossOriginTitle, consoleMessages.crossOrigin);
      }
      next();
    }, next);
  };

  const setCookie = (req: Request, res: Response, cookieToken: string) => {
    res.cookie(SESSION_COOKIE, cookieToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: secureCookie(req),
      path: '/console',
      maxAge: SESSION_MAX_AGE_MS,
    });
  };
  const clearCookie = (req: Request, res: Response) => {
    res.clearCookie(SESSION_COOKIE, {
      httpOnly: true,
      sameSite: 'strict',
      secure: secureCookie(req),
      path: '/console',
    });
  };

  const newSession = async (
    req: Request,
    res: Response,
    actor: string,
    role: Role,
  ): Promise<ConsoleSession> => {
    const now = clock();
    const cookieToken = token();
    const session: ConsoleSession = {
      id: sessionIdOf(cookieToken),
      actor,
      role,
      csrf: token(),
      createdAt: now,
      lastSeenAt: now,
      notice: null,
    };
    await store.consoleSessions.purge(now - idleMs, now - SESSION_MAX_AGE_MS);
    await store.consoleSessions.create(session);
    setCookie(req, res, cookieToken);
    return session;
  };

  /** The request's session if it is still valid for the way the console is reached now. */
  const findSession = async (req: Request, res: Response): Promise<ConsoleSession | null> => {
    const cookieToken = one(req.cookies?.[SESSION_COOKIE]);
    if (!cookieToken || cookieToken.length > 100) return null;
    const session = await store.consoleSessions.get(sessionIdOf(cookieToken));
    if (!session) return null;
    const now = clock();
    const login = await loginMode(res);
    const stale = now - session.lastSeenAt >= idleMs || now - session.createdAt >= SESSION_MAX_AGE_MS;
    // A loopback session is worthless once a login exists; a shared-password one once the password is gone.
    const orphaned =
      (session.actor === LOOPBACK_ACTOR && login) || (session.actor === SHARED_ACTOR && shared === null);
    if (stale || orphaned) {
      await store.consoleSessions.delete(session.id);
      return null;
    }
    if (now - session.lastSeenAt >= Math.min(TOUCH_EVERY_MS, idleMs / 4)) {
      await store.consoleSessions.touch(session.id, now);
    }
    return session;
  };

  const toViewer = (session: ConsoleSession): Viewer => {
    const parsed = session.notice === null ? null : noticeSchema.safeParse(JSON.parse(session.notice));
    return {
      sessionId: session.id,
      actor: session.actor,
      role: session.role,
      csrf: session.csrf,
      notice: parsed?.success ? parsed.data : null,
    };
  };
  const sessionOf = (res: Response): ConsoleSession | null =>
    (res.locals.session as ConsoleSession | undefined) ?? null;
  const viewerOf = (res: Response): Viewer => {
    const session = sessionOf(res);
    if (!session) throw new Error('Console: viewerOf() on a route before the login requirement');
    return toViewer(session);
  };

  const loginForm = (csrf: string, next: string, error: string | null) =>
    html`${error ? html`<div class="notice error" role="alert"><p>${error}</p></div>` : null}
<form method="post" action="/console/login" class="login">${csrfField({ csrf })}<input type="hidden" name="next" value="${next}">
<div class="field"><label for="name">${consoleMessages.loginName}</label><input id="name" name="name" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="64"${
      shared ? html` aria-describedby="name-hint"` : html` required autofocus`
    }>${shared ? html`<p class="hint" id="name-hint">${consoleMessages.loginNameSharedHint}</p>` : null}</div>
<div class="field"><label for="password">${consoleMessages.loginPassword}</label><input id="password" name="password" type="password" autocomplete="current-password" required${
      shared ? html` autofocus` : null
    }></div>
<button type="submit">${consoleMessages.loginButton}</button></form>`;

  /** The account (or the shared password) a login names, or null; always spends one scrypt-sized check. */
  const authenticate = async (
    name: string,
    password: string,
  ): Promise<{ actor: string; role: Role } | null> => {
    if (name === '') return shared?.(password) ? { actor: SHARED_ACTOR, role: 'admin' } : null;
    const parsedName = userNameSchema.safeParse(name);
    const user = parsedName.success ? await store.consoleUsers.get(parsedName.data) : null;
    const ok = verifyPasswordHash(user?.passwordHash ?? dummyHash(), password);
    return user && ok && !user.disabled ? { actor: user.name, role: user.role } : null;
  };

  const install = (router: Router) => {
    router.use(cookieParser());
    router.use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }));

    router.use(async (req, res, next) => {
      const session = await findSession(req, res);
      if (session) res.locals.session = session;
      next();
    });

    // CSRF: every state-changing request carries its session's token.
    router.use((req, res, next) => {
      if (req.method === 'GET' || req.method === 'HEAD') return next();
      // An upload's token is its form's first part, checked by the route before the file is read.
      if (req.path.endsWith('/upload') || req.path.endsWith('/replace')) {
        if (req.is('multipart/form-data')) return next();
      }
      const submitted = (req.body as Record<string, unknown> | undefined)?._csrf;
      const session = sessionOf(res);
      const valid =
        req.path === '/login'
          ? loginTokens.verify(req, submitted)
          : session !== null && csrfMatches(session, submitted);
      if (valid) return next();
      sendErrorPage(res, null, {
        status: 403,
        title: consoleMessages.csrfTitle,
        message: consoleMessages.csrf,
        link: { href: '/console/', label: consoleMessages.openConsole },
      });
    });

    router.get('/login', async (req, res) => {
      if (!(await loginMode(res))) return res.redirect(303, '/console/');
      if (sessionOf(res)) return res.redirect(303, safeNext(one(req.query.next)));
      const form = loginForm(loginTokens.issue(req, res), safeNext(one(req.query.next)), null);
      send(res, 200, null, consoleMessages.titles.login, 'login', form);
    });

    router.post('/login', async (req, res) => {
      if (!(await loginMode(res))) return res.redirect(303, '/console/');
      const body = loginBodySchema.safeParse(req.body);
      const next = safeNext(body.success ? body.data.next : undefined);
      const name = body.success ? body.data.name.trim().toLowerCase() : '';
      const now = clock();
      const addressKey = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      const accountKey = name === '' ? SHARED_ACTOR : name;
      if (perAddress.blocked(addressKey, now) || perAccount.blocked(accountKey, now)) {
        logger.warn({ ip: addressKey, name: accountKey }, 'console login rate-limited');
        res.set('Retry-After', String(Math.ceil(limit.windowMs / 1000)));
        return refuse(res, 429, consoleMessages.rateLimitedTitle, consoleMessages.rateLimited);
      }
      const who = body.success ? await authenticate(name, body.data.password) : null;
      if (!who) {
        perAddress.fail(addressKey, now);
        perAccount.fail(accountKey, now);
        logger.warn({ ip: addressKey, name: accountKey }, 'console login failed');
        const form = loginForm(loginTokens.issue(req, res), next, consoleMessages.wrongLogin);
        return send(res, 401, null, consoleMessages.titles.login, 'login', form);
      }
      perAccount.clear(accountKey);
      // Always a new session id, so an id planted before login is worthless.
      const old = sessionOf(res);
      if (old) await store.consoleSessions.delete(old.id);
      loginTokens.clear(req, res);
      await newSession(req, res, who.actor, who.role);
      logger.info({ ip: addressKey, name: who.actor }, 'console login');
      res.redirect(303, next);
    });

    router.post('/logout', async (req, res) => {
      const session = sessionOf(res);
      if (session) await store.consoleSessions.delete(session.id);
      clearCookie(req, res);
      res.redirect(303, (await loginMode(res)) ? '/console/login' : '/console/');
    });

    // Everything below needs a logged-in session (or, before any login exists, a request from this machine).
    router.use(async (req, res, next) => {
      if (!sessionOf(res) && !(await loginMode(res))) {
        res.locals.session = await newSession(req, res, LOOPBACK_ACTOR, 'admin');
      }
      if (sessionOf(res)) return next();
      if (req.method === 'GET' || req.method === 'HEAD') {
        return res.redirect(303, `/console/login?${new URLSearchParams({ next: req.originalUrl })}`);
      }
      sendErrorPage(res, null, {
        status: 401,
        title: consoleMessages.loginRequiredTitle,
        message: consoleMessages.loginRequired,
        link: { href: '/console/login', label: consoleMessages.loginLink },
      });
    });
  };

  const allow =
    <P = Record<string, string>>(permission: Permission): RequestHandler<P> =>
    (_req, res: Response, next: NextFunction) => {
      const viewer = viewerOf(res);
      if (can(viewer.role, permission)) return next();
      context(res).then((ctx) => {
        sendErrorPage(res, ctx, {
          status: 403,
          title: consoleMessages.forbiddenTitle,
          message: consoleMessages.forbidden(
            consoleMessages.roleLabels[viewer.role],
            consoleMessages.roleLabels[LEAST_ROLE[permission]],
          ),
          link: { href: '/console/', label: consoleMessages.backToConsole },
        });
      }, next);
    };

  const context = async (res: Response): Promise<PageContext> => {
    const viewer = viewerOf(res);
    if (viewer.notice) {
      await store.consoleSessions.setNotice(viewer.sessionId, null);
      (res.locals.session as ConsoleSession).notice = null;
    }
    return {
      csrf: viewer.csrf,
      passwordMode: await loginMode(res),
      notice: viewer.notice,
      role: viewer.role,
      actor: viewer.actor,
    };
  };

  return {
    guard,
    install,
    allow,
    viewerOf,
    context,
    send,
    notify: async (res, notice) => {
      await store.consoleSessions.setNotice(viewerOf(res).sessionId, JSON.stringify(notice));
    },
    accountsChanged: () => {
      accountsCache = null;
    },
    logOutEverywhere: async (actor) => {
      await store.consoleSessions.deleteForActor(actor);
    },
  };
}
