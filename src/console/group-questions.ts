// Groups residents' questions by wording: the analyzer's content terms, else the normalized text. Pure.
import { katakanaToHiragana } from '../qa/normalize.ts';
import type { InteractionRecord } from '../store/types.ts';

/** Why an interaction is listed for review. */
export type ReviewFlag = 'declined' | 'low_confidence' | 'unhelpful';

export interface QuestionGroup {
  key: string;
  /** The most frequent wording, the newest among equals. */
  representative: string;
  count: number;
  /** Distinct wordings, most frequent first. */
  wordings: Array<{ text: string; count: number }>;
  flags: Record<ReviewFlag, number>;
  municipalities: string[];
  latestAt: number;
  /** Municipality to ask in when every question of the group had the same one. */
  municipality: string | null;
}

/** NFKC, lower case, without punctuation, symbols or spaces: 「ゴミの日は？」 and 「ごみの日は」 are one wording. */
export function normalizeQuestion(text: string): string {
  return katakanaToHiragana(text.normalize('NFKC').toLowerCase()).replace(/[\p{P}\p{S}\p{Z}\s]/gu, '');
}

export function flagsOf(record: InteractionRecord, lowConfidenceBelow: number): ReviewFlag[] {
  const flags: ReviewFlag[] = [];
  if (!record.answered) flags.push('declined');
  else if (record.confidence < lowConfidenceBelow) flags.push('low_confidence');
  if (record.feedback === 'unhelpful') flags.push('unhelpful');
  return flags;
}

export function groupKey(question: string, contentTerms: (text: string) => string[]): string {
  // ごみ and ゴミ are one word to a resident; the analyzer keeps the script it was given.
  const terms = [...new Set(contentTerms(question).map(katakanaToHiragana))].sort();
  return terms.length > 0 ? `t:${terms.join(' ')}` : `q:${normalizeQuestion(question)}`;
}

export function groupQuestions(
  records: readonly InteractionRecord[],
  contentTerms: (text: string) => string[],
  lowConfidenceBelow: number,
): QuestionGroup[] {
  const groups = new Map<string, InteractionRecord[]>();
  for (const r of records) {
    const key = groupKey(r.question, contentTerms);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups]
    .map(([key, members]): QuestionGroup => {
      const wordings = new Map<string, { text: string; count: number; latest: number }>();
      for (const m of members) {
        const w = normalizeQuestion(m.question);
        const entry = wordings.get(w) ?? { text: m.question, count: 0, latest: 0 };
        entry.count += 1;
        if (m.createdAt >= entry.latest) Object.assign(entry, { text: m.question, latest: m.createdAt });
        wordings.set(w, entry);
      }
      const sorted = [...wordings.values()].sort((a, b) => b.count - a.count || b.latest - a.latest);
      const flags: Record<ReviewFlag, number> = { declined: 0, low_confidence: 0, unhelpful: 0 };
      for (const m of members) for (const f of flagsOf(m, lowConfidenceBelow)) flags[f] += 1;
      const municipalities = [...new Set(members.map((m) => m.municipality ?? ''))];
      const named = municipalities.filter((m) => m !== '').sort();
      return {
        key,
        representative: sorted[0]?.text ?? '',
        count: members.length,
        wordings: sorted.map(({ text, count }) => ({ text, count })),
        flags,
        municipalities: named,
        latestAt: Math.max(...members.map((m) => m.createdAt)),
        municipality: municipalities.length === 1 && named.length === 1 ? (named[0] ?? null) : null,
      };
    })
    .sort((a, b) => b.count - a.count || b.latestAt - a.latestAt);
}
