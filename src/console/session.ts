// In-memory console sessions: an opaque id in the cookie, a CSRF token and a one-time notice per session.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'kotae_console';
/** A staff member's working day; after that they log in again. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** Oldest sessions are dropped beyond this, so visits to the login page cannot fill memory. */
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

export function csrfMatches(session: Session, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const a = Buffer.from(submitted);
  const b = Buffer.from(session.csrf);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
