// Documents read as facts: a passage's text as units (sentences, rows, labelled fields), and for each unit
// the kinds of fact it states, by the shape of its value or by the label the page puts before it.
// A passage's units are cut once, when the index is built; the kinds each unit states are looked up once,
// when a question first needs them. Choosing, answering and the console's facts view share them.

import {
  ANSWER_TYPES,
  type AnswerType,
  holdsFact,
  inlineLabel,
  LABEL_DECORATION,
  labelNamesKind,
  splitFields,
  TABLE_ROW,
} from './answer-type.ts';
import { normalizeText } from './normalize.ts';
import type { Passage } from './types.ts';
import { editionless } from './years.ts';

/**
 * What a passage's compiled facts are kept under for a kind: a kind narrowed by its question (何台: a count in 台)
 * has a shape of its own, so its name is not enough. Worked out once per kind object, not for every unit asked.
 */
const kindKeys = new WeakMap<AnswerType, string>();
function kindKey(type: AnswerType): string {
  let key = kindKeys.get(type);
  if (key === undefined) {
    key = `${type.name}\u0000${type.fact.source}\u0000${type.beside?.source}\u0000${type.asOf === true}`;
    kindKeys.set(type, key);
  }
  return key;
}

/** A line of the page's opening this long that is part of its title is a line of the title. */
const MIN_TITLE_PART_CHARS = 6;

/** A unit this short without a full stop is a label whose value follows (提携年月日, (7) 期間). */
export const LABEL_CHARS = 40;

/**
 * When the page was updated (更新日：2025年4月15日, 令和7年4月1日更新, 掲載日): page furniture every city page
 * carries, never the date a resident asks for.
 */
const PAGE_DATE =
  /^(?:最終)?(?:更新|掲載|公開|作成)日(?:時)?\s*[:：]?\s*\S|\d+日(?:\s*)(?:更新|掲載|公開)\s*$/u;

/** A printed page's number set off by dashes (― 3 ―, - 12 -), normalized. */
const PAGE_NUMBER_MARK = /[―ー\-–—‐]\s*\d{1,4}\s*[―ー\-–—‐]/gu;

/** A run of spaces this wide inside a line is the gap between two columns of a PDF page laid side by side. */
const COLUMN_GAP = /[ \u3000]{4,}|\u3000{2,}/u;

function splitUnits(text: string): string[] {
  return text
    .split('\n')
    .flatMap((line) => line.split(COLUMN_GAP))
    .flatMap((line) => line.match(/[^。]+。?/g) ?? [])
    .flatMap(splitFields)
    .map((u) => u.trim())
    .filter((u) => u !== '' && !PAGE_DATE.test(u));
}

/** factAt: the value stands in a slot labelled for the kind asked. */
export const SLOTTED = 2;

/** The question of a Q&A page (問1 登録にお金はかかりますか。, Q. …？): the answer after it is about what it asks. */
const FAQ_QUESTION =
  /^\s*(?:問|Q|Ｑ|質問)\s*\d*[.．:：、]?\s*\S|[?？]\s*$|(?:ますか|ですか|でしょうか)。?\s*$/u;

export function isFaqQuestion(unit: string): boolean {
  return FAQ_QUESTION.test(unit);
}

/** A marker that opens a block inside a passage (■ レディース健診, ● 市外の方): what follows is about it. */
const BLOCK_MARKER = /^\s*[■□●◆◇▼▽◎]/u;

/**
 * For each unit, the nearest line above it that opens a block (■ …, or a Q&A page's question, whose answer may
 * run over several lines), or '' (a marker line is its own block).
 */
export function blockHeadings(body: readonly string[]): string[] {
  let open = '';
  return body.map((u) => {
    if (BLOCK_MARKER.test(u) || isFaqQuestion(u)) {
      open = u;
      return '';
    }
    return open;
  });
}

/** A line that is only a label in brackets (【会場】, 〈受付時間〉, ［対象］). */
export const BRACKETED_LABEL = /^[〈《【［[][^〉》】］\]]{1,16}[〉》】］\]]$/u;

/** A line that is itself a label: decorated (■会場, 〈日時〉) rather than a value that happens to be short. */
export function isDecoratedLabel(unit: string): boolean {
  const text = unit.trim();
  return LABEL_DECORATION.test(text) || /^[〈《【［[].+[〉》】］\]]$/u.test(text);
}

/**
 * How a unit states the kind of fact asked: SLOTTED in a slot labelled for it (参加費：無料, or 〈受付時間〉 on the
 * line before its value), 1 by its shape alone (10月4日 for a date), 0 not at all.
 */
export function factAt(
  type: AnswerType | null,
  body: readonly string[],
  i: number,
  /** The heading the units stand under. */
  heading = '',
): number {
  if (!type) return 1;
  const unit = body[i] ?? '';
  // 【会場】 alone is the label of the line after it: 場 in it is no place, 日 in 〈開催日〉 no date.
  if (BRACKETED_LABEL.test(unit.trim())) return 0;
  if (labelNamesKind(type, inlineLabel(unit)) || labelNamesKind(type, labelBefore(type, body, i)))
    return SLOTTED;
  return holdsFact(type, unit, heading) ? 1 : 0;
}

/**
 * The label standing alone on the line before a value (〈受付時間〉, (5) 計画期間), or null: a label is one word
 * and no value itself (電話 03-1234-5678 is a row, 提携年月日: 昭和40年 a row of its own).
 */
export function labelBefore(type: AnswerType, body: readonly string[], i: number): string | null {
  const unit = body[i] ?? '';
  const at = labelIndexBefore(body, i);
  const previous = at >= 0 ? labelOf(body[at] ?? '') : null;
  const alone =
    previous !== null &&
    !/\s|[:：]/.test(previous) &&
    // A label names the slot; a figure or a weekday in it is already a value (休館日毎週火曜日).
    !/[0-9０-９]|曜日|毎[週月年日]/.test(previous) &&
    (labelNamesKind(type, previous) || !holdsFact(type, previous)) &&
    !isDecoratedLabel(unit) &&
    !namesSlot(type, labelOf(unit));
  return alone ? previous : null;
}

/** Where a unit's label would stand: the line before it, or for a table row the line above its table's first row. */
export function labelIndexBefore(body: readonly string[], i: number): number {
  let at = i - 1;
  if (TABLE_ROW.test(body[i] ?? '')) while (at >= 0 && TABLE_ROW.test(body[at] ?? '')) at--;
  return at;
}

/** A label of the kind with no figure in it: 令和7年10月25日 ends like 開催日 but is the value. */
function namesSlot(type: AnswerType, label: string | null): boolean {
  return label !== null && !/[0-9０-９]/.test(label) && labelNamesKind(type, label);
}

/** The label a short line names (計画期間 for `(5) 計画期間`, 受付時間 for `〈受付時間〉`), or null for a sentence. */
export function labelOf(unit: string): string | null {
  const text = unit.trim();
  // A label is a name (計画期間, 受付時間); a phrase with a comma in it is a sentence cut short.
  if (text === '' || text.length >= LABEL_CHARS || /[。、]/.test(text)) return null;
  const bare = text
    .replace(LABEL_DECORATION, '')
    .replace(/^[〈《【［[]\s*(.+?)\s*[〉》】］\]]$/u, '$1')
    .replace(/[:：]$/, '')
    .trim();
  return bare === '' ? null : bare;
}

/** One unit of a passage that states a fact, as the console shows it and the engine reads it. */
export interface Fact {
  /** Position among the passage's units. */
  unit: number;
  /** The unit as the document says it. */
  text: string;
  /** The label the page puts before the value (受付時間, 参加費), or null. */
  label: string | null;
  /** Kinds of fact (answer type names) the unit states by its label: the page says so outright. */
  labelled: string[];
  /** Kinds it states by the shape of its value alone (10月4日 is a date, 500円 an amount). */
  shaped: string[];
}

export interface CompiledPassage {
  units: readonly string[];
  /** Whether a unit only restates the page's title (a printed title's line, a running header): it says nothing. */
  titles: readonly boolean[];
  facts: readonly Fact[];
  /** factAt for this passage's own units, looked up instead of recomputed. */
  stated(type: AnswerType | null, i: number): number;
}

const compiled = new WeakMap<Passage, CompiledPassage>();

/** Every kind a fact may be asked as; `definition` and the like say nothing about a unit on their own. */
const FACT_KINDS = ANSWER_TYPES.filter((t) => t.required);

export function compilePassage(passage: Passage): CompiledPassage {
  const known = compiled.get(passage);
  if (known) return known;
  const body = splitUnits(passage.text);
  // The page's own title (令和8年 二十歳のつどい 開催のお知らせ) says what the document is, not a fact in it.
  const title = normalizeText(passage.title).replace(/\s+/g, '');
  // A printed title wraps over lines (令和7年度 第3回 / 釧路市営住宅 入居者定期募集のご案内): each line of it is the title.
  // A printed page repeats it as a running header, beside the page number (― 3 ― 後期高齢者医療制度のしおり).
  // The printed title may also name the city and its edition otherwise (釧路市 …使用料 令和7年度版 for …使用料（令和7年度）).
  const page = printedTitle(passage.title, passage.municipality);
  const isTitle = body.map((u) => {
    const line = normalizeText(u).replace(PAGE_NUMBER_MARK, '').replace(/\s+/g, '');
    return (
      line === title ||
      (passage.ordinal === 0 && line.length >= MIN_TITLE_PART_CHARS && title.includes(line)) ||
      (page.length >= MIN_TITLE_PART_CHARS && printedTitle(u, passage.municipality) === page)
    );
  });
  const heading = passage.headingPath.at(-1) ?? '';
  // Filled as questions reach the passage: a 100x corpus keeps only what is asked about.
  const table = new Map<string, Int8Array>();
  const stated = (type: AnswerType | null, i: number): number => {
    if (!type) return 1;
    if (isTitle[i]) return 0;
    const key = kindKey(type);
    let row = table.get(key);
    if (!row) {
      row = new Int8Array(body.length).fill(-1);
      table.set(key, row);
    }
    if ((row[i] ?? -1) < 0) row[i] = factAt(type, body, i, heading);
    return row[i] ?? 0;
  };
  let facts: Fact[] | undefined;
  const result: CompiledPassage = {
    units: body,
    titles: isTitle,
    stated,
    // The console's list of what the engine can answer from a passage; built when a page shows it.
    get facts() {
      facts ??= body.flatMap((text, i) => {
        const labelled = FACT_KINDS.filter((t) => stated(t, i) === SLOTTED).map((t) => t.name);
        const shaped = FACT_KINDS.filter((t) => stated(t, i) === 1).map((t) => t.name);
        if (labelled.length === 0 && shaped.length === 0) return [];
        const before = FACT_KINDS.map((t) => labelBefore(t, body, i)).find((l) => l !== null) ?? null;
        return [{ unit: i, text, label: inlineLabel(text) ?? before, labelled, shaped }];
      });
      return facts;
    },
  };
  compiled.set(passage, result);
  return result;
}

/** A title as a page prints it, without its city's name and its edition's year (版 included). */
function printedTitle(text: string, municipality: string): string {
  return editionless(
    normalizeText(text).replace(PAGE_NUMBER_MARK, '').replaceAll(normalizeText(municipality), ''),
  ).replace(/版$/u, '');
}

/** A passage's units (computed once per passage). */
export function units(passage: Passage): readonly string[] {
  return compilePassage(passage).units;
}

/** Units of a text that is not a passage (a heading, a test fixture). */
export function textUnits(text: string): string[] {
  return splitUnits(text);
}
