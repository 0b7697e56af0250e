// An answer's text -> what a phone shows: the fact with a little context, or a whole list.

/** The engine puts the fact first; two more lines are what a phone shows without scrolling. */
export const MAX_CONTEXT_LINES = 2;
/** Fewer records than this are a fact with context, not a list. */
export const MIN_LIST_ITEMS = 2;

export interface ListItem {
  /** The document's own marker (`(1)`, `①`, `ア`), or null when the items share a label instead. */
  marker: string | null;
  text: string;
}

export type AnswerShape =
  | { kind: 'fact'; lead: string; context: string[] }
  | { kind: 'list'; intro: string | null; items: ListItem[] };

/**
 * Markers municipal documents number their items with, one family each: a list mixes no families, so
 * a heading path such as `(6) 中期実施計画` / `ア 基本構想` is not taken for a list.
 */
const MARKER_FAMILIES: readonly { family: string; pattern: RegExp }[] = [
  { family: 'paren-number', pattern: /^[(（]\s*[0-9０-９]{1,2}\s*[)）]\s*/u },
  { family: 'paren-katakana', pattern: /^[(（][ア-ン][)）]\s*/u },
  { family: 'circled', pattern: /^[①-⑳]\s*/u },
  { family: 'number', pattern: /^[0-9０-９]{1,2}[.．、)）]\s*/u },
  // A katakana marker is followed by a space: `ア物流機能` is a word, `ア 長期滞在` an item.
  { family: 'katakana', pattern: /^[ア-ン][\s\u3000]+/u },
  { family: 'bullet', pattern: /^[・•●○■□◆◇▪]\s*/u },
];

/** `都市名: バーナビー市`: a record whose label is shared by every line of the list. */
const LABELLED_LINE = /^([^：:]{1,12})[：:]\s*(.+)$/u;

function marked(line: string): { family: string; marker: string; text: string } | null {
  for (const { family, pattern } of MARKER_FAMILIES) {
    const match = pattern.exec(line);
    if (match && line.length > match[0].length) {
      return { family, marker: match[0].trim(), text: line.slice(match[0].length).trim() };
    }
  }
  return null;
}

function markedList(lines: readonly string[]): ListItem[] | null {
  if (lines.length < MIN_LIST_ITEMS) return null;
  const items = lines.map(marked);
  const family = items[0]?.family;
  if (family === undefined || !items.every((item) => item !== null && item.family === family)) return null;
  return items.map((item) => ({ marker: item?.marker ?? null, text: item?.text ?? '' }));
}

function labelledList(lines: readonly string[]): ListItem[] | null {
  if (lines.length < MIN_LIST_ITEMS) return null;
  const matches = lines.map((line) => LABELLED_LINE.exec(line));
  const label = matches[0]?.[1];
  if (label === undefined || !matches.every((m) => m !== null && m[1] === label)) return null;
  return matches.map((m) => ({ marker: null, text: m?.[2]?.trim() ?? '' }));
}

export function shapeAnswer(text: string): AnswerShape {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const whole = markedList(lines) ?? labelledList(lines);
  if (whole) return { kind: 'list', intro: null, items: whole };
  const rest = lines.slice(1);
  const afterIntro = markedList(rest) ?? labelledList(rest);
  if (afterIntro) return { kind: 'list', intro: lines[0] ?? null, items: afterIntro };
  return { kind: 'fact', lead: lines[0] ?? '', context: rest.slice(0, MAX_CONTEXT_LINES) };
}
