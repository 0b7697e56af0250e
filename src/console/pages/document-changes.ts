// Replacing and removing a document (editor): each takes a confirmation step and is written to the audit log.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { corpusFiles, type DocumentSummary, removeDocument, summarize } from '../../corpus/add.ts';
import { parseCorpusFile } from '../../corpus/document.ts';
import {
  cancelReplacement,
  commitReplacement,
  STAGED_MAX_AGE_MS,
  type StagedReplacement,
  stageReplacement,
} from '../../corpus/replace.ts';
import { HttpError } from '../../http-error.ts';
import { auditActions, recordAudit } from '../audit.ts';
import type { DryRunState, DryRuns } from '../dry-run.ts';
import { sendErrorPage } from '../error-page.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, type PageContext } from '../layout.ts';
import { consoleMessages as m } from '../messages.ts';
import { docIdSchema, documentOf } from '../served-engine.ts';
import { csrfMatches } from '../session.ts';
import { readUploadForm, refusalView, uploadMessages } from './document-upload.ts';
import type { DocumentRouteDeps } from './documents.ts';
import { dryRunView } from './dry-run-view.ts';

export interface DocumentChangeDeps extends DocumentRouteDeps {
  /** Scores the test sets on the corpus with a change applied, before the editor confirms it. */
  dryRuns: DryRuns;
}

const confirmSchema = z.object({ token: z.string().max(64), decision: z.enum(['confirm', 'cancel']) });
const tokenSchema = z.string().regex(/^[a-f0-9]{32}$/);

/** What the corpus holds now (names, sizes, times): a dry run of a removal is redone once it changes. */
async function corpusStamp(corpusDir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await corpusFiles(corpusDir)) {
    const info = await stat(path.join(corpusDir, file)).catch(() => null);
    hash.update(`${file}:${info?.size ?? 0}:${info?.mtimeMs ?? 0}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

const counts = (s: DocumentSummary) => m.replaceCounts(s.passages, s.headings, s.tables);
const describe = (title: string, s: DocumentSummary) =>
  m.documentSummary(title, s.passages, s.headings, s.tables);
const docHref = (id: string) => `/console/documents/${encodeURIComponent(id)}`;

/** The replace form and the remove link on a document's page, for those who may change documents. */
export function documentActions(ctx: Pick<PageContext, 'csrf'>, docId: string): SafeHtml {
  return html`<section aria-labelledby="change-h" class="document-actions"><h2 id="change-h">${m.changeDocumentTitle}</h2>
<form method="post" action="${docHref(docId)}/replace" enctype="multipart/form-data" class="replace" data-busy="…">${csrfField(ctx)}
<p>${m.replaceHelp}</p>
<div class="field"><label for="rp-file">${m.replaceFile}</label><input id="rp-file" name="file" type="file" required accept=".pdf,.html,.htm,.docx,.md,.markdown,.txt"></div>
<button type="submit">${m.replaceButton}</button></form>
<p><a class="button danger" href="${docHref(docId)}/remove">${m.removeButton}</a></p></section>`;
}

export function registerDocumentChangeRoutes(router: Router, deps: DocumentChangeDeps): void {
  const { access, store, logger, clock, corpusDir, toPassages, dryRuns } = deps;
  const edit = access.allow('edit');
  /** Staged replacements awaiting a decision, so their confirmation page can be shown again while the dry run runs. */
  const pending = new Map<string, { staged: Omit<StagedReplacement, 'fileText'>; at: number }>();
  const replaceKey = (id: string, token: string) => `replace:${id}:${token}`;
  const confirmPath = (id: string, token: string) => `${docHref(id)}/replace/${token}`;

  const served = async (req: Request, res: Response) => {
    const loaded = await deps.engine.orUnavailable(res);
    if (!loaded) return null;
    const doc = documentOf(loaded, req.params.docId);
    const summary = summarize(loaded.passages.filter((p) => p.docId === doc.meta.id));
    return { doc, summary };
  };
  const page = async (res: Response, status: number, title: string, body: SafeHtml) =>
    access.send(res, status, await access.context(res), title, 'documents', body);
  const confirmForm = (ctx: PageContext, action: string, fields: SafeHtml, button: string, danger: boolean) =>
    html`<form method="post" action="${action}" class="inline">${csrfField(ctx)}${fields}<button type="submit"${
      danger ? html` class="danger"` : null
    }>${button}</button></form>`;

  router.post('/documents/:docId/replace', edit, async (req, res) => {
    const viewer = access.viewerOf(res);
    const read = await readUploadForm(req, (token) => csrfMatches(viewer, token));
    if (!read.ok) res.set('Connection', 'close');
    if (!read.ok && read.status === 403) {
      return sendErrorPage(res, null, { status: 403, title: m.csrfTitle, message: m.csrf });
    }
    const found = await served(req, res);
    if (!found) return;
    const { doc, summary } = found;
    const refuse = (status: number, message: string) =>
      page(
        res,
        status,
        doc.meta.title,
        html`${refusalView(message)}<p><a href="${docHref(doc.meta.id)}">${doc.meta.title}</a></p>`,
      );
    if (!read.ok) return refuse(read.status, read.message);
    if (!read.file) return refuse(400, m.replaceRefused);
    const outcome = await stageReplacement(corpusDir, { meta: doc.meta, summary }, read.file, toPassages);
    if (!outcome.success) {
      logger.info({ id: doc.meta.id, error: outcome.error }, 'console replace refused');
      return refuse(422, outcome.error);
    }
    const { fileText, ...staged } = outcome.staged;
    for (const [token, entry] of pending) if (clock() - entry.at > STAGED_MAX_AGE_MS) pending.delete(token);
    pending.set(staged.token, { staged, at: clock() });
    const state = dryRuns.start(replaceKey(doc.meta.id, staged.token), {
      kind: 'put',
      id: doc.meta.id,
      fileText,
    });
    await replaceConfirmPage(res, doc.meta.title, staged, state);
  });

  const replaceConfirmPage = async (
    res: Response,
    title: string,
    staged: Omit<StagedReplacement, 'fileText'>,
    state: DryRunState,
  ) => {
    const ctx = await access.context(res);
    const fields = (decision: string) =>
      html`<input type="hidden" name="token" value="${staged.token}"><input type="hidden" name="decision" value="${decision}">`;
    const action = `${docHref(staged.id)}/replace/confirm`;
    access.send(
      res,
      200,
      ctx,
      m.replaceConfirmTitle(title),
      'documents',
      html`<p>${m.replaceConfirmIntro(staged.fileName)}</p><dl class="facts"><dt>${m.replaceBefore}</dt><dd>${
        staged.before ? counts(staged.before) : m.replaceUnknownBefore
      }</dd><dt>${m.replaceAfter}</dt><dd>${counts(staged.after)}</dd></dl>${
        staged.warnings.length > 0 ? html`<ul>${staged.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : null
      }${dryRunView(state, confirmPath(staged.id, staged.token))}<div class="confirm">${confirmForm(
        ctx,
        action,
        fields('confirm'),
        m.replaceConfirmButton,
        true,
      )}${confirmForm(ctx, action, fields('cancel'), m.cancelButton, false)}</div>`,
    );
  };

  router.get('/documents/:docId/replace/:token', edit, async (req, res) => {
    const found = await served(req, res);
    if (!found) return;
    const token = tokenSchema.safeParse(req.params.token);
    const entry = token.success ? pending.get(token.data) : undefined;
    const state = token.success ? dryRuns.get(replaceKey(found.doc.meta.id, token.data)) : null;
    if (!entry || entry.staged.id !== found.doc.meta.id || !state) {
      throw new HttpError(404, 'not_found', m.dryRunGone);
    }
    await replaceConfirmPage(res, found.doc.meta.title, entry.staged, state);
  });

  router.post('/documents/:docId/replace/confirm', edit, async (req, res) => {
    const found = await served(req, res);
    if (!found) return;
    const { doc, summary } = found;
    const body = confirmSchema.safeParse(req.body);
    if (!body.success) throw new HttpError(400, 'bad_request', m.badRequest);
    pending.delete(body.data.token);
    if (body.data.decision === 'cancel') {
      await cancelReplacement(corpusDir, doc.meta.id, body.data.token);
      await access.notify(res, { kind: 'ok', lines: [m.replaceCancelled] });
      return res.redirect(303, docHref(doc.meta.id));
    }
    const committed = await commitReplacement(corpusDir, doc.meta.id, body.data.token);
    if (!committed.success) {
      await access.notify(res, { kind: 'error', lines: [m.replaceRefused, committed.error] });
      return res.redirect(303, docHref(doc.meta.id));
    }
    await recordAudit(store, access.viewerOf(res), clock(), {
      action: auditActions.documentReplace,
      target: doc.meta.id,
      before: describe(doc.meta.title, summary),
      after: describe(committed.title, summarize(toPassages(committed.document))),
    });
    logger.info({ id: doc.meta.id }, 'console replaced a document');
    await access.notify(res, { kind: 'ok', lines: [m.replaced(committed.title)] });
    res.redirect(303, '/console/documents');
  });

  router.get('/documents/:docId/remove', edit, async (req, res) => {
    const found = await served(req, res);
    if (!found) return;
    const { doc, summary } = found;
    const state = dryRuns.start(`remove:${doc.meta.id}:${await corpusStamp(corpusDir)}`, {
      kind: 'remove',
      id: doc.meta.id,
    });
    const ctx = await access.context(res);
    access.send(
      res,
      200,
      ctx,
      m.removeConfirmTitle(doc.meta.title),
      'documents',
      html`<p>${m.removeConfirmIntro(doc.meta.id, summary.passages)}</p>${dryRunView(
        state,
        `${docHref(doc.meta.id)}/remove`,
      )}<div class="confirm">${confirmForm(
        ctx,
        `${docHref(doc.meta.id)}/remove`,
        html``,
        m.removeConfirmButton,
        true,
      )}<a href="${docHref(doc.meta.id)}">${m.cancelButton}</a></div>`,
    );
  });

  router.post('/documents/:docId/remove', edit, async (req, res) => {
    const found = await served(req, res);
    if (!found) return;
    const { doc, summary } = found;
    const outcome = await removeDocument(corpusDir, doc.meta.id);
    if (!outcome.success) {
      await access.notify(res, { kind: 'error', lines: [m.removeFailed(outcome.error)] });
      return res.redirect(303, docHref(doc.meta.id));
    }
    await recordAudit(store, access.viewerOf(res), clock(), {
      action: auditActions.documentRemove,
      target: doc.meta.id,
      before: describe(outcome.title, summary),
      after: null,
    });
    logger.info({ id: doc.meta.id }, 'console removed a document');
    await access.notify(res, { kind: 'ok', lines: [m.removed(outcome.title)] });
    res.redirect(303, '/console/documents');
  });

  /** An uploaded file on disk that the serving engine does not hold yet, or a 404. */
  const pendingUpload = async (req: Request, res: Response) => {
    const loaded = await deps.engine.orUnavailable(res);
    if (!loaded) return null;
    const id = docIdSchema.safeParse(req.params.docId);
    if (!id.success) throw new HttpError(400, 'bad_document_id', m.badDocumentId);
    const onDisk = (await corpusFiles(corpusDir)).includes(`${id.data}.txt`);
    if (!onDisk || loaded.documents.some((d) => d.meta.id === id.data)) {
      throw new HttpError(404, 'not_found', m.addedNotPending);
    }
    const parsed = parseCorpusFile(
      await readFile(path.join(corpusDir, `${id.data}.txt`), 'utf8'),
      `${id.data}.txt`,
    );
    return { id: id.data, title: parsed.success ? parsed.data.meta.title : id.data };
  };

  router.get('/documents/:docId/added', edit, async (req, res) => {
    const upload = await pendingUpload(req, res);
    if (!upload) return;
    const state = dryRuns.start(`added:${upload.id}:${await corpusStamp(corpusDir)}`, {
      kind: 'added',
      id: upload.id,
    });
    const ctx = await access.context(res);
    const href = `${docHref(upload.id)}/added`;
    access.send(
      res,
      200,
      ctx,
      m.addedTitle(upload.title),
      'documents',
      html`<p>${m.addedIntro}</p>${dryRunView(state, href)}<div class="confirm">${confirmForm(
        ctx,
        '/console/documents/reload',
        html``,
        uploadMessages.reloadButton,
        false,
      )}${confirmForm(ctx, `${href}/undo`, html``, m.addedUndoButton, true)}</div>`,
    );
  });

  router.post('/documents/:docId/added/undo', edit, async (req, res) => {
    const upload = await pendingUpload(req, res);
    if (!upload) return;
    const outcome = await removeDocument(corpusDir, upload.id);
    if (!outcome.success) {
      await access.notify(res, { kind: 'error', lines: [m.removeFailed(outcome.error)] });
      return res.redirect(303, '/console/documents');
    }
    await recordAudit(store, access.viewerOf(res), clock(), {
      action: auditActions.documentRemove,
      target: upload.id,
      before: outcome.title,
      after: null,
    });
    logger.info({ id: upload.id }, 'console undid an upload');
    await access.notify(res, { kind: 'ok', lines: [m.addedUndone(outcome.title)] });
    res.redirect(303, '/console/documents');
  });
}
