// The page frame: navigation, the access-mode notice, one-time notices, and forms carrying the CSRF token.

import { ROLES, type Role } from '../store/types.ts';
import { type HtmlValue, html, type SafeHtml } from './html.ts';
import { consoleMessages } from './messages.ts';
import type { Notice } from './session.ts';

export type Section =
  | 'dashboard'
  | 'ask'
  | 'review'
  | 'handoffs'
  | 'documents'
  | 'test-set'
  | 'dictionaries'
  | 'audit'
  | 'users'
  | 'login'
  | 'error';

/** The roles that see each menu entry; the routes check the same permissions (access.ts). */
const NAV: Array<{ section: Section; href: string; label: string; roles: readonly Role[] }> = [
  { section: 'dashboard', href: '/console/dashboard', label: consoleMessages.nav.dashboard, roles: ROLES },
  { section: 'ask', href: '/console/ask', label: consoleMessages.nav.ask, roles: ROLES },
  { section: 'review', href: '/console/review', label: consoleMessages.nav.review, roles: ROLES },
  { section: 'handoffs', href: '/console/handoffs', label: consoleMessages.nav.handoffs, roles: ROLES },
  { section: 'documents', href: '/console/documents', label: consoleMessages.nav.documents, roles: ROLES },
  {
    section: 'test-set',
    href: '/console/test-set',
    label: consoleMessages.nav.testSet,
    roles: ['admin', 'editor'],
  },
  {
    section: 'dictionaries',
    href: '/console/dictionaries',
    label: consoleMessages.nav.dictionaries,
    roles: ['admin', 'editor'],
  },
  { section: 'audit', href: '/console/audit', label: consoleMessages.nav.audit, roles: ['admin', 'editor'] },
  { section: 'users', href: '/console/users', label: consoleMessages.nav.users, roles: ['admin'] },
];

export interface PageContext {
  csrf: string;
  /** True when a login protects the console (a logout button is shown). */
  passwordMode: boolean;
  notice: Notice | null;
  role: Role;
  /** Account name or built-in actor (access.ts). */
  actor: string;
}

export function csrfField(ctx: Pick<PageContext, 'csrf'>): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrf}">`;
}

function noticeBox(notice: Notice | null): HtmlValue {
  if (!notice) return null;
  return html`<div class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.lines.map(
    (line) => html`<p>${line}</p>`,
  )}</div>`;
}

export function page(
  ctx: PageContext | null,
  options: { title: string; section: Section },
  body: HtmlValue,
): string {
  const nav =
    options.section === 'login' || !ctx
      ? null
      : html`<nav aria-label="${consoleMessages.nav.label}"><ul>${NAV.filter((item) =>
          item.roles.includes(ctx.role),
        ).map(
          (item) =>
            html`<li><a href="${item.href}"${item.section === options.section ? html` aria-current="page"` : null}>${item.label}</a></li>`,
        )}</ul>${
          ctx.passwordMode
            ? html`<form method="post" action="/console/logout" class="logout"><span class="who">${consoleMessages.signedInAs(
                consoleMessages.builtInActors[ctx.actor] ?? ctx.actor,
                consoleMessages.roleLabels[ctx.role],
              )}</span>${csrfField(ctx)}<button type="submit">${consoleMessages.logoutButton}</button></form>`
            : null
        }</nav>`;
  const accessNote =
    ctx && !ctx.passwordMode
      ? html`<p class="access-note" role="note">${consoleMessages.loopbackOnlyNote}</p>`
      : null;
  return html`<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${consoleMessages.frame.windowTitle(options.title)}</title>
<link rel="stylesheet" href="/console/assets/console.css">
<script src="/console/assets/console.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${consoleMessages.frame.skipToContent}</a>
<header><p class="brand"><a href="/console/">${consoleMessages.frame.product}</a></p>${nav}</header>
${accessNote}
<main id="main" tabindex="-1">
<h1>${options.title}</h1>
${noticeBox(ctx?.notice ?? null)}
${body}
</main>
</body>
</html>
`.value;
}

const TOKYO = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

export function formatTime(ms: number): string {
  return TOKYO.format(new Date(ms));
}

export function formatScore(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}
