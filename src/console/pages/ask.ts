// Ask: the reply as a resident sees it in LINE, the decision, the candidate passages and the analyzer's view.
import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { z } from 'zod';
import { buildAnswerMessages, buildDeclineMessages } from '../../line/flex.ts';
import type { Logger } from '../../log.ts';
import type { Candidate, Explanation } from '../../qa/engine.ts';
import type { Answer, DeclineReason, FollowUp, Passage, Source } from '../../qa/types.ts';
import type { Store } from '../../store/types.ts';
import type { Access } from '../access.ts';
import { highlight } from '../highlight.ts';
import { type HtmlValue, html, type SafeHtml } from '../html.ts';
import { formatScore } from '../layout.ts';
import { renderLinePreview } from '../line-preview.ts';
import { consoleMessages } from '../messages.ts';
import { municipalitiesOf, type ServedEngine } from '../served-engine.ts';
import { documentHref, passageHref } from './links.ts';

/** Candidates shown beside the preview; the engine ranks more. */
export const CANDIDATES_SHOWN = 5;
/** The preview needs an answer id that fits a postback; nothing is recorded under it. */
const PREVIEW_ANSWER_ID = 'console-preview';
/** Questions longer than the engine accepts are still shown, so staff see the decline. */
const MAX_QUESTION_INPUT = 1000;

const askQuerySchema = z.object({
  q: z
    .string()
    .max(MAX_QUESTION_INPUT, consoleMessages.questionTooLong(MAX_QUESTION_INPUT))
    .optional()
    .default(''),
  m: z.string().trim().max(50).optional().default(''),
});

const t = consoleMessages.ask;
const REASONS: Record<DeclineReason, string> = t.reasons;

export function askForm(question: string, municipality: string, municipalities: readonly string[]): SafeHtml {
  return html`<form method="get" action="/console/ask" class="ask-form">
<div class="field"><label for="q">${t.question}</label>
<textarea id="q" name="q" rows="3" maxlength="${MAX_QUESTION_INPUT}" required>${question}</textarea>
<p class="hint">${t.questionHint}</p></div>
<div class="field"><label for="m">${t.municipality}</label>
<select id="m" name="m"><option value="">${t.municipalityFromQuestion}</option>${municipalities.map(
    (m) => html`<option value="${m}"${m === municipality ? html` selected` : null}>${m}</option>`,
  )}</select></div>
<button type="submit">${t.submit}</button>
</form>`;
}

/** Terms that explain a match: the question's own terms found in the passage, not readings or bigrams. */
export function highlightTerms(candidate: Candidate, explanation: Explanation): string[] {
  const queryTerms = new Set(explanation.query.terms.map((term) => term.term));
  return [
    ...new Set([...candidate.matched.filter((term) => queryTerms.has(term)), ...candidate.coverage.matched]),
  ];
}

function passageLinks(p: Pick<Passage, 'docId' | 'ordinal'>): SafeHtml {
  return html`<p class="links"><a href="${documentHref(p)}">${t.wholeDocument}</a>${t.linkSeparator}<a href="${passageHref(p)}">${t.passagePage}</a></p>`;
}

function candidateItem(c: Candidate, explanation: Explanation): SafeHtml {
  const terms = highlightTerms(c, explanation);
  const p = c.passage;
  return html`<li class="candidate">
<h3><span class="rank">${c.rank}.</span> ${p.title}</h3>
<p class="heading-path">${p.headingPath.join(' › ')}${t.inMunicipality(p.municipality)}</p>
<dl class="scores"><dt>${t.score}</dt><dd>${formatScore(c.score)}</dd><dt>${t.coverage}</dt><dd>${formatScore(
    c.coverage.score,
  )}</dd><dt>${t.matched}</dt><dd>${terms.join(t.termSeparator) || t.none}</dd><dt>${t.missing}</dt><dd>${
    c.coverage.missing.join(t.termSeparator) || t.none
  }</dd></dl>
<blockquote class="passage-text">${highlight(p.text, terms)}</blockquote>
${passageLinks(p)}
</li>`;
}

function analyzerView(e: Explanation): SafeHtml {
  const { query, tokens } = e;
  const rows = tokens.map(
    (token) =>
      html`<tr${token.content ? html` class="content"` : null}><td>${token.surface}</td><td>${token.base}</td><td>${token.reading}</td><td>${token.pos}${
        token.posDetail && token.posDetail !== '*' ? t.posDetail(token.posDetail) : ''
      }</td><td>${token.userTerm ? t.yes : ''}</td><td>${token.content ? t.searchTerm : ''}</td></tr>`,
  );
  const terms = query.terms.map(
    (term) =>
      html`<tr><td>${term.term}</td><td>${t.origins[term.origin] ?? term.origin}</td><td>${formatScore(term.weight)}</td><td>${term.pos}</td><td>${
        term.compound ? t.compound : ''
      }</td></tr>`,
  );
  const list = (items: string[]): HtmlValue => (items.length > 0 ? items.join(t.listSeparator) : t.listNone);
  const tc = t.tokenColumns;
  const qc = t.termColumns;
  return html`<section aria-labelledby="analyzer-h"><h2 id="analyzer-h">${t.analyzerTitle}</h2>
<p>${t.rewritten}<span class="mono">${query.rewritten || t.rewrittenNone}</span></p>
<div class="table-wrap"><table><caption>${t.tokensCaption}</caption><thead><tr><th scope="col">${tc.surface}</th><th scope="col">${tc.base}</th><th scope="col">${tc.reading}</th><th scope="col">${tc.pos}</th><th scope="col">${tc.userTerm}</th><th scope="col">${tc.use}</th></tr></thead><tbody>${rows}</tbody></table></div>
<div class="table-wrap"><table><caption>${t.termsCaption}</caption><thead><tr><th scope="col">${qc.term}</th><th scope="col">${qc.origin}</th><th scope="col">${qc.weight}</th><th scope="col">${qc.pos}</th><th scope="col">${qc.kind}</th></tr></thead><tbody>${terms}</tbody></table></div>
<dl class="facts"><dt>${t.synonymsApplied}</dt><dd>${list(query.synonymsApplied.map((s) => `${s.from} → ${s.to.join(t.synonymJoin)}`))}</dd>
<dt>${t.corrections}</dt><dd>${list(query.corrections.map((c) => `${c.from} → ${c.to}`))}</dd>
<dt>${t.unknown}</dt><dd>${list(query.unknown)}</dd></dl>
</section>`;
}

/** Answers found another way (schedules) have sources but no ranked candidates: the sources are shown. */
function sourceItem(source: Source, passage: Passage | undefined, e: Explanation, rank: number): SafeHtml {
  const text = passage?.text ?? source.excerpt;
  const terms = e.query.terms.map((term) => term.term).filter((term) => text.includes(term));
  return html`<li class="candidate">
<h3><span class="rank">${rank}.</span> ${source.title}</h3>
<p class="heading-path">${source.section}${t.inMunicipality(source.municipality)}</p>
<dl class="scores"><dt>${t.score}</dt><dd>${formatScore(source.score)}</dd><dt>${t.matched}</dt><dd>${terms.join(t.termSeparator) || t.none}</dd></dl>
<blockquote class="passage-text">${highlight(text, terms)}</blockquote>
${passage ? passageLinks(passage) : null}
</li>`;
}

function candidatesView(e: Explanation, passageOf: (id: string) => Passage | undefined): SafeHtml {
  if (e.candidates.length > 0) {
    return html`<ol class="candidates">${e.candidates.slice(0, CANDIDATES_SHOWN).map((c) => candidateItem(c, e))}</ol>`;
  }
  if (e.answer.sources.length > 0) {
    return html`<p>${t.sourcesIntro}</p><ol class="candidates">${e.answer.sources.map((s, i) =>
      sourceItem(s, passageOf(s.passageId), e, i + 1),
    )}</ol>`;
  }
  return html`<p>${t.noCandidates}</p>`;
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
    ? html`<p class="verdict answered">${t.answers}</p>`
    : html`<p class="verdict declined">${t.declines(REASONS[answer.reason])}</p>`;
  return html`<div class="ask-result">
<section class="preview" aria-labelledby="preview-h"><h2 id="preview-h">${t.previewTitle}</h2>${renderLinePreview(messages)}</section>
<section class="decision" aria-labelledby="decision-h"><h2 id="decision-h">${t.decisionTitle}</h2>${decision}
<dl class="facts"><dt>${t.confidence}</dt><dd class="confidence">${formatScore(answer.confidence)}</dd>
<dt>${t.municipality}</dt><dd>${e.municipality ?? t.municipalityUnknown}</dd></dl></section>
</div>
<section aria-labelledby="candidates-h"><h2 id="candidates-h">${t.candidatesTitle(CANDIDATES_SHOWN)}</h2>${candidatesView(e, passageOf)}</section>
${analyzerView(e)}`;
}

export interface AskRouteDeps {
  access: Access;
  store: Store;
  logger: Logger;
  clock: () => number;
  engine: ServedEngine;
  /** KOTAE_NOW: the fixed "now" of schedule answers, as residents get it. */
  now: Date | null;
}

export function registerAskRoutes(router: Router, deps: AskRouteDeps): void {
  const { access, store, logger, clock } = deps;

  /** Questions staff try are counted apart on the dashboard; a failed write only loses that count. */
  const recordStaffQuestion = async (question: string, answer: Answer) => {
    try {
      await store.interactions.record({
        answerId: `console-${randomUUID()}`,
        createdAt: clock(),
        eventId: null,
        userHash: null,
        sourceType: 'unknown',
        municipality: answer.municipality,
        question,
        answered: answer.answered,
        reason: answer.answered ? null : answer.reason,
        confidence: answer.confidence,
        sources: answer.sources,
        staff: true,
      });
    } catch (error) {
      logger.warn({ err: String(error) }, 'console question not recorded');
    }
  };

  router.get('/ask', access.allow('view'), async (req, res) => {
    const loaded = await deps.engine.orUnavailable(res);
    if (!loaded) return;
    const ctx = await access.context(res);
    const query = askQuerySchema.safeParse(req.query);
    const municipalities = municipalitiesOf(loaded);
    if (!query.success) {
      return access.send(
        res,
        400,
        ctx,
        consoleMessages.titles.ask,
        'ask',
        html`<div class="notice error" role="alert"><p>${query.error.issues[0]?.message ?? consoleMessages.badInput}</p></div>${askForm('', '', municipalities)}`,
      );
    }
    const { q, m } = query.data;
    const municipality = municipalities.includes(m) ? m : '';
    const explanation =
      q.trim() === ''
        ? null
        : loaded.engine.explain(q, {
            ...(municipality ? { municipality } : {}),
            ...(deps.now ? { now: deps.now } : {}),
          });
    if (explanation) await recordStaffQuestion(q, explanation.answer);
    const result = explanation
      ? askResult(
          explanation,
          (id) => loaded.index.passages.get(id),
          (id) => loaded.engine.followUps(id),
        )
      : null;
    access.send(
      res,
      200,
      ctx,
      consoleMessages.titles.ask,
      'ask',
      html`${askForm(q, municipality, municipalities)}${result}`,
    );
  });
}
