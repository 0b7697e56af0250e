// A document's outline -> passages of a size fit for retrieval and for a short phone answer.
import { isFaqQuestion } from '../qa/facts.ts';
import type { CorpusDocument, Passage, PassageKind } from '../qa/types.ts';
import { type BodyBlock, toBlocks } from './blocks.ts';
import { charLength, cleanLines } from './cleanup.ts';
import { unweaveColumns } from './columns.ts';
import { buildOutline, type Section } from './outline.ts';
import { collectNames, renderTable } from './tables.ts';

/** Passages are packed up to about this many characters. */
export const PASSAGE_TARGET_CHARS = 350;
/** A whole section up to this size stays in one passage rather than being split... */
export const PASSAGE_MAX_CHARS = 450;
/** ...unless a sub-section has this much to say: then it gets a passage (and a heading path) of its own. */
export const OWN_PASSAGE_MIN_CHARS = 100;

interface Unit {
  text: string;
  kind: PassageKind | 'heading';
  /** A key/value record (one sister city) is a passage of its own. */
  standalone: boolean;
}

function size(units: readonly Unit[]): number {
  return units.reduce((n, u) => n + charLength(u.text) + 1, 0);
}

function blockUnits(block: BodyBlock, index: number, section: Section, names: ReadonlySet<string>): Unit[] {
  if (block.type === 'text') return [{ text: block.text, kind: block.kind, standalone: false }];
  // The heading names the table only when the table comes right under it.
  const title = section.heading === null || index > 0 ? null : section.title || null;
  const table = renderTable(block.rows, { title, unit: block.unit }, names);
  return table.units.map((text) => ({ text, kind: 'table', standalone: table.standalone }));
}

function ownUnits(section: Section, names: ReadonlySet<string>): Unit[] {
  return section.blocks.flatMap((b, i) => blockUnits(b, i, section, names));
}

/** Everything under a section in reading order, its own heading first when asked. */
function allUnits(section: Section, withHeading: boolean, names: ReadonlySet<string>): Unit[] {
  const head: Unit[] =
    withHeading && section.heading !== null
      ? [{ text: section.heading, kind: 'heading', standalone: false }]
      : [];
  return [...head, ...ownUnits(section, names), ...section.children.flatMap((c) => allUnits(c, true, names))];
}

/** After 。！？ and any closing brackets that follow it (`…です。」`). */
const SENTENCE_BOUNDARY = /(?<=[。！？](?![」』）)]))|(?<=[。！？][」』）)]+)(?![」』）)])/u;

/** Splits a long paragraph at sentence ends (。), never inside a sentence. */
function splitSentences(unit: Unit): Unit[] {
  if (charLength(unit.text) <= PASSAGE_TARGET_CHARS || unit.standalone) return [unit];
  const sentences = unit.text.split(SENTENCE_BOUNDARY).filter((s) => s !== '');
  const out: Unit[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current !== '' && charLength(current) + charLength(sentence) > PASSAGE_TARGET_CHARS) {
      out.push({ ...unit, text: current });
      current = '';
    }
    current += sentence;
  }
  if (current !== '') out.push({ ...unit, text: current });
  return out;
}

interface Draft {
  headingPath: string[];
  units: Unit[];
}

/**
 * A Q&A page's question (Ｑ４ 申請は窓口に持っていかなければなりませんか。) opens a passage of its own: each question and
 * its answer are found, ranked and quoted as one, not beside the page's other questions that share its words.
 */
function opensQuestion(unit: Unit): boolean {
  return isFaqQuestion(unit.text.split('\n')[0] ?? '');
}

/**
 * The units so far end inside a Q&A page's answer (問4 外国語の母子健康手帳はありますか。 and the lines after it):
 * the answer stays with its question up to the next question (which opens a passage of its own), unless that makes
 * the passage too long to read.
 */
function insideAnswer(units: readonly Unit[], next: Unit): boolean {
  if (size([...units, next]) > PASSAGE_MAX_CHARS) return false;
  const lines = units.flatMap((u) => u.text.split('\n'));
  return lines.some((line) => isFaqQuestion(line));
}

/** Greedy packing; contact blocks stay with what precedes them (the office they belong to), answers with their question. */
function pack(units: readonly Unit[], headingPath: string[], out: Draft[]): void {
  let current: Unit[] = [];
  const flush = () => {
    if (current.length > 0) out.push({ headingPath, units: current });
    current = [];
  };
  for (const unit of units.flatMap(splitSentences)) {
    if (unit.standalone) {
      flush();
      out.push({ headingPath, units: [unit] });
      continue;
    }
    if (
      (unit.kind !== 'contact' &&
        current.length > 0 &&
        size(current) + size([unit]) > PASSAGE_TARGET_CHARS &&
        !insideAnswer(current, unit)) ||
      (current.length > 0 && opensQuestion(unit))
    ) {
      flush();
    }
    current.push(unit);
  }
  flush();
}

/** Follows a chain of headings that hold nothing but one sub-heading, so the path names the content. */
function descend(section: Section, path: string[]): { section: Section; path: string[] } {
  let current = section;
  const out = [...path];
  while (current.blocks.length === 0 && current.children.length === 1 && current.children[0]?.heading) {
    current = current.children[0];
    out.push(current.heading as string);
  }
  return { section: current, path: out };
}

function emitSection(section: Section, path: string[], names: ReadonlySet<string>, out: Draft[]): void {
  const here = section.heading === null ? path : [...path, section.heading];
  const whole = allUnits(section, false, names);
  const listLike = section.children.every((c) => size(allUnits(c, true, names)) < OWN_PASSAGE_MIN_CHARS);
  const questions = whole.filter(opensQuestion).length;
  if (size(whole) <= PASSAGE_MAX_CHARS && listLike && !whole.some((u) => u.standalone) && questions < 2) {
    const inner = descend(section, here);
    const units = allUnits(inner.section, false, names);
    if (units.length > 0) out.push({ headingPath: inner.path, units });
    else if (whole.length > 0) out.push({ headingPath: here, units: whole });
    return;
  }
  pack(ownUnits(section, names), here, out);
  let buffer: Section[] = [];
  const flush = () => {
    const [only] = buffer;
    if (buffer.length === 1 && only?.heading) {
      const inner = descend(only, [...here, only.heading]);
      const body = allUnits(inner.section, false, names);
      if (body.length > 0) out.push({ headingPath: inner.path, units: body });
      else out.push({ headingPath: here, units: allUnits(only, true, names) });
    } else if (buffer.length > 1) {
      out.push({ headingPath: here, units: buffer.flatMap((c) => allUnits(c, true, names)) });
    }
    buffer = [];
  };
  for (const child of section.children) {
    const units = allUnits(child, true, names);
    if (size(units) >= OWN_PASSAGE_MIN_CHARS || units.some((u) => u.standalone)) {
      flush();
      emitSection(child, here, names, out);
      continue;
    }
    if (
      buffer.length > 0 &&
      size(buffer.flatMap((c) => allUnits(c, true, names))) + size(units) > PASSAGE_TARGET_CHARS
    ) {
      flush();
    }
    buffer.push(child);
  }
  flush();
}

function passageKind(units: readonly Unit[]): PassageKind {
  if (units.some((u) => u.kind === 'table')) return 'table';
  if (units.some((u) => u.kind === 'contact')) return 'contact';
  const body = units.filter((u) => u.kind !== 'heading');
  if (body.length > 0 && body.every((u) => u.kind === 'list')) return 'list';
  return 'text';
}

function tableRows(section: Section): string[][] {
  return [
    ...section.blocks.flatMap((b) => (b.type === 'table' ? b.rows : [])),
    ...section.children.flatMap(tableRows),
  ];
}

/** A draft of headings only and shorter than this (a lone 主な施策) joins a neighbour. */
export const LONE_HEADING_MAX_CHARS = 20;

function isLoneHeading(draft: Draft): boolean {
  return draft.units.every((u) => u.kind === 'heading') && size(draft.units) < LONE_HEADING_MAX_CHARS;
}

/** The headings of `path` below its common prefix with `base`, as text units. */
function headingsBelow(path: readonly string[], base: readonly string[]): Unit[] {
  let common = 0;
  while (common < path.length && common < base.length && path[common] === base[common]) common++;
  return path.slice(common).map((text) => ({ text, kind: 'heading', standalone: false }));
}

/**
 * Folds a lone heading into the next draft, since a heading introduces what follows it (at the
 * end of a document, into the previous one); its path headings go along as text.
 */
function foldLoneHeadings(drafts: Draft[]): Draft[] {
  const out: Draft[] = [];
  let pending: Draft | null = null;
  for (const draft of drafts) {
    if (!isLoneHeading(draft)) {
      const carried = pending
        ? [...headingsBelow(pending.headingPath, draft.headingPath), ...pending.units]
        : [];
      out.push({ headingPath: draft.headingPath, units: [...carried, ...draft.units] });
      pending = null;
    } else {
      pending = pending
        ? {
            headingPath: pending.headingPath,
            units: [
              ...pending.units,
              ...headingsBelow(draft.headingPath, pending.headingPath),
              ...draft.units,
            ],
          }
        : draft;
    }
  }
  if (pending) {
    const last = out.at(-1);
    if (last) last.units.push(...headingsBelow(pending.headingPath, last.headingPath), ...pending.units);
    else out.push(pending);
  }
  return out;
}

/** Cleans a document and cuts it into passages; pure and deterministic for a given text. */
export function toPassages(doc: CorpusDocument): Passage[] {
  const outline = buildOutline(toBlocks(cleanLines(unweaveColumns(doc.body))));
  const names = new Set(collectNames(tableRows(outline)));
  const drafts: Draft[] = [];
  emitSection(outline, [], names, drafts);
  return foldLoneHeadings(drafts).map((d, ordinal) => ({
    id: `${doc.meta.id}#${ordinal}`,
    docId: doc.meta.id,
    ordinal,
    title: doc.meta.title,
    municipality: doc.meta.municipality,
    headingPath: d.headingPath,
    kind: passageKind(d.units),
    text: d.units.map((u) => u.text).join('\n'),
    ...(doc.meta.date ? { documentDate: doc.meta.date } : {}),
  }));
}
