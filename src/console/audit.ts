// The audit log's actions and how a console change is written to it: who, when, what, before and after.
import type { Store } from '../store/types.ts';
import type { Viewer } from './access.ts';

export const auditActions = {
  documentUpload: 'document.upload',
  documentReplace: 'document.replace',
  documentRemove: 'document.remove',
  dictionaryReload: 'dictionary.reload',
  engineReload: 'engine.reload',
  userCreate: 'user.create',
  userRole: 'user.role',
  userDisable: 'user.disable',
  userEnable: 'user.enable',
  handoffReply: 'handoff.reply',
  handoffClose: 'handoff.close',
  handoffFaq: 'handoff.faq',
} as const;
export type AuditAction = (typeof auditActions)[keyof typeof auditActions];
export const AUDIT_ACTIONS: readonly AuditAction[] = Object.values(auditActions);

/** Long summaries (error lists) are cut: the log says what changed, the server log has the details. */
const MAX_SUMMARY_CHARS = 2000;
const cut = (text: string | null) => (text === null ? null : text.slice(0, MAX_SUMMARY_CHARS));

export async function recordAudit(
  store: Store,
  viewer: Pick<Viewer, 'actor'>,
  at: number,
  entry: { action: AuditAction; target: string; before: string | null; after: string | null },
): Promise<void> {
  await store.audit.append({
    at,
    actor: viewer.actor,
    action: entry.action,
    target: entry.target.slice(0, 200),
    before: cut(entry.before),
    after: cut(entry.after),
  });
}
