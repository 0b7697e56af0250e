// The audit log's actions and how a console change is written to it: who, when, what, before and after.
import type { ReloadResult } from '../engine/holder.ts';
import type { LoadedEngine } from '../engine/load-engine.ts';
import type { Store } from '../store/types.ts';
import type { Viewer } from './access.ts';
import { consoleMessages } from './messages.ts';

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

/** A reload's before and after: what was served, and what is served now (or why the old one still is). */
export async function recordReload(
  store: Store,
  viewer: Pick<Viewer, 'actor'>,
  at: number,
  entry: {
    action: typeof auditActions.engineReload | typeof auditActions.dictionaryReload;
    target: string;
    before: LoadedEngine | null;
    result: ReloadResult;
  },
): Promise<void> {
  const summary = (loaded: LoadedEngine) => {
    if (entry.action === auditActions.engineReload) {
      return consoleMessages.engineSummary(loaded.documents.length, loaded.passages.length);
    }
    const { userTerms, synonyms, stopwords } = loaded.analyzer.dictionaries;
    return consoleMessages.dictionarySummary(userTerms.length, synonyms.length, stopwords.size);
  };
  const { result } = entry;
  await recordAudit(store, viewer, at, {
    action: entry.action,
    target: entry.target,
    before: entry.before ? summary(entry.before) : null,
    after: result.ok
      ? summary(result.loaded)
      : `${consoleMessages.refusedSummary(result.reason)} ${result.errors.join(' / ')}`,
  });
}
