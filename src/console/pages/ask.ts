// Ask: the reply as a resident sees it in LINE, the decision, the candidate passages and the analyzer's view.
import { buildAnswerMessages, buildDeclineMessages } from '../../line/flex.ts';
import type { Candidate, Explanation } from '../../qa/engine.ts';
import type { DeclineReason, FollowUp, Passage, Source } from '../../qa/types.ts';
import { highlight } from '../highlight.ts';
import { type HtmlValue, html, type SafeHtml } from '../html.ts';
import { formatScore } from '../layout.ts';
import { renderLinePreview } from '../line-preview.ts';
import { documentHref, passageHref } from './links.ts';

/** Candidates shown beside the preview; the engine ranks more. */
export const CANDIDATES_SHOWN = 5;
/** The preview needs an answer id that fits a postback; nothing is recorded under it. */
const PREVIEW_ANSWER_ID = 'console-preview';

const REASONS: Record<DeclineReason, string> = {
  empty: '質問が空です',
  invalid: '質問として読み取れません（長すぎる、または文字化け）',
  out_of_scope: '資料に答えが見つかりません',
  low_confidence: '確信度が低いため回答しません',
};

const ORIGINS: Record<string, string> = {
  question: '質問の語',
  kana: 'かなを漢字に',
  synonym: '同義語',
  reading: '読みで訂正',
};

export function askForm(question: string, municipality: string, municipalities: readonly string[]): SafeHtml {
  return html`<form method="get" action="/console/ask" class="ask-form">
<div class="field"><label for="q">住民からの質問</label>
<textarea id="q" name="q" rows="3" maxlength="1000" required>${question}</textarea>
<p class="hint">Ctrl+Enter でも送信できます。</p></div>
<div class="field"><label for="m">自治体</label>
<select id="m" name="m"><option value="">質問から判定</option>${municipalities.map(
    (m) => html`<option value="${m}"${m === municipality ? html` selected` : null}>${m}</option>`,
  )}</select></div>
<button type="submit">回答を確認</button>
</form>`;
}

/** Terms that explain a match: the question's own terms found in the passage, not readings or bigrams. */
export function highlightTerms(candidate: Candidate, explanation: Explanation): string[] {
  const queryTerms = new Set(explanation.query.terms.map((t) => t.term));
  return [...new Set([...candidate.matched.filter((t) => queryTerms.has(t)), ...candidate.coverage.matched])];
}

function candidateItem(c: Candidate, explanation: Explanation): SafeHtml {
  const terms = highlightTerms(c, explanation);
  const p = c.passage;
  return html`<li class="candidate">
<h3><span class="rank">${c.rank}.</span> ${p.title}</h3>
<p class="heading-path">${p.headingPath.join(' › ')}（${p.municipality}）</p>
<dl class="scores"><dt>スコア</dt><dd>${formatScore(c.score)}</dd><dt>語の一致率</dt><dd>${formatScore(
    c.coverage.score,
  )}</dd><dt>一致した語</dt><dd>${terms.join('、') || '—'}</dd><dt>見つからない語</dt><dd>${
    c.coverage.missing.join('、') || '—'
  }</dd></dl>
<blockquote class="passage-text">${highlight(p.text, terms)}</blockquote>
<p class="links"><a href="${documentHref(p)}">資料の中で全文を見る</a> ・ <a href="${passageHref(p)}">この段落のページ</a></p>
</li>`;
}

function analyzerView(e: Explanation): SafeHtml {
  const { query, tokens } = e;
  const rows = tokens.map(
    (t) =>
      html`<tr${t.content ? html` class="content"` : null}><td>${t.surface}</td><td>${t.base}</td><td>${t.reading}</td><td>${t.pos}${
        t.posDetail && t.posDetail !== '*' ? `・${t.posDetail}` : ''
      }</td><td>${t.userTerm ? 'はい' : ''}</td><td>${t.content ? '検索語' : ''}</td></tr>`,
  );
  const terms = query.terms.map(
    (t) =>
      html`<tr><td>${t.term}</td><td>${ORIGINS[t.origin] ?? t.origin}</td><td>${formatScore(t.weight)}</td><td>${t.pos}</td><td>${
        t.compound ? '複合語' : ''
      }</td></tr>`,
  );
  const list = (items: string[]): HtmlValue => (items.length > 0 ? items.join('、') : 'なし');
  return html`<section aria-labelledby="analyzer-h"><h2 id="analyzer-h">解析器の見方</h2>
<p>正規化後の質問：<span class="mono">${query.rewritten || '（なし）'}</span></p>
<div class="table-wrap"><table><caption>形態素</caption><thead><tr><th scope="col">表層形</th><th scope="col">基本形</th><th scope="col">読み</th><th scope="col">品詞</th><th scope="col">ユーザー辞書</th><th scope="col">扱い</th></tr></thead><tbody>${rows}</tbody></table></div>
<div class="table-wrap"><table><caption>検索に使った語</caption><thead><tr><th scope="col">語</th><th scope="col">由来</th><th scope="col">重み</th><th scope="col">品詞</th><th scope="col">種類</th></tr></thead><tbody>${terms}</tbody></table></div>
<dl class="facts"><dt>適用した同義語</dt><dd>${list(query.synonymsApplied.map((s) => `${s.from} → ${s.to.join('・')}`))}</dd>
<dt>読みによる訂正</dt><dd>${list(query.corrections.map((c) => `${c.from} → ${c.to}`))}</dd>
<dt>資料にない語</dt><dd>${list(query.unknown)}</dd></dl>
</section>`;
}

/** Answers found another way (schedules) have sources but no ranked candidates: the sources are shown. */
function sourceItem(source: Source, passage: Passage | undefined, e: Explanation, rank: number): SafeHtml {
  const text = passage?.text ?? source.excerpt;
  const terms = e.query.terms.map((t) => t.term).filter((t) => text.includes(t));
  return html`<li class="candidate">
<h3><span class="rank">${rank}.</span> ${source.title}</h3>
<p class="heading-path">${source.section}（${source.municipality}）</p>
<dl class="scores"><dt>スコア</dt><dd>${formatScore(source.score)}</dd><dt>一致した語</dt><dd>${terms.join('、') || '—'}</dd></dl>
<blockquote class="passage-text">${highlight(text, terms)}</blockquote>
${passage ? html`<p class="links"><a href="${documentHref(passage)}">資料の中で全文を見る</a> ・ <a href="${passageHref(passage)}">この段落のページ</a></p>` : null}
</li>`;
}

function candidatesView(e: Explanation, passageOf: (id: string) => Passage | undefined): SafeHtml {
  if (e.candidates.length > 0) {
    return html`<ol class="candidates">${e.candidates.slice(0, CANDIDATES_SHOWN).map((c) => candidateItem(c, e))}</ol>`;
  }
  if (e.answer.sources.length > 0) {
    return html`<p>この質問は検索の順位づけを経ずに答えました。使った出典：</p><ol class="candidates">${e.answer.sources.map(
      (s, i) => sourceItem(s, passageOf(s.passageId), e, i + 1),
    )}</ol>`;
  }
  return html`<p>候補の段落はありません。</p>`;
}

export function askResult(
  e: Explanation,
  passageOf: (id: string) => Passage | undefined,
  followUps: (passageId: string) => readonly FollowUp[] = () => [],
): SafeHtml {
  const { answer } = e;
  // The preview shows the quick replies a resident would get, follow-ups included.
  const messages = answer.answered
    ? buildAnswerMessages(
        answer,
        PREVIEW_ANSWER_ID,
        answer.sources[0] ? followUps(answer.sources[0].passageId) : [],
      )
    : buildDeclineMessages(answer);
  const decision = answer.answered
    ? html`<p class="verdict answered">回答します</p>`
    : html`<p class="verdict declined">お断りします：${REASONS[answer.reason]}</p>`;
  return html`<div class="ask-result">
<section class="preview" aria-labelledby="preview-h"><h2 id="preview-h">住民に届く返信</h2>${renderLinePreview(messages)}</section>
<section class="decision" aria-labelledby="decision-h"><h2 id="decision-h">判定</h2>${decision}
<dl class="facts"><dt>確信度</dt><dd class="confidence">${formatScore(answer.confidence)}</dd>
<dt>自治体</dt><dd>${e.municipality ?? '判定できず'}</dd></dl></section>
</div>
<section aria-labelledby="candidates-h"><h2 id="candidates-h">候補の段落（上位${CANDIDATES_SHOWN}件）</h2>${candidatesView(e, passageOf)}</section>
${analyzerView(e)}`;
}
