// The login form's CSRF token (no session exists before login), the session token check, loopback addresses.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/** The login form's half of a double-submit token; a session exists only after a good password. */
export const LOGIN_COOKIE = 'kotae_login';
/** Long enough to type a password after a coffee; a stale form just gets a fresh token. */
const LOGIN_COOKIE_MAX_AGE_MS = 60 * 60 * 1000;

export interface Notice {
  kind: 'ok' | 'error';
  lines: string[];
}

const token = () => randomBytes(32).toString('base64url');

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

export function csrfMatches(session: { csrf: string }, submitted: unknown): boolean {
  return typeof submitted === 'string' && sameText(submitted, session.csrf);
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
