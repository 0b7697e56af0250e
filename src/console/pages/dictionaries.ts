// Dictionaries: the user terms and synonyms the serving engine uses, and a reload after staff edit the files.
import type { LoadedEngine } from '../../load-engine.ts';
import { html, type SafeHtml } from '../html.ts';

export function dictionariesView(loaded: LoadedEngine, csrf: SafeHtml, dir: string): SafeHtml {
  const { userTerms, synonyms, stopwords } = loaded.analyzer.dictionaries;
  return html`<form method="post" action="/console/dictionaries/reload" class="reload" data-busy="読み込み中…">${csrf}
<p>${dir}/ のファイルを編集したあと、ここから読み込み直すとサーバーを止めずに反映されます。書式に誤りがあるときは、ファイル名と行番号を表示し、いまの辞書のまま動き続けます。</p>
<button type="submit">辞書を読み込み直す</button></form>
<section aria-labelledby="terms-h"><h2 id="terms-h">ユーザー辞書（${userTerms.length}語）</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">語</th><th scope="col">読み</th></tr></thead><tbody>${userTerms.map(
    (t) => html`<tr><td>${t.term}</td><td>${t.reading || '（自動）'}</td></tr>`,
  )}</tbody></table></div></section>
<section aria-labelledby="syn-h"><h2 id="syn-h">同義語（${synonyms.length}件）</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">質問にこの語があれば</th><th scope="col">この語でも探す</th></tr></thead><tbody>${synonyms.map(
    (r) => html`<tr><td>${r.from.join('、')}</td><td>${r.to.join('、')}</td></tr>`,
  )}</tbody></table></div></section>
<section aria-labelledby="stop-h"><h2 id="stop-h">検索に使わない語（${stopwords.size}語）</h2><p class="wordlist">${[...stopwords].join('、')}</p></section>`;
}
