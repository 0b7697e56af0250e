// Index snapshots: the analyzer's terms per text, recorded at build and replayed at the next start-up.
//
// Tokenizing the corpus is most of the index build; MiniSearch itself indexes terms in milliseconds.
// A snapshot therefore keeps the analyzer's output, keyed by text, and `buildIndex` runs unchanged on
// a replaying analyzer: a changed or new passage is analyzed afresh, an unchanged one is looked up.

import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Analyzer, DocumentTerms } from './analyzer.ts';

export const SNAPSHOT_VERSION = 1;

/** Analyzed on every load: if the analyzer's code or dictionary changed its output, the snapshot is stale. */
const PROBE_TEXT =
  '釧路市の無料法律相談は毎月第2水曜日、令和7年度は市役所本庁舎で行います。ごみ収集カレンダーをご確認ください。介護・福祉サービスの窓口です。';

export interface TermSnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** Hash of the dictionaries and of the analyzer's output on a probe text. */
  fingerprint: string;
  entries: Array<[string, DocumentTerms]>;
}

const documentTermsSchema = z.strictObject({
  terms: z.array(z.string()),
  readings: z.array(z.string()),
  bigrams: z.array(z.string()),
  spelled: z.array(z.tuple([z.string(), z.string()])),
});

const snapshotSchema = z.strictObject({
  version: z.literal(SNAPSHOT_VERSION),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  entries: z.array(z.tuple([z.string(), documentTermsSchema])),
});

export type SnapshotParse = { ok: true; snapshot: TermSnapshot } | { ok: false; reason: string };

export function parseSnapshot(json: unknown): SnapshotParse {
  const parsed = snapshotSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || '(root)'} ${issue?.message ?? 'is invalid'}` };
  }
  return { ok: true, snapshot: parsed.data };
}

export function analyzerFingerprint(analyzer: Analyzer): string {
  const { userTerms, synonyms, stopwords } = analyzer.dictionaries;
  return createHash('sha256')
    .update(JSON.stringify([SNAPSHOT_VERSION, userTerms, synonyms, [...stopwords].sort()]))
    .update(JSON.stringify(analyzer.documentTerms(PROBE_TEXT)))
    .digest('hex');
}

/** Entries re-analyzed on load: an analyzer change that spares the probe text rarely spares them all. */
export const VERIFIED_ENTRIES = 16;

function sampleStillMatches(analyzer: Analyzer, snapshot: TermSnapshot): boolean {
  const { entries } = snapshot;
  const stride = Math.max(1, Math.floor(entries.length / VERIFIED_ENTRIES));
  for (let i = 0; i < entries.length; i += stride) {
    const [text, terms] = entries[i] ?? ['', undefined];
    if (JSON.stringify(analyzer.documentTerms(text)) !== JSON.stringify(terms)) return false;
  }
  return true;
}

export interface CachingAnalyzer {
  /** Use for `buildIndex`: documentTerms answers from the snapshot when it holds the text. */
  analyzer: Analyzer;
  /** Texts answered from the snapshot and texts analyzed afresh since creation. */
  stats(): { replayed: number; analyzed: number };
  /** Whether the snapshot passed (or was spared) the checks; false when there was none. */
  accepted: boolean;
  /** Every text seen since creation, for the next snapshot; entries not asked for are dropped. */
  snapshot(): TermSnapshot;
}

export interface CachingOptions {
  /**
   * The caller knows the snapshot was written by this same code with these same dictionaries (a build
   * key, src/engine/snapshot.ts): it is replayed without the probe and sample checks.
   */
  trusted?: boolean;
}

/**
 * Wraps an analyzer so that documentTerms replays a snapshot. A snapshot whose fingerprint does not
 * match this analyzer is ignored (everything is analyzed afresh), never partly trusted.
 */
export function cachingAnalyzer(
  inner: Analyzer,
  previous?: TermSnapshot,
  options: CachingOptions = {},
): CachingAnalyzer {
  const trusted = options.trusted === true && previous !== undefined;
  const fingerprint = trusted ? previous.fingerprint : analyzerFingerprint(inner);
  const known =
    previous && (trusted || (previous.fingerprint === fingerprint && sampleStillMatches(inner, previous)))
      ? new Map(previous.entries)
      : new Map<string, DocumentTerms>();
  const seen = new Map<string, DocumentTerms>();
  let replayed = 0;
  let analyzed = 0;
  const analyzer: Analyzer = {
    ...inner,
    documentTerms(text) {
      let terms = seen.get(text) ?? known.get(text);
      if (terms) replayed += 1;
      else {
        terms = inner.documentTerms(text);
        analyzed += 1;
      }
      seen.set(text, terms);
      return terms;
    },
  };
  return {
    analyzer,
    stats: () => ({ replayed, analyzed }),
    accepted: known.size > 0,
    snapshot: () => ({ version: SNAPSHOT_VERSION, fingerprint, entries: [...seen] }),
  };
}
