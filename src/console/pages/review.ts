// Review: questions residents asked that need a look, grouped by wording, with filters and a CSV export.
import type { Router } from 'express';
import { z } from 'zod';
import { HttpError } from '../../http-error.ts';
import type { InteractionStore, ReviewQuery, Store } from '../../store/types.ts';
import { DEFAULT_LOW_CONFIDENCE, MAX_REVIEW_LIMIT } from '../../store/types.ts';
import type { Access } from '../access.ts';
import { toCsv } from '../csv.ts';
import { groupQuestions, type QuestionGroup, type ReviewFlag } from '../group-questions.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatTime } from '../layout.ts';
import { consoleMessages } from '../messages.ts';
import { contentTermsOf, municipalitiesOf, type ServedEngine } from '../served-engine.ts';
import { askHref } from './links.ts';

const t = consoleMessages.review;

/** The page reads at most this many interactions; older ones need a narrower time range. */
export const MAX_REVIEWED = 5000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Dates in the filter are Japan dates. */
const JST_OFFSET = '+09:00';

export const REVIEW_KINDS = ['needs_review', 'declined', 'low_confidence', 'unhelpful'] as const;
const KIND_LABELS: Record<(typeof REVIEW_KINDS)[number], string> = t.kinds;
const FLAG_LABELS: Record<ReviewFlag, string> = t.flags;

const date = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .pipe(z.iso.date({ error: t.badDate }).optional());

export const reviewFilterSchema = z.object({
  kind: z.enum(REVIEW_KINDS).catch('needs_review'),
  from: date.optional(),
  to: date.optional(),
  m: z.string().trim().max(50).optional().default(''),
});
export type ReviewFilter = z.infer<typeof reviewFilterSchema>;

export function storeQuery(filter: ReviewFilter): ReviewQuery {
  return {
    kind: filter.kind,
    lowConfidenceBelow: DEFAULT_LOW_CONFIDENCE,
    // Staff trying questions in the console are not residents to review.
    askedBy: 'residents',
    ...(filter.from ? { from: Date.parse(`${filter.from}T00:00:00${JST_OFFSET}`) } : {}),
    // The end date is inclusive for staff: up to the start of the next day.
    ...(filter.to ? { to: Date.parse(`${filter.to}T00:00:00${JST_OFFSET}`) + DAY_MS } : {}),
    ...(filter.m ? { municipality: filter.m } : {}),
  };
}

export async function reviewGroups(
  interactions: InteractionStore,
  filter: ReviewFilter,
  contentTerms: (text: string) => string[],
): Promise<{ groups: QuestionGroup[]; total: number; truncated: boolean }> {
  const query = storeQuery(filter);
  const records = [];
  for (let offset = 0; offset < MAX_REVIEWED; offset += MAX_REVIEW_LIMIT) {
    const page = await interactions.list({ ...query, limit: MAX_REVIEW_LIMIT, offset });
    records.push(...page);
    if (page.length < MAX_REVIEW_LIMIT) break;
  }
  const total = await interactions.count(query);
  return {
    groups: groupQuestions(records, contentTerms, DEFAULT_LOW_CONFIDENCE),
    total,
    truncated: total > records.length,
  };
}

function filterQuery(filter: ReviewFilter): string {
  const params = new URLSearchParams({ kind: filter.kind });
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  if (filter.m) params.set('m', filter.m);
  return params.toString();
}

export function reviewForm(filter: ReviewFilter, municipalities: readonly string[]): SafeHtml {
  return html`<form method="get" action="/console/review" class="filters">
<div class="field"><label for="kind">${t.kindLabel}</label><select id="kind" name="kind">${REVIEW_KINDS.map(
    (k) => html`<option value="${k}"${k === filter.kind ? html` selected` : null}>${KIND_LABELS[k]}</option>`,
  )}</select></div>
<div class="field"><label for="from">${t.fromLabel}</label><input id="from" name="from" type="date" value="${filter.from ?? ''}"></div>
<div class="field"><label for="to">${t.toLabel}</label><input id="to" name="to" type="date" value="${filter.to ?? ''}"></div>
<div class="field"><label for="rm">${t.municipalityLabel}</label><select id="rm" name="m"><option value="">${t.allMunicipalities}</option>${municipalities.map(
    (m) => html`<option value="${m}"${m === filter.m ? html` selected` : null}>${m}</option>`,
  )}</select></div>
<button type="submit">${t.filterButton}</button>
</form>`;
}

function flags(group: QuestionGroup): string {
  return (Object.keys(FLAG_LABELS) as ReviewFlag[])
    .filter((f) => group.flags[f] > 0)
    .map((f) => `${FLAG_LABELS[f]} ${group.flags[f]}`)
    .join(t.listSeparator);
}

export function reviewTable(
  result: { groups: QuestionGroup[]; total: number; truncated: boolean },
  filter: ReviewFilter,
): SafeHtml {
  const { groups, total, truncated } = result;
  const csv = `/console/review.csv?${filterQuery(filter)}`;
  const rows = groups.map(
    (g) =>
      html`<tr><td class="num">${g.count}</td><td><a href="${askHref(g.representative, g.municipality)}">${g.representative}</a>${
        g.wordings.length > 1
          ? html`<details><summary>${t.otherWordings(g.wordings.length - 1)}</summary><ul>${g.wordings
              .slice(1)
              .map(
                (w) =>
                  html`<li><a href="${askHref(w.text, g.municipality)}">${w.text}</a>（${w.count}）</li>`,
              )}</ul></details>`
          : null
      }</td><td>${flags(g)}</td><td>${g.municipalities.join(t.listSeparator) || '—'}</td><td>${formatTime(g.latestAt)}</td></tr>`,
  );
  return html`<p class="summary">${t.summary(total, groups.length)}${
    truncated ? t.truncated(MAX_REVIEWED) : ''
  } <a href="${csv}" download>${t.csvLink}</a></p>
${
  groups.length === 0
    ? html`<p>${t.none}</p>`
    : html`<div class="table-wrap"><table class="review"><caption>${t.caption}</caption><thead><tr><th scope="col">${t.columns.count}</th><th scope="col">${t.columns.question}</th><th scope="col">${t.columns.flags}</th><th scope="col">${t.columns.municipality}</th><th scope="col">${t.columns.latest}</th></tr></thead><tbody>${rows}</tbody></table></div>`
}`;
}

export function reviewCsv(groups: readonly QuestionGroup[]): string {
  return toCsv(
    [...t.csvColumns],
    groups.map((g) => [
      g.count,
      g.representative,
      g.wordings
        .slice(1)
        .map((w) => w.text)
        .join('\n'),
      g.flags.declined,
      g.flags.low_confidence,
      g.flags.unhelpful,
      g.municipalities.join(t.listSeparator),
      formatTime(g.latestAt),
    ]),
  );
}

export interface ReviewRouteDeps {
  access: Access;
  store: Store;
  clock: () => number;
  engine: ServedEngine;
}

export function registerReviewRoutes(router: Router, deps: ReviewRouteDeps): void {
  const { access, store, clock } = deps;
  const view = access.allow('view');

  router.get('/review', view, async (req, res) => {
    const ctx = await access.context(res);
    const filter = reviewFilterSchema.safeParse(req.query);
    const loaded = await deps.engine.loaded();
    const municipalities = municipalitiesOf(loaded);
    if (!filter.success) {
      const fallback = reviewFilterSchema.parse({});
      return access.send(
        res,
        400,
        ctx,
        consoleMessages.titles.review,
        'review',
        html`<div class="notice error" role="alert"><p>${filter.error.issues[0]?.message ?? consoleMessages.badFilter}</p></div>${reviewForm(fallback, municipalities)}`,
      );
    }
    const result = await reviewGroups(store.interactions, filter.data, contentTermsOf(loaded));
    access.send(
      res,
      200,
      ctx,
      consoleMessages.titles.review,
      'review',
      html`${reviewForm(filter.data, municipalities)}${reviewTable(result, filter.data)}`,
    );
  });

  router.get('/review.csv', view, async (req, res) => {
    const filter = reviewFilterSchema.safeParse(req.query);
    if (!filter.success)
      throw new HttpError(400, 'bad_filter', filter.error.issues[0]?.message ?? consoleMessages.badFilter);
    const { groups } = await reviewGroups(store.interactions, filter.data, await deps.engine.contentTerms());
    res
      .type('text/csv; charset=utf-8')
      .attachment(`kotae-review-${new Date(clock()).toISOString().slice(0, 10)}.csv`)
      .send(reviewCsv(groups));
  });
}
