// Dictionaries: the user terms and synonyms the serving engine uses, and a reload after staff edit the files.
import type { LoadedEngine } from '../../engine/load-engine.ts';
import { html, type SafeHtml } from '../html.ts';
import { consoleMessages } from '../messages.ts';

const m = consoleMessages.dictionaries;

export function dictionariesView(loaded: LoadedEngine, csrf: SafeHtml, dir: string): SafeHtml {
  const { userTerms, synonyms, stopwords } = loaded.analyzer.dictionaries;
  return html`<form method="post" action="/console/dictionaries/reload" class="reload" data-busy="${m.busy}">${csrf}
<p>${m.help(dir)}</p>
<button type="submit">${m.reloadButton}</button></form>
<section aria-labelledby="terms-h"><h2 id="terms-h">${m.termsTitle(userTerms.length)}</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">${m.termColumn}</th><th scope="col">${m.readingColumn}</th></tr></thead><tbody>${userTerms.map(
    (t) => html`<tr><td>${t.term}</td><td>${t.reading || m.autoReading}</td></tr>`,
  )}</tbody></table></div></section>
<section aria-labelledby="syn-h"><h2 id="syn-h">${m.synonymsTitle(synonyms.length)}</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">${m.fromColumn}</th><th scope="col">${m.toColumn}</th></tr></thead><tbody>${synonyms.map(
    (r) => html`<tr><td>${r.from.join(m.listSeparator)}</td><td>${r.to.join(m.listSeparator)}</td></tr>`,
  )}</tbody></table></div></section>
<section aria-labelledby="stop-h"><h2 id="stop-h">${m.stopwordsTitle(stopwords.size)}</h2><p class="wordlist">${[...stopwords].join(m.listSeparator)}</p></section>`;
}
