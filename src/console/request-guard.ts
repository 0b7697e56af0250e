// Checks on a request's addressing before any console code runs: Host (DNS rebinding), origin of
// state-changing requests (cross-site forms and fetches), and whether a proxy forwarded it.
import type { IncomingHttpHeaders } from 'node:http';

/** Any of these means a proxy (or a client pretending to be one) stands between us and the client. */
export const FORWARDING_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-forwarded-server',
  'x-forwarded-prefix',
  'x-real-ip',
  'x-client-ip',
  'x-cluster-client-ip',
  'x-original-forwarded-for',
  'true-client-ip',
  'cf-connecting-ip',
  'fastly-client-ip',
  'fly-client-ip',
  'x-appengine-user-ip',
  'via',
] as const;

/** Methods a browser may send cross-site without a preflight never change state here. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

type Headers = IncomingHttpHeaders;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function isForwarded(headers: Headers): boolean {
  return FORWARDING_HEADERS.some((name) => headers[name] !== undefined);
}

/** `Host` -> lower-case host name without port; null when it is no host name at all. */
export function hostNameOf(host: string | undefined): string | null {
  if (host === undefined) return null;
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+?)\.?(?::\d{1,5})?$/.exec(host.trim().toLowerCase());
  return match?.[1] ?? null;
}

/** Names that resolve to this machine without asking DNS, so no rebinding can point them elsewhere. */
export function isLoopbackHostName(name: string): boolean {
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

export function isAllowedHost(host: string | undefined, allowed: ReadonlySet<string>): boolean {
  const name = hostNameOf(host);
  return name !== null && (isLoopbackHostName(name) || allowed.has(name));
}

function sameOrigin(url: string, host: string | undefined, allowed: ReadonlySet<string>): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  // A proxy may rewrite Host to its upstream address; the configured public names then stand for it.
  if (allowed.has(parsed.hostname)) return true;
  if (host === undefined) return false;
  try {
    return new URL(`${parsed.protocol}//${host}`).host === parsed.host;
  } catch {
    return false;
  }
}

/**
 * True when a state-changing request shows a browser sent it from another origin. Origin is the
 * browser's own statement; Referer and Sec-Fetch-Site are read when an old browser sends no Origin.
 * A request with none of them (curl, scripts) is left to the CSRF token.
 */
export function isCrossOrigin(method: string, headers: Headers, allowed: ReadonlySet<string>): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const host = header(headers, 'host');
  const site = header(headers, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = header(headers, 'origin');
  // "null" comes from sandboxed frames, file: pages and no-referrer policies: only fetch metadata can vouch.
  if (origin === 'null') return site !== 'same-origin';
  if (origin !== undefined) return !sameOrigin(origin, host, allowed);
  const referer = header(headers, 'referer');
  if (referer !== undefined) return !sameOrigin(referer, host, allowed);
  return false;
}
