// The facts the engine reads in a document, grouped by heading path: what the bot can answer from it.
import { compilePassage, type Fact } from '../../qa/facts.ts';
import type { Passage } from '../../qa/types.ts';
import { html, type SafeHtml } from '../html.ts';
import { consoleMessages as m } from '../messages.ts';
import { passageHref } from './links.ts';

export interface FactGroup {
  headingPath: readonly string[];
  facts: { passage: Passage; fact: Fact }[];
}

/** A kind's Japanese name; an answer type added to the engine without a name shows as itself. */
export function kindLabel(kind: string): string {
  return m.factKinds[kind] ?? kind;
}

/** Any figure has this shape; shown only when the unit states nothing more specific (a heading `1 利用案内`). */
const GENERIC_SHAPE = 'count';

/** The kinds a fact is shown with: by label first, then by shape, without the generic figure beside a specific kind. */
export function shownKinds(fact: Fact): { labelled: string[]; shaped: string[] } {
  const shaped = fact.shaped.filter((k) => !fact.labelled.includes(k));
  const specific = shaped.filter((k) => k !== GENERIC_SHAPE);
  return {
    labelled: fact.labelled,
    shaped: fact.labelled.length > 0 || specific.length > 0 ? specific : shaped,
  };
}

/** The document's facts in reading order, one group per run of passages under the same heading path. */
export function factGroups(passages: readonly Passage[]): FactGroup[] {
  const groups: FactGroup[] = [];
  for (const passage of [...passages].sort((a, b) => a.ordinal - b.ordinal)) {
    const facts = compilePassage(passage).facts.map((fact) => ({ passage, fact }));
    if (facts.length === 0) continue;
    const last = groups.at(-1);
    if (last && last.headingPath.join('\u0000') === passage.headingPath.join('\u0000')) {
      last.facts.push(...facts);
    } else groups.push({ headingPath: passage.headingPath, facts });
  }
  return groups;
}

/** How many facts state each kind (by label or by shape), most frequent first. */
export function kindCounts(groups: readonly FactGroup[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const { fact } of groups.flatMap((g) => g.facts)) {
    const { labelled, shaped } = shownKinds(fact);
    for (const kind of [...labelled, ...shaped]) {
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function kinds(fact: Fact): SafeHtml {
  const { labelled, shaped } = shownKinds(fact);
  return html`${labelled.map(
    (k) => html`<span class="fact-kind labelled" title="${m.factLabelledHint}">${kindLabel(k)}</span> `,
  )}${shaped.map((k) => html`<span class="fact-kind shaped" title="${m.factShapedHint}">${kindLabel(k)}</span> `)}`;
}

export function factsView(passages: readonly Passage[]): SafeHtml {
  const groups = factGroups(passages);
  const total = groups.reduce((n, g) => n + g.facts.length, 0);
  if (total === 0) {
    return html`<section aria-labelledby="facts-h" class="document-facts"><h2 id="facts-h">${m.factsTitle(0)}</h2><p>${m.factsNone}</p></section>`;
  }
  return html`<section aria-labelledby="facts-h" class="document-facts"><h2 id="facts-h">${m.factsTitle(total)}</h2>
<p>${m.factsIntro}</p>
<p class="fact-summary">${kindCounts(groups).map(([k, n]) => html`<span class="fact-kind">${kindLabel(k)} ${n}</span> `)}</p>
${groups.map(
  (g) =>
    html`<div class="table-wrap"><table class="facts-table"><caption>${
      g.headingPath.length > 0 ? g.headingPath.join(' › ') : m.factsNoHeading
    }</caption><thead><tr><th scope="col">${m.factColumns.text}</th><th scope="col">${m.factColumns.label}</th><th scope="col">${
      m.factColumns.kinds
    }</th><th scope="col">${m.factColumns.passage}</th></tr></thead><tbody>${g.facts.map(
      ({ passage, fact }) =>
        html`<tr><td>${fact.text}</td><td>${fact.label ?? ''}</td><td>${kinds(fact)}</td><td class="nowrap"><a href="${passageHref(
          passage,
        )}">§${passage.ordinal}</a></td></tr>`,
    )}</tbody></table></div>`,
)}</section>`;
}
