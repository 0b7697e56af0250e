// Follow-up questions for a passage: what else a resident can ask about the same thing (発行枚数は？ /
// 申込方法は？), made from the labels of the passage's own facts and kept only where the engine answers
// them from the same section, so a tapped follow-up never ends in a decline. Pure: the engine is passed in.

import { compilePassage } from './facts.ts';
import { type Answer, type AskOptions, type FollowUp, type Passage, SHARED_MUNICIPALITY } from './types.ts';

export type { FollowUp };

/** A quick reply bar with more than three questions about one thing is a menu, not a follow-up. */
export const MAX_FOLLOW_UPS = 3;
/** LINE's limit for an action label (quick reply button). */
export const FOLLOW_UP_LABEL_UNITS = 20;
/** LINE's limit for the text a message action sends. */
export const FOLLOW_UP_TEXT_UNITS = 300;
/** A label longer than this is a sentence the page happened to put before a colon, not a field name. */
const MAX_LABEL_CHARS = 18;

/** Numbering and block markers of a heading or row: (1), （ア）, ア␣, ３␣, ①, ■, 1., 第2章. */
const MARKER =
  /^(?:[■□●○◆◇▼▽◎・※]|[(（]\s*[0-9０-９ア-ン]{1,2}\s*[)）]|[0-9０-９]{1,2}(?:[.．、)）]|(?=[\s\u3000]))|[ア-ン](?=[\s\u3000])|[①-⑳]|第[0-9０-９一二三四五六七八九十]+[章節部条編])[\s\u3000]*/u;

function withoutMarkers(text: string): string {
  let bare = text.trim();
  for (let previous = ''; previous !== bare; ) {
    previous = bare;
    bare = bare.replace(MARKER, '').trim();
  }
  return bare;
}

/** The passage's nearest heading as a resident would name it, without its numbering (or '' when none). */
export function passageTopic(passage: Passage): string {
  for (const heading of [...passage.headingPath].reverse()) {
    // A parenthesised aside (（5月1日現在）) and a trailing とは are not part of the name a resident uses.
    const topic = withoutMarkers(heading)
      .replace(/[(（][^)）]*[)）]$/u, '')
      .replace(/とは$/u, '')
      .trim();
    if (topic !== '') return topic;
  }
  return '';
}

/**
 * The name a row gives its value when the page puts no label before it: `(ア) 発行枚数 778枚` names
 * 発行枚数. Only a short name before the first figure, never a sentence.
 */
function rowName(text: string): string | null {
  // The figure may open with its era or a counter word (令和7年, 約500人, 第3期): they are the value's.
  const match = /^(.+?)[\s\u3000]*(?:令和|平成|昭和|約|第)?[0-9０-９元]/u.exec(withoutMarkers(text));
  return match?.[1] ?? null;
}

/** A field name (受付時間, 発行枚数), not a phrase cut at a colon (人口がピークには) or a cut bracket (幼稚園（単位). */
function isFieldName(name: string, topic: string): boolean {
  const opened = (name.match(/[(（]/gu) ?? []).length;
  const closed = (name.match(/[)）]/gu) ?? []).length;
  return (
    name.length >= 2 &&
    name.length <= MAX_LABEL_CHARS &&
    // Words only: a slash, a quote or a dash is a table row or a citation run together (氏名…/在職期間).
    /^[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}ー・々（）()A-Za-zＡ-Ｚａ-ｚ]+$/u.test(name) &&
    !/^(?:令和|平成|昭和)$/u.test(name) &&
    !/\p{Script=Hiragana}$/u.test(name) &&
    opened === closed &&
    // A name that is the topic (統計刊行物の発行 under 13 統計刊行物の発行) asks nothing new.
    !topic.includes(name) &&
    !name.includes(topic === '' ? '\u0000' : topic)
  );
}

/**
 * Candidate questions from the names of the passage's facts (the label, or a row's own name). The button
 * label is the whole question when it fits (≤ 20 units), else 「受付時間は？」; the text sent names the
 * topic, so it reaches the same section. One per name, kinds not yet offered first.
 */
export function followUpCandidates(passage: Passage): FollowUp[] {
  const topic = passageTopic(passage);
  const seen = new Set<string>();
  const candidates: Array<FollowUp & { kind: string }> = [];
  for (const fact of compilePassage(passage).facts) {
    const raw = fact.label ?? rowName(fact.text);
    const name = raw
      ?.replace(/[\s\u3000]+/gu, '')
      .replace(/[:：？?]+$/u, '')
      .replace(/[(（][^)）]*[)）]$/u, '');
    if (!name || seen.has(name) || !isFieldName(name, topic)) continue;
    seen.add(name);
    const short = `${name}は？`;
    if (short.length > FOLLOW_UP_LABEL_UNITS) continue;
    const text = topic === '' ? short : `${topic}の${name}は？`;
    if (text.length > FOLLOW_UP_TEXT_UNITS) continue;
    const kind = fact.labelled[0] ?? fact.shaped[0] ?? '';
    candidates.push({ label: text.length <= FOLLOW_UP_LABEL_UNITS ? text : short, text, kind });
  }
  // Distinct kinds first (a fee, a time, a phone), then the rest in page order.
  const kinds = new Set<string>();
  const firsts = candidates.filter((c) => !kinds.has(c.kind) && kinds.add(c.kind));
  const rest = candidates.filter((c) => !firsts.includes(c));
  return [...firsts, ...rest].map(({ label, text }) => ({ label, text }));
}

/** Whether an answer comes from the passage, or from the same section of the same document. */
function answersFrom(answer: Answer, passage: Passage, passageOf: (id: string) => Passage | undefined) {
  if (!answer.answered) return false;
  const first = answer.sources[0];
  if (!first) return false;
  if (first.passageId === passage.id) return true;
  const other = passageOf(first.passageId);
  return (
    other !== undefined &&
    other.docId === passage.docId &&
    other.headingPath.join('\u0000') === passage.headingPath.join('\u0000')
  );
}

/**
 * Up to MAX_FOLLOW_UPS candidates the engine answers from the passage's own section, asked within the
 * passage's municipality (a shared document is asked without one).
 */
export function followUpsFor(
  passage: Passage,
  ask: (question: string, options?: AskOptions) => Answer,
  passageOf: (id: string) => Passage | undefined,
): FollowUp[] {
  const options: AskOptions =
    passage.municipality === SHARED_MUNICIPALITY ? {} : { municipality: passage.municipality };
  const kept: FollowUp[] = [];
  for (const candidate of followUpCandidates(passage)) {
    if (kept.length >= MAX_FOLLOW_UPS) break;
    if (answersFrom(ask(candidate.text, options), passage, passageOf)) kept.push(candidate);
  }
  return kept;
}
