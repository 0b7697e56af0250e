// Loads kuromoji's IPADIC dictionary (the slowest part of start-up): once per process.
//
// kuromoji's own loader gunzips twelve files with their zero padding (96 MB where 45 MB is data) and
// builds a 326,000-key object for the word map; its lattice builder re-encodes the rest of the sentence
// at every character. We read one pre-decompressed file (scripts/build-dictionary.ts writes it at
// install; without it the shipped files are converted in memory), keep the part-of-speech fields once
// in a table, hold the word map in two typed arrays, and build the lattice in linear time.
// Tokens are identical to kuromoji's own (tests/bench/tokenizer.test.ts).

import { open, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify, TextDecoder } from 'node:util';
import { gunzip } from 'node:zlib';
import kuromoji from 'kuromoji';
import type { Tokenizer } from './qa/analyzer.ts';

const require = createRequire(import.meta.url);

/** The packed dictionary: a cache under node_modules, rebuilt by `npm install`, safe to delete. */
export const PACKED_DICTIONARY_FILE = fileURLToPath(
  new URL('../node_modules/.cache/kotae/kuromoji-ipadic.bin', import.meta.url),
);

export function shippedDictionaryDir(): string {
  return path.join(path.dirname(require.resolve('kuromoji')), '..', 'dict');
}

/** kuromoji's shipped files, without `.dat.gz`. */
const SHIPPED_FILES = [
  'base',
  'check',
  'tid',
  'tid_pos',
  'tid_map',
  'cc',
  'unk',
  'unk_pos',
  'unk_map',
  'unk_char',
  'unk_compat',
  'unk_invoke',
] as const;
type ShippedFile = (typeof SHIPPED_FILES)[number];

/**
 * The packed sections: the shipped files, with tid_pos rewritten as `features` plus `pos_table`,
 * tid_map as `word_starts` plus `word_ids`, and the trie without its unused tail.
 */
export const SECTIONS = [
  'base',
  'check',
  'tid',
  'features',
  'pos_table',
  'word_starts',
  'word_ids',
  'cc',
  'unk',
  'unk_pos',
  'unk_map',
  'unk_char',
  'unk_compat',
  'unk_invoke',
] as const;
export type SectionName = (typeof SECTIONS)[number];

/** Read through kuromoji's ByteBuffer, which answers 0 past the end: trailing zeros can go. */
const TRIMMABLE = new Set<ShippedFile>([
  'tid',
  'tid_pos',
  'tid_map',
  'unk',
  'unk_pos',
  'unk_map',
  'unk_invoke',
]);

export interface DictionarySections {
  sections: Record<SectionName, Uint8Array>;
  /** Longest surface form in UTF-16 units: no prefix search needs to look further. */
  maxWordLength: number;
}

const MAGIC = 'KOTAEDIC';
const FORMAT_VERSION = 3;
/** Every section starts on an 8-byte boundary so typed arrays can view it in place. */
const ALIGN = 8;
/** tid records: left id, right id, cost (int16 each), then the feature string's offset (int32). */
const TID_RECORD_BYTES = 10;
const FEATURE_OFFSET = 6;
/** IPADIC features: surface, six part-of-speech fields, base form, reading, pronunciation. */
const IPADIC_FIELDS = 10;
/** A feature entry that does not split into IPADIC's ten fields is stored whole under this index. */
const RAW_ENTRY = 0xffff;
/** Stands for "same as the field before it" (base form = surface, pronunciation = reading). */
const SAME = '\u0001';

function trimTrailingZeros(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end -= 1;
  return bytes.subarray(0, Math.ceil(end / 4) * 4);
}

/** A NUL-terminated UTF-8 string, as kuromoji's ByteBuffer.getString reads it ("" past the end). */
function stringAt(bytes: Uint8Array, offset: number, decoder: TextDecoder): string {
  if (offset < 0 || offset >= bytes.length) return '';
  const end = bytes.indexOf(0, offset);
  return decoder.decode(bytes.subarray(offset, end === -1 ? bytes.length : end));
}

/**
 * tid_pos repeats the six part-of-speech fields in full for each of IPADIC's 392,126 entries (36 MB).
 * The compact form keeps them once in a table; an entry is the table index (uint16) and
 * "surface,base,reading,pronunciation" with SAME for a repeated field. tid's offsets are rewritten.
 */
function compactFeatures(tid: Uint8Array, tidPos: Uint8Array) {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const records = Math.ceil(tid.length / TID_RECORD_BYTES);
  const newTid = new Uint8Array(records * TID_RECORD_BYTES);
  newTid.set(tid);
  const view = new DataView(newTid.buffer);
  const table = new Map<string, number>();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let longest = 0;
  for (let r = 0; r < records; r++) {
    const at = r * TID_RECORD_BYTES + FEATURE_OFFSET;
    const entry = stringAt(tidPos, view.getInt32(at, true), decoder);
    const fields = entry.split(',');
    longest = Math.max(longest, (fields[0] ?? '').length);
    const compact = fields.length === IPADIC_FIELDS && !entry.includes(SAME);
    let index = RAW_ENTRY;
    let text = entry;
    if (compact) {
      const [surface, p1, p2, p3, p4, p5, p6, base, reading, pronunciation] = fields as string[] as [
        string,
        ...string[],
      ];
      const pos = [p1, p2, p3, p4, p5, p6].join(',');
      index = table.get(pos) ?? table.size;
      table.set(pos, index);
      text = [
        surface,
        base === surface ? SAME : base,
        reading,
        pronunciation === reading ? SAME : pronunciation,
      ].join(',');
    }
    if (table.size >= RAW_ENTRY)
      throw new Error('tokenizer: more part-of-speech combinations than the format holds');
    const bytes = encoder.encode(text);
    const chunk = new Uint8Array(2 + bytes.length + 1);
    chunk[0] = index & 0xff;
    chunk[1] = index >>> 8;
    chunk.set(bytes, 2);
    view.setInt32(at, size, true);
    chunks.push(chunk);
    size += chunk.length;
  }
  const features = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    features.set(chunk, offset);
    offset += chunk.length;
  }
  const posTable = encoder.encode([...table.keys()].join('\0'));
  return { tid: newTid, features, posTable, longest };
}

/** Decodes one compact entry back to kuromoji's feature line, byte for byte the same string. */
function featureReader(features: Uint8Array, posTable: Uint8Array): (offset: number) => string {
  const decoder = new TextDecoder();
  const pos = decoder.decode(posTable).split('\0');
  return (offset) => {
    if (offset < 0 || offset + 2 > features.length) return '';
    const index = (features[offset] ?? 0) | ((features[offset + 1] ?? 0) << 8);
    const text = stringAt(features, offset + 2, decoder);
    if (index === RAW_ENTRY) return text;
    const [surface = '', base = '', reading = '', pronunciation = ''] = text.split(',');
    return `${surface},${pos[index] ?? ''},${base === SAME ? surface : base},${reading},${pronunciation === SAME ? reading : pronunciation}`;
  };
}

/** Free trie cells hold a negative check; past the last used one, a lookup that finds nothing is the same. */
function usedTrieCells(check: Uint8Array): number {
  const cells = view(Int32Array, check, 4);
  let last = cells.length - 1;
  while (last > 0 && (cells[last] ?? -1) < 0) last -= 1;
  return last + 1;
}

/** kuromoji's shipped .dat.gz files, decompressed, trimmed and with the feature strings compacted. */
export async function readShippedSections(dir = shippedDictionaryDir()): Promise<DictionarySections> {
  const unzip = promisify(gunzip);
  const entries = await Promise.all(
    SHIPPED_FILES.map(async (name) => {
      const raw = new Uint8Array(await unzip(await readFile(path.join(dir, `${name}.dat.gz`))));
      return [name, TRIMMABLE.has(name) ? trimTrailingZeros(raw) : raw] as const;
    }),
  );
  const { tid_pos, tid_map, base, check, ...files } = Object.fromEntries(entries) as Record<
    ShippedFile,
    Uint8Array
  >;
  const { tid, features, posTable, longest } = compactFeatures(files.tid, tid_pos);
  const words = flatTargetMap(tid_map);
  const cells = usedTrieCells(check);
  return {
    sections: {
      ...files,
      base: base.subarray(0, cells * 4),
      check: check.subarray(0, cells * 4),
      tid,
      features,
      pos_table: posTable,
      word_starts: new Uint8Array(words.starts.buffer),
      word_ids: new Uint8Array(words.ids.buffer),
    },
    maxWordLength: longest,
  };
}

const pad = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

/** Layout: MAGIC, u32 header length, JSON header, then the aligned sections. */
export function packSections(dictionary: DictionarySections): Buffer {
  const layout: Record<string, [number, number]> = {};
  let offset = 0;
  for (const name of SECTIONS) {
    layout[name] = [offset, dictionary.sections[name].length];
    offset = pad(offset + dictionary.sections[name].length);
  }
  const header = Buffer.from(
    JSON.stringify({ version: FORMAT_VERSION, maxWordLength: dictionary.maxWordLength, layout }),
  );
  const dataStart = pad(MAGIC.length + 4 + header.length);
  const out = Buffer.alloc(dataStart + offset);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(header.length, MAGIC.length);
  header.copy(out, MAGIC.length + 4);
  for (const name of SECTIONS) {
    const [at] = layout[name] ?? [0];
    out.set(dictionary.sections[name], dataStart + at);
  }
  return out;
}

// No parameter properties: scripts/build-dictionary.ts imports this file under Node's own type stripping.
export class DictionaryFormatError extends Error {
  override name = 'DictionaryFormatError';
  readonly file: string;
  constructor(file: string, detail: string) {
    super(`${file}: ${detail}; rebuild it with \`npm run build:dictionary\` or delete it`);
    this.file = file;
  }
}

export function unpackSections(packed: Uint8Array, file = 'packed dictionary'): DictionarySections {
  const bytes = packed.byteOffset % ALIGN === 0 ? packed : new Uint8Array(packed);
  const text = (from: number, to: number) => Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from);
  if (bytes.length < MAGIC.length + 4 || text(0, MAGIC.length).toString('latin1') !== MAGIC) {
    throw new DictionaryFormatError(file, 'not a packed kuromoji dictionary');
  }
  const headerLength = text(MAGIC.length, MAGIC.length + 4).readUInt32LE(0);
  let header: { version?: unknown; maxWordLength?: unknown; layout?: Record<string, unknown> };
  try {
    header = JSON.parse(text(MAGIC.length + 4, MAGIC.length + 4 + headerLength).toString('utf8'));
  } catch {
    throw new DictionaryFormatError(file, 'unreadable header');
  }
  if (header.version !== FORMAT_VERSION) throw new DictionaryFormatError(file, `format ${header.version}`);
  const dataStart = pad(MAGIC.length + 4 + headerLength);
  const sections = {} as Record<SectionName, Uint8Array>;
  for (const name of SECTIONS) {
    const span = header.layout?.[name];
    if (!Array.isArray(span) || typeof span[0] !== 'number' || typeof span[1] !== 'number') {
      throw new DictionaryFormatError(file, `section ${name} is missing`);
    }
    const [at, length] = span as [number, number];
    if (dataStart + at + length > bytes.length)
      throw new DictionaryFormatError(file, `section ${name} is cut`);
    sections[name] = bytes.subarray(dataStart + at, dataStart + at + length);
  }
  if (typeof header.maxWordLength !== 'number' || header.maxWordLength < 1) {
    throw new DictionaryFormatError(file, 'maxWordLength is missing');
  }
  return { sections, maxWordLength: header.maxWordLength };
}

interface KuromojiDictionaries {
  trie: { commonPrefixSearch(key: string): unknown[] };
  token_info_dictionary: {
    loadDictionary(bytes: Uint8Array): void;
    loadPosVector(bytes: Uint8Array): void;
  };
  loadTrie(base: Int32Array, check: Int32Array): void;
  loadConnectionCosts(cc: Int16Array): void;
  loadUnknownDictionaries(
    ...buffers: [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint32Array, Uint8Array]
  ): void;
}
type DynamicDictionariesClass = new () => KuromojiDictionaries;
type TokenizerClass = new (dic: KuromojiDictionaries) => Tokenizer;

function view<T>(
  Kind: new (buffer: ArrayBufferLike, offset: number, length: number) => T,
  bytes: Uint8Array,
  size: number,
): T {
  return new Kind(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / size));
}

/** Word ids per trie entry: those of entry k are ids[starts[k]] .. ids[starts[k + 1] - 1]. */
export interface WordMap {
  starts: Int32Array;
  ids: Int32Array;
}

/** tid_map: key count, then (key, n, n word ids) records, as kuromoji's loadTargetMap reads them. */
function flatTargetMap(bytes: Uint8Array): WordMap {
  const ints = view(Int32Array, bytes, 4);
  const records = (visit: (key: number, at: number, count: number) => void) => {
    for (let i = 1; i + 1 < ints.length; i += 2 + (ints[i + 1] ?? 0))
      visit(ints[i] ?? 0, i + 2, ints[i + 1] ?? 0);
  };
  let maxKey = 0;
  records((key) => {
    maxKey = Math.max(maxKey, key);
  });
  const starts = new Int32Array(maxKey + 2);
  records((key, _at, count) => {
    starts[key + 1] = (starts[key + 1] ?? 0) + count;
  });
  for (let k = 1; k < starts.length; k++) starts[k] = (starts[k] ?? 0) + (starts[k - 1] ?? 0);
  const ids = new Int32Array(starts[starts.length - 1] ?? 0);
  const filled = starts.slice(0, -1);
  records((key, at, count) => {
    for (let j = 0; j < count; j++) ids[(filled[key] ?? 0) + j] = ints[at + j] ?? 0;
    filled[key] = (filled[key] ?? 0) + count;
  });
  return { starts, ids };
}

interface KuromojiInternals {
  SurrogateAwareString: new (text: string) => { length: number; str: string; index_mapping: number[] };
  ViterbiNode: new (...args: [number, number, number, number, string, number, number, string]) => unknown;
  ViterbiLattice: new () => { append(node: unknown): void; appendEos(): void };
}

interface CharacterClass {
  class_id: number;
  class_name: string;
  is_always_invoke: number | boolean;
  is_grouping: number | boolean;
}

interface UnknownDictionary {
  lookup(ch: string): CharacterClass;
  target_map: Record<number, number[]>;
  dictionary: ByteReader;
}

interface ByteReader {
  getShort(index: number): number;
}

/** Writes one code point as UTF-8 into `out`, returning the byte count. */
function encodeUtf8(cp: number, out: Uint8Array): number {
  if (cp < 0x80) {
    out[0] = cp;
    return 1;
  }
  const n = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  for (let b = n - 1; b > 0; b--) out[b] = 0x80 | ((cp >>> (6 * (n - 1 - b))) & 0x3f);
  out[0] = (n === 2 ? 0xc0 : n === 3 ? 0xe0 : 0xf0) | (cp >>> (6 * (n - 1)));
  return n;
}

interface Match {
  k: string;
  v: number | undefined;
}

/**
 * kuromoji's ViterbiBuilder.build, node for node, without its quadratic steps: it UTF-8-encoded the
 * whole rest of the sentence at every position (we walk the trie at most one word deep, allocation-free),
 * scanned the rest again for surrogates (we index code points once per sentence), and re-read and
 * re-concatenated a run of unknown characters from each of its positions (we find the run once).
 */
function latticeBuilder(
  dic: KuromojiDictionaries,
  wordMap: WordMap,
  base: Int32Array,
  check: Int32Array,
  maxWordLength: number,
) {
  const { SurrogateAwareString, ViterbiNode, ViterbiLattice } = {
    SurrogateAwareString: require('kuromoji/src/util/SurrogateAwareString.js'),
    ViterbiNode: require('kuromoji/src/viterbi/ViterbiNode.js'),
    ViterbiLattice: require('kuromoji/src/viterbi/ViterbiLattice.js'),
  } as KuromojiInternals;
  const words = dic.token_info_dictionary as unknown as { dictionary: ByteReader };
  const unknown = (dic as unknown as { unknown_dictionary: UnknownDictionary }).unknown_dictionary;
  const bytes = new Uint8Array(4);
  const decoder = new TextDecoder();
  const matched = new Uint8Array(maxWordLength * 4 + 4);

  // doublearray's traverse: out-of-range cells never match because check holds the parent's index.
  const step = (parent: number, code: number): number => {
    const child = (base[parent] ?? 0) + code;
    return check[child] === parent ? child : -1;
  };

  const prefixSearch = (text: string, from: number): Match[] => {
    const result: Match[] = [];
    let parent = 0;
    let length = 0;
    let i = from;
    for (let chars = 0; i < text.length && chars <= maxWordLength; chars++) {
      const cp = text.codePointAt(i) ?? 0;
      if (cp >= 0xd800 && cp <= 0xdfff) return result;
      const n = encodeUtf8(cp, bytes);
      i += cp > 0xffff ? 2 : 1;
      for (let b = 0; b < n; b++) {
        const code = bytes[b] ?? 0;
        const child = step(parent, code);
        if (child < 0) return result;
        parent = child;
        matched[length++] = code;
        const leaf = step(child, 0);
        if (leaf < 0) continue;
        const value = base[leaf] ?? 0;
        const k = b === n - 1 ? text.slice(from, i) : decoder.decode(matched.subarray(0, length));
        result.push({ k, v: value <= 0 ? -value - 1 : undefined });
      }
    }
    return result;
  };

  return (sentenceText: string) => {
    const lattice = new ViterbiLattice();
    const sentence = new SurrogateAwareString(sentenceText);
    const starts = sentence.index_mapping;
    const charAt = (p: number) => sentenceText.slice(starts[p], starts[p + 1]);
    let runClass = '';
    let runEnd = 0;
    for (let pos = 0; pos < sentence.length; pos++) {
      const from = starts[pos] ?? 0;
      const vocabulary = prefixSearch(sentenceText, from);
      for (const { k, v } of vocabulary) {
        const end = wordMap.starts[(v as number) + 1] ?? 0;
        for (let w = wordMap.starts[v as number] ?? 0; w < end; w++) {
          const id = wordMap.ids[w] ?? 0;
          const left = words.dictionary.getShort(id);
          const right = words.dictionary.getShort(id + 2);
          const cost = words.dictionary.getShort(id + 4);
          lattice.append(new ViterbiNode(id, cost, pos + 1, k.length, 'KNOWN', left, right, k));
        }
      }
      const head = charAt(pos);
      const headClass = unknown.lookup(head);
      if (vocabulary.length > 0 && headClass.is_always_invoke !== 1) continue;
      // A run of one character class is found once, not again from each of its positions.
      if (headClass.is_grouping === 1 && !(pos < runEnd && runClass === headClass.class_name)) {
        runClass = headClass.class_name;
        runEnd = pos + 1;
        while (runEnd < sentence.length && unknown.lookup(charAt(runEnd)).class_name === runClass)
          runEnd += 1;
      }
      const end = headClass.is_grouping === 1 ? runEnd : pos + 1;
      const grouped = end > pos + 1;
      // A slice shares the sentence's memory: a long run no longer costs the square of its length.
      const key = grouped ? sentenceText.slice(starts[pos], starts[end]) : head;
      // kuromoji measures a single unknown character in code points and a grouped run in UTF-16 units.
      const length = grouped ? key.length : 1;
      for (const id of unknown.target_map[headClass.class_id] ?? []) {
        const left = unknown.dictionary.getShort(id);
        const right = unknown.dictionary.getShort(id + 2);
        const cost = unknown.dictionary.getShort(id + 4);
        lattice.append(new ViterbiNode(id, cost, pos + 1, length, 'UNKNOWN', left, right, key));
      }
    }
    lattice.appendEos();
    return lattice;
  };
}

export function tokenizerFromSections({ sections: s, maxWordLength }: DictionarySections): Tokenizer {
  if (endianness() !== 'LE') throw new Error('tokenizer: the packed dictionary is little-endian only');
  const DynamicDictionaries = require('kuromoji/src/dict/DynamicDictionaries.js') as DynamicDictionariesClass;
  const KuromojiTokenizer = require('kuromoji/src/Tokenizer.js') as TokenizerClass;
  const dic = new DynamicDictionaries();
  const base = view(Int32Array, s.base, 4);
  const check = view(Int32Array, s.check, 4);
  dic.loadTrie(base, check);
  dic.token_info_dictionary.loadDictionary(s.tid);
  // Features are read from the compact table below; drop the empty 10 MB buffer kuromoji allocated.
  dic.token_info_dictionary.loadPosVector(new Uint8Array(0));
  const featureAt = featureReader(s.features, s.pos_table);
  const words = dic.token_info_dictionary as unknown as {
    dictionary: { getInt(index: number): number };
    getFeatures(id: string | number): string;
  };
  words.getFeatures = (id) => {
    const wordId = typeof id === 'number' ? id : Number.parseInt(id, 10);
    return Number.isNaN(wordId) ? '' : featureAt(words.dictionary.getInt(wordId + FEATURE_OFFSET));
  };
  dic.loadConnectionCosts(view(Int16Array, s.cc, 2));
  dic.loadUnknownDictionaries(
    s.unk,
    s.unk_pos,
    s.unk_map,
    s.unk_char,
    view(Uint32Array, s.unk_compat, 4),
    s.unk_invoke,
  );
  const tokenizer = new KuromojiTokenizer(dic) as Tokenizer & { viterbi_builder: { build: unknown } };
  const wordMap = { starts: view(Int32Array, s.word_starts, 4), ids: view(Int32Array, s.word_ids, 4) };
  tokenizer.viterbi_builder.build = latticeBuilder(dic, wordMap, base, check, maxWordLength);
  return tokenizer;
}

/** The packed bytes every thread of the process views (readSharedDictionary, useSharedDictionary), if any. */
let sharedPacked: SharedArrayBuffer | null = null;

async function readPackedOrShipped(): Promise<DictionarySections> {
  let packed: Uint8Array;
  try {
    packed = sharedPacked ? new Uint8Array(sharedPacked) : await readFile(PACKED_DICTIONARY_FILE);
  } catch {
    return readShippedSections();
  }
  try {
    return unpackSections(packed, PACKED_DICTIONARY_FILE);
  } catch (error) {
    // The packed file is only a cache: one left by another version or cut short must not stop the server.
    if (error instanceof DictionaryFormatError) return readShippedSections();
    throw error;
  }
}

/**
 * Reads the packed dictionary into shared memory and tokenizes from it on this thread too; hand the buffer to a
 * worker's useSharedDictionary and its tokenizer views the same 38 MB instead of a copy. Null when there is no
 * usable packed file (each thread then converts kuromoji's shipped files on its own).
 */
export function readSharedDictionary(file = PACKED_DICTIONARY_FILE): Promise<SharedArrayBuffer | null> {
  // One read per file and thread: the worker's entry starts it while its modules load, the thread awaits it.
  let read = sharedReads.get(file);
  if (!read) {
    read = readIntoSharedMemory(file);
    sharedReads.set(file, read);
    // A failed read is tried again next time: the file may be built by then.
    void read.then((shared) => shared ?? sharedReads.delete(file));
  }
  return read;
}

const sharedReads = new Map<string, Promise<SharedArrayBuffer | null>>();

async function readIntoSharedMemory(file: string): Promise<SharedArrayBuffer | null> {
  let shared: SharedArrayBuffer;
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      shared = new SharedArrayBuffer(size);
      const bytes = new Uint8Array(shared);
      for (let at = 0; at < size; ) {
        const { bytesRead } = await handle.read(bytes, at, size - at, at);
        if (bytesRead === 0) return null;
        at += bytesRead;
      }
    } finally {
      await handle.close();
    }
    unpackSections(new Uint8Array(shared), file);
  } catch {
    return null;
  }
  // This thread views it too, unless its tokenizer was already loaded from the file.
  if (!tokenizerPromise) sharedPacked = shared;
  return shared;
}

/** Tokenizes from bytes another thread read (readSharedDictionary); call it before the first loadTokenizer. */
export function useSharedDictionary(packed: SharedArrayBuffer): void {
  if (tokenizerPromise)
    throw new Error('useSharedDictionary: the tokenizer is already loaded from other bytes');
  sharedPacked = packed;
}

/** Views bytes another thread read from now on, unless this thread's tokenizer already loaded its own. */
export function shareDictionaryIfUnloaded(packed: SharedArrayBuffer): void {
  if (!tokenizerPromise) sharedPacked = packed;
}

let tokenizerPromise: Promise<Tokenizer> | undefined;

/** The packed dictionary when `npm install` built it, else kuromoji's shipped files; same tokens either way. */
export function loadTokenizer(): Promise<Tokenizer> {
  tokenizerPromise ??= readPackedOrShipped().then(tokenizerFromSections);
  return tokenizerPromise;
}

/** kuromoji's own loader, unchanged: the reference for tests and the benchmark. */
export function loadShippedTokenizer(): Promise<Tokenizer> {
  return new Promise((resolve, reject) => {
    kuromoji
      .builder({ dicPath: shippedDictionaryDir() })
      .build((error, tokenizer) => (error ? reject(error) : resolve(tokenizer)));
  });
}
