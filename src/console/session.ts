// In-memory console sessions: an opaque id in the cookie, a CSRF token and a one-time notice per session.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'kotae_console';
/** The login form's half of a double-submit token; a session exists only after a good password. */
export const LOGIN_COOKIE = 'kotae_login';
/** Long enough to type a password after a coffee; a stale form just gets a fresh token. */
const LOGIN_COOKIE_MAX_AGE_MS = 60 * 60 * 1000;
/** A staff member's working day; after that they log in again. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** Oldest sessions are dropped beyond this; only logins (or loopback visits without a password) make one. */
const MAX_SESSIONS = 1000;

export interface Notice {
  kind: 'ok' | 'error';
  lines: string[];
}

export interface Session {
  id: string;
  csrf: string;
  authenticated: boolean;
  expiresAt: number;
  notice: Notice | null;
}

export interface SessionStore {
  create(authenticated: boolean): Session;
  get(id: string | undefined): Session | null;
  destroy(id: string): void;
}

const token = () => randomBytes(32).toString('base64url');

export function createSessionStore(clock: () => number = Date.now, ttlMs = SESSION_TTL_MS): SessionStore {
  const sessions = new Map<string, Session>();
  return {
    create(authenticated) {
      const session: Session = {
        id: token(),
        csrf: token(),
        authenticated,
        expiresAt: clock() + ttlMs,
        notice: null,
      };
      sessions.set(session.id, session);
      for (const id of sessions.keys()) {
        if (sessions.size <= MAX_SESSIONS) break;
        sessions.delete(id);
      }
      return session;
    },
    get(id) {
      if (typeof id !== 'string') return null;
      const session = sessions.get(id);
      if (!session) return null;
      if (session.expiresAt <= clock()) {
        sessions.delete(id);
        return null;
      }
      return session;
    },
    destroy(id) {
      sessions.delete(id);
    },
  };
}

export function setSessionCookie(req: Request, res: Response, session: Session): void {
  res.cookie(SESSION_COOKIE, session.id, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/console',
    maxAge: SESSION_TTL_MS,
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/console',
  });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * CSRF for the login form without a session: a random nonce in a cookie and, in the form, its HMAC
 * under a per-process key. A cross-site page can neither read the cookie nor compute the HMAC.
 */
export interface LoginTokens {
  /** The form's token, setting the nonce cookie when the browser has none yet. */
  issue(req: Request, res: Response): string;
  verify(req: Request, submitted: unknown): boolean;
  clear(req: Request, res: Response): void;
}

const NONCE = /^[A-Za-z0-9_-]{43}$/;

export function createLoginTokens(key: Buffer = randomBytes(32)): LoginTokens {
  const sign = (nonce: string) => createHmac('sha256', key).update(`login:${nonce}`).digest('base64url');
  const nonceOf = (req: Request): string | null => {
    const value: unknown = req.cookies?.[LOGIN_COOKIE];
    return typeof value === 'string' && NONCE.test(value) ? value : null;
  };
  const options = (req: Request) =>
    ({ httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/console/login' }) as const;
  return {
    issue(req, res) {
      let nonce = nonceOf(req);
      if (!nonce) {
        nonce = token();
        res.cookie(LOGIN_COOKIE, nonce, { ...options(req), maxAge: LOGIN_COOKIE_MAX_AGE_MS });
      }
      return sign(nonce);
    },
    verify(req, submitted) {
      const nonce = nonceOf(req);
      return nonce !== null && typeof submitted === 'string' && sameText(submitted, sign(nonce));
    },
    clear(req, res) {
      res.clearCookie(LOGIN_COOKIE, options(req));
    },
  };
}

export function csrfMatches(session: Session, submitted: unknown): boolean {
  return typeof submitted === 'string' && sameText(submitted, session.csrf);
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
