// The audit log (admin and editor): who changed a document, a dictionary or an account, when, before and after.
import type { Router } from 'express';
import { z } from 'zod';
import type { AuditEntry, Store } from '../../store/types.ts';
import type { Access } from '../access.ts';
import { AUDIT_ACTIONS } from '../audit.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatTime } from '../layout.ts';
import { consoleMessages as m } from '../messages.ts';

export const AUDIT_PAGE_SIZE = 50;

const querySchema = z.object({
  action: z
    .enum(AUDIT_ACTIONS as [string, ...string[]])
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export const actorLabel = (actor: string) => m.builtInActors[actor] ?? actor;
const actionLabel = (action: string) => m.auditActionLabels[action] ?? action;

export function auditView(
  entries: readonly AuditEntry[],
  filter: { action?: string | undefined; page: number },
  total: number,
): SafeHtml {
  const c = m.auditColumns;
  const first = (filter.page - 1) * AUDIT_PAGE_SIZE;
  const href = (page: number) =>
    `/console/audit?${new URLSearchParams({ ...(filter.action ? { action: filter.action } : {}), page: String(page) })}`;
  const form = html`<form method="get" action="/console/audit" class="filters"><div class="field"><label for="audit-action">${m.auditFilter}</label><select id="audit-action" name="action"><option value="">${m.auditAll}</option>${AUDIT_ACTIONS.map(
    (a) =>
      html`<option value="${a}"${a === filter.action ? html` selected` : null}>${actionLabel(a)}</option>`,
  )}</select></div><button type="submit">${m.auditShow}</button></form>`;
  if (total === 0) return html`<p>${m.auditIntro}</p>${form}<p class="empty">${m.auditEmpty}</p>`;
  return html`<p>${m.auditIntro}</p>${form}<div class="table-wrap"><table class="audit"><caption>${m.auditCaption(
    total,
    Math.min(first + 1, total),
    Math.min(first + entries.length, total),
  )}</caption><thead><tr><th scope="col">${c.at}</th><th scope="col">${c.actor}</th><th scope="col">${c.action}</th><th scope="col">${c.target}</th><th scope="col">${c.before}</th><th scope="col">${c.after}</th></tr></thead><tbody>${entries.map(
    (e) =>
      html`<tr data-action="${e.action}"><td>${formatTime(e.at)}</td><td>${actorLabel(e.actor)}</td><td>${actionLabel(
        e.action,
      )}</td><td>${e.target}</td><td>${e.before ?? '—'}</td><td>${e.after ?? '—'}</td></tr>`,
  )}</tbody></table></div><nav class="pager" aria-label="${m.titles.audit}">${
    filter.page > 1 ? html`<a href="${href(filter.page - 1)}" rel="prev">${m.previousPage}</a>` : null
  } ${first + entries.length < total ? html`<a href="${href(filter.page + 1)}" rel="next">${m.nextPage}</a>` : null}</nav>`;
}

export function registerAuditRoutes(router: Router, deps: { access: Access; store: Store }): void {
  const { access, store } = deps;
  router.get('/audit', access.allow('audit'), async (req, res) => {
    const filter = querySchema.parse(req.query);
    const action = filter.action;
    const [entries, total] = await Promise.all([
      store.audit.list({
        limit: AUDIT_PAGE_SIZE,
        offset: (filter.page - 1) * AUDIT_PAGE_SIZE,
        ...(action ? { action } : {}),
      }),
      store.audit.count(action ? { action } : {}),
    ]);
    access.send(
      res,
      200,
      await access.context(res),
      m.titles.audit,
      'audit',
      auditView(entries, filter, total),
    );
  });
}
