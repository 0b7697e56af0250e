// Documents: the corpus as documents and passages with heading paths, a search inside it, one page per passage, reload.

import type { ReloadFailure } from '../../engine/holder.ts';
import type { CorpusDocument, Passage } from '../../qa/types.ts';
import { highlight } from '../highlight.ts';
import { html, type SafeHtml } from '../html.ts';
import { consoleMessages } from '../messages.ts';
import { factsView } from './document-facts.ts';
import { uploadMessages } from './document-upload.ts';
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
