// Documents: the corpus as documents and passages with heading paths, a search inside it, one page per
// passage, the upload of a new document and the reload that makes it live.
import type { Router } from 'express';
import { z } from 'zod';
import { corpusFiles, type ToPassages } from '../../corpus/add.ts';
import type { ReloadFailure } from '../../engine/holder.ts';
import type { LoadedEngine } from '../../engine/load-engine.ts';
import { HttpError } from '../../http-error.ts';
import type { Logger } from '../../log.ts';
import type { CorpusDocument, Passage } from '../../qa/types.ts';
import type { Store } from '../../store/types.ts';
import { type Access, can } from '../access.ts';
import { auditActions, recordAudit, recordReload } from '../audit.ts';
import { sendErrorPage } from '../error-page.ts';
import { highlight } from '../highlight.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatTime, type PageContext } from '../layout.ts';
import { consoleMessages } from '../messages.ts';
import { documentOf, municipalitiesOf, type ServedEngine } from '../served-engine.ts';
import { csrfMatches } from '../session.ts';
import { documentActions } from './document-changes.ts';
import { factsView } from './document-facts.ts';
import {
  addedNoticeLines,
  createDocumentUploader,
  readUploadForm,
  refusalView,
  reloadNoticeLines,
  UPLOAD_PATH,
  type UploadFields,
  uploadForm,
  uploadMessages,
} from './document-upload.ts';
import { documentHref, passageHref } from './links.ts';

/** Search results beyond this are cut; staff narrow the words instead. */
export const MAX_SEARCH_RESULTS = 100;

const d = consoleMessages.documents;
const KINDS: Record<Passage['kind'], string> = d.kinds;

const fold = (text: string) => text.normalize('NFKC').toLowerCase();

/** Passages containing every word of the query (NFKC, case-insensitive), in corpus order. */
export function searchPassages(passages: readonly Passage[], query: string): Passage[] {
  const words = fold(query)
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return [];
  return passages.filter((p) => {
    const haystack = fold([p.title, ...p.headingPath, p.text].join('\n'));
    return words.every((w) => haystack.includes(w));
  });
}

/** Highlights the query's words as typed and as folded (the corpus text is mostly NFKC already). */
function highlightQuery(text: string, query: string): SafeHtml {
  const typed = query.split(/\s+/).filter((w) => w !== '');
  return highlight(text, [...typed, ...typed.map(fold)]);
}

function metaList(doc: CorpusDocument): SafeHtml {
  const m = doc.meta;
  const row = (label: string, value: string | undefined) =>
    value ? html`<dt>${label}</dt><dd>${value}</dd>` : null;
  const f = d.metaFields;
  return html`<dl class="facts">${row(f.id, m.id)}${row(f.municipality, m.municipality)}${row(f.department, m.department)}${row(
    f.period,
    m.period,
  )}${row(f.date, m.date)}${row(f.source, m.source)}${
    m.sourceUrl
      ? html`<dt>${f.sourceUrl}</dt><dd><a href="${m.sourceUrl}" rel="noreferrer">${m.sourceUrl}</a></dd>`
      : null
  }</dl>`;
}

export function searchForm(query: string): SafeHtml {
  return html`<form method="get" action="/console/documents" class="search-form" role="search">
<div class="field"><label for="dq">${d.searchLabel}</label><input id="dq" name="q" type="search" value="${query}" maxlength="200"></div>
<button type="submit">${d.searchButton}</button></form>`;
}

export function documentList(documents: readonly CorpusDocument[], passages: readonly Passage[]): SafeHtml {
  const counts = new Map<string, number>();
  for (const p of passages) counts.set(p.docId, (counts.get(p.docId) ?? 0) + 1);
  return html`<div class="table-wrap"><table><caption>${d.listCaption(documents.length)}</caption><thead><tr>${d.listColumns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead><tbody>${documents.map(
    (d) =>
      html`<tr><td><a href="${documentHref({ docId: d.meta.id })}">${d.meta.title}</a></td><td>${d.meta.municipality}</td><td>${
        d.meta.department ?? ''
      }</td><td>${d.meta.period ?? ''}</td><td>${counts.get(d.meta.id) ?? 0}</td></tr>`,
  )}</tbody></table></div>`;
}

export function searchResults(passages: readonly Passage[], query: string): SafeHtml {
  const found = searchPassages(passages, query);
  const shown = found.slice(0, MAX_SEARCH_RESULTS);
  return html`<section aria-labelledby="search-h"><h2 id="search-h">${d.searchTitle(query, found.length)}${
    found.length > shown.length ? d.searchFirst(shown.length) : ''
  }</h2>${
    shown.length === 0
      ? html`<p>${d.searchNone}</p>`
      : html`<ol class="passages">${shown.map(
          (
            p,
          ) => html`<li><p class="heading-path"><a href="${passageHref(p)}">${p.title} › ${p.headingPath.join(' › ')}</a></p>
<blockquote class="passage-text">${highlightQuery(p.text, query)}</blockquote></li>`,
        )}</ol>`
  }</section>`;
}

function passageBlock(p: Passage): SafeHtml {
  return html`<li id="p-${p.ordinal}" class="passage" tabindex="-1"><p class="heading-path"><a href="${passageHref(p)}">§${p.ordinal}</a> ${p.headingPath.join(
    ' › ',
  )} <span class="kind">${KINDS[p.kind]}</span></p><div class="passage-text">${p.text}</div></li>`;
}

export function documentPage(doc: CorpusDocument, passages: readonly Passage[]): SafeHtml {
  const own = passages.filter((p) => p.docId === doc.meta.id).sort((a, b) => a.ordinal - b.ordinal);
  return html`${metaList(doc)}${factsView(own)}<h2>${d.passagesTitle(own.length)}</h2><ol class="passages doc-passages">${own.map(passageBlock)}</ol>`;
}

export function passagePage(doc: CorpusDocument, passage: Passage, passages: readonly Passage[]): SafeHtml {
  const own = passages.filter((p) => p.docId === doc.meta.id);
  const prev = own.find((p) => p.ordinal === passage.ordinal - 1);
  const next = own.find((p) => p.ordinal === passage.ordinal + 1);
  return html`<p class="heading-path">${passage.headingPath.join(' › ')}${d.passageWhere(passage.municipality, KINDS[passage.kind])}</p>
<div class="passage-text" id="p-${passage.ordinal}">${passage.text}</div>
<nav class="pager" aria-label="${d.pagerLabel}">${prev ? html`<a href="${passageHref(prev)}" rel="prev">${d.previousPassage}</a>` : null} <a href="${documentHref(
    passage,
  )}">${d.inDocument}</a> ${next ? html`<a href="${passageHref(next)}" rel="next">${d.nextPassage}</a>` : null}</nav>
<h2>${d.aboutDocument}</h2>${metaList(doc)}`;
}

export interface PendingChanges {
  /** Corpus files on disk that the serving engine does not hold. */
  added: string[];
  /** Documents the serving engine holds whose file is gone. */
  removed: string[];
}

/** What a reload would change, by file name: `<id>.txt` on disk against the served document ids. */
export function pendingChanges(servedIds: readonly string[], filesOnDisk: readonly string[]): PendingChanges {
  const served = new Set(servedIds);
  const onDisk = new Set(filesOnDisk.map((f) => f.replace(/\.txt$/, '')));
  return {
    added: filesOnDisk.filter((f) => !served.has(f.replace(/\.txt$/, ''))),
    removed: servedIds.filter((id) => !onDisk.has(id)),
  };
}

export interface ReloadPanelState {
  failure: ReloadFailure | null;
  pending: PendingChanges;
  /** Files the serving engine skipped when it was built (the first load serves the rest). */
  unreadable: readonly string[];
}

export function reloadPanel(
  csrf: SafeHtml,
  state: ReloadPanelState,
  formatTime: (ms: number) => string,
): SafeHtml {
  const { failure, pending, unreadable } = state;
  const unreadableShown = unreadable.filter((e) => !failure?.errors.includes(e));
  return html`<section aria-labelledby="reload-h" class="reload-panel"><h2 id="reload-h">${uploadMessages.reloadButton}</h2>${
    failure
      ? html`<div class="notice error" role="alert"><p>${uploadMessages.lastFailure(formatTime(failure.at))}</p><p>${
          uploadMessages.reloadRefused[failure.reason]
        }</p><ul>${failure.errors.map((e) => html`<li>${e}</li>`)}</ul></div>`
      : null
  }${
    unreadableShown.length > 0
      ? html`<div class="notice error"><p>${uploadMessages.unreadable}</p><ul>${unreadableShown.map((e) => html`<li>${e}</li>`)}</ul></div>`
      : null
  }${
    pending.added.length > 0
      ? html`<p>${uploadMessages.pendingAdded(pending.added.join(d.listSeparator))}</p><ul class="pending-dry-runs">${pending.added.map(
          (f) => {
            const id = f.replace(/\.txt$/, '');
            return html`<li><a href="${documentHref({ docId: id })}/added">${consoleMessages.pendingDryRunLink(id)}</a></li>`;
          },
        )}</ul>`
      : null
  }${
    pending.removed.length > 0
      ? html`<p>${uploadMessages.pendingRemoved(pending.removed.join(d.listSeparator))}</p>`
      : null
  }<form method="post" action="/console/documents/reload" class="reload" data-busy="${uploadMessages.reloadBusy}">${csrf}
<p>${uploadMessages.reloadHelp}</p>
<button type="submit">${uploadMessages.reloadButton}</button></form></section>`;
}

const ordinalSchema = z.coerce.number().int().min(0).max(1_000_000);
/** The search box's words; longer input is cut rather than refused. */
const MAX_QUERY_CHARS = 200;

function one(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export interface DocumentRouteDeps {
  access: Access;
  store: Store;
  logger: Logger;
  clock: () => number;
  corpusDir: string;
  toPassages: ToPassages;
  engine: ServedEngine;
}

export function registerDocumentRoutes(router: Router, deps: DocumentRouteDeps): void {
  const { access, store, logger, clock, corpusDir, engine } = deps;
  const uploader = createDocumentUploader(corpusDir, deps.toPassages);
  const title = consoleMessages.titles.documents;

  const overview = async (
    ctx: PageContext,
    loaded: LoadedEngine,
    form: { values: UploadFields; refusal: SafeHtml | null },
  ): Promise<SafeHtml> => {
    if (!can(ctx.role, 'edit')) {
      return html`${searchForm('')}${documentList(loaded.documents, loaded.passages)}`;
    }
    const files = await corpusFiles(corpusDir).catch(() => []);
    const panel = reloadPanel(
      csrfField(ctx),
      {
        failure: engine.holder.lastFailure(),
        pending: pendingChanges(
          loaded.documents.map((d) => d.meta.id),
          files,
        ),
        unreadable: loaded.corpusErrors,
      },
      formatTime,
    );
    return html`${form.refusal}${searchForm('')}${panel}${documentList(loaded.documents, loaded.passages)}${uploadForm(
      csrfField(ctx),
      form.values,
      municipalitiesOf(loaded),
    )}`;
  };

  router.get('/documents', access.allow('view'), async (req, res) => {
    const loaded = await engine.orUnavailable(res);
    if (!loaded) return;
    const ctx = await access.context(res);
    const q = (one(req.query.q) ?? '').slice(0, MAX_QUERY_CHARS).trim();
    access.send(
      res,
      200,
      ctx,
      title,
      'documents',
      q
        ? html`${searchForm(q)}${searchResults(loaded.passages, q)}`
        : await overview(ctx, loaded, { values: {}, refusal: null }),
    );
  });

  router.post(UPLOAD_PATH, access.allow('edit'), async (req, res) => {
    const viewer = access.viewerOf(res);
    const read = await readUploadForm(req, (token) => csrfMatches(viewer, token));
    if (!read.ok) {
      res.set('Connection', 'close');
      if (read.status === 403) {
        return sendErrorPage(res, null, {
          status: 403,
          title: consoleMessages.csrfTitle,
          message: consoleMessages.csrf,
          link: { href: '/console/documents', label: consoleMessages.openDocuments },
        });
      }
    }
    const loaded = await engine.orUnavailable(res);
    if (!loaded) return;
    const ctx = await access.context(res);
    const refuse = async (status: number, values: UploadFields, message: string) =>
      access.send(
        res,
        status,
        ctx,
        title,
        'documents',
        await overview(ctx, loaded, { values, refusal: refusalView(message) }),
      );
    if (!read.ok) return refuse(read.status, {}, read.message);
    if (!read.file) return refuse(400, read.fields, uploadMessages.noFile);
    const outcome = await uploader.add(read.file, read.fields);
    if (!outcome.success) {
      logger.info({ file: outcome.fileName, error: outcome.error }, 'console upload refused');
      return refuse(422, read.fields, outcome.error);
    }
    logger.info({ file: outcome.fileName, id: outcome.id, ...outcome.summary }, 'console added a document');
    const { passages, headings, tables } = outcome.summary;
    await recordAudit(store, viewer, clock(), {
      action: auditActions.documentUpload,
      target: outcome.id,
      before: null,
      after: `${consoleMessages.documentSummary(outcome.title, passages, headings, tables)} ← ${outcome.fileName}`,
    });
    await access.notify(res, { kind: 'ok', lines: addedNoticeLines(outcome) });
    res.redirect(303, '/console/documents');
  });

  router.post('/documents/reload', access.allow('edit'), async (_req, res) => {
    const before = engine.holder.current();
    const result = await engine.holder.reload();
    await recordReload(store, access.viewerOf(res), clock(), {
      action: auditActions.engineReload,
      target: corpusDir,
      before,
      result,
    });
    await access.notify(res, reloadNoticeLines(result));
    if (result.ok) logger.info({ ms: result.ms }, 'console reloaded the engine');
    else logger.warn({ reason: result.reason, errors: result.errors }, 'console reload refused');
    res.redirect(303, '/console/documents');
  });

  router.get('/documents/:docId', access.allow('view'), async (req, res) => {
    const loaded = await engine.orUnavailable(res);
    if (!loaded) return;
    const doc = documentOf(loaded, req.params.docId);
    const ctx = await access.context(res);
    access.send(
      res,
      200,
      ctx,
      doc.meta.title,
      'documents',
      html`${documentPage(doc, loaded.passages)}${can(ctx.role, 'edit') ? documentActions(ctx, doc.meta.id) : null}`,
    );
  });

  router.get('/documents/:docId/passages/:ordinal', access.allow('view'), async (req, res) => {
    const loaded = await engine.orUnavailable(res);
    if (!loaded) return;
    const doc = documentOf(loaded, req.params.docId);
    const ordinal = ordinalSchema.safeParse(req.params.ordinal);
    const passage = ordinal.success
      ? loaded.passages.find((p) => p.docId === doc.meta.id && p.ordinal === ordinal.data)
      : undefined;
    if (!passage) throw new HttpError(404, 'not_found', consoleMessages.noPassage);
    access.send(
      res,
      200,
      await access.context(res),
      consoleMessages.titles.passage(doc.meta.title, passage.ordinal),
      'documents',
      passagePage(doc, passage, loaded.passages),
    );
  });
}
