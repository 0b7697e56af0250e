// Corpus file format: a `---` metadata header, then the raw document text unchanged.
import { z } from 'zod';
import type { CorpusDocument, DocumentMeta } from '../qa/types.ts';

const HEADER_FENCE = '---';

/** Fields in the order they are written; a header may not contain any other key. */
const FIELD_ORDER = [
  'id',
  'title',
  'municipality',
  'department',
  'period',
  'date',
  'source',
  'sourceUrl',
] as const satisfies readonly (keyof DocumentMeta)[];

type FieldName = (typeof FIELD_ORDER)[number];

const singleLine = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .refine((v) => !/[\r\n]/.test(v), 'must be a single line');

const isoDate = singleLine.refine((v) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
}, 'must be a real date written YYYY-MM-DD');

export const documentMetaSchema = z.strictObject({
  id: singleLine.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase ascii letters, digits and hyphens'),
  title: singleLine,
  municipality: singleLine.regex(
    /^(\S+[市町村区]|共通)$/,
    'must be a municipality name such as 釧路市, or 共通 for a document every city shares',
  ),
  department: singleLine.optional(),
  period: singleLine.optional(),
  date: isoDate.optional(),
  source: singleLine,
  sourceUrl: singleLine
    .url('must be an http(s) URL')
    .regex(/^https?:\/\//, 'must be an http(s) URL')
    .optional(),
});

export type ParseResult = { success: true; data: CorpusDocument } | { success: false; error: string };

/** Reads `key: value` lines; returns an error string for malformed lines or repeated keys. */
function readHeaderLines(lines: string[], fileName: string): Record<string, string> | string {
  const fields: Record<string, string> = {};
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const m = /^([A-Za-z][A-Za-z0-9]*):(?:[ \t]+(.*))?$/.exec(line);
    if (!m || m[1] === undefined) {
      return `${fileName}: header line ${i + 2} is not "key: value": ${JSON.stringify(line)}`;
    }
    const key = m[1];
    if (Object.hasOwn(fields, key)) return `${fileName}: header field "${key}" appears twice`;
    fields[key] = (m[2] ?? '').trim();
  }
  return fields;
}

/** Parses one corpus file; `fileName` is used in errors and must match the `id` field. */
export function parseCorpusFile(text: string, fileName: string): ParseResult {
  const normalized = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = normalized.split('\n');
  if ((lines[0] ?? '').replace(/\r$/, '') !== HEADER_FENCE) {
    return { success: false, error: `${fileName}: the file must start with a "${HEADER_FENCE}" header line` };
  }
  const end = lines.findIndex((l, i) => i > 0 && l.replace(/\r$/, '') === HEADER_FENCE);
  if (end < 0) {
    return { success: false, error: `${fileName}: the header has no closing "${HEADER_FENCE}" line` };
  }
  const raw = readHeaderLines(
    lines.slice(1, end).map((l) => l.replace(/\r$/, '')),
    fileName,
  );
  if (typeof raw === 'string') return { success: false, error: raw };
  const parsed = documentMetaSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || (issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : '');
    const what = issue?.code === 'unrecognized_keys' ? 'unknown header field' : 'invalid header field';
    const detail = field !== '' && !Object.hasOwn(raw, field) ? 'is missing' : issue?.message;
    return { success: false, error: `${fileName}: ${what} "${field}": ${detail}` };
  }
  const expectedId = fileName.replace(/^.*[\\/]/, '').replace(/\.txt$/, '');
  if (parsed.data.id !== expectedId) {
    return {
      success: false,
      error: `${fileName}: header field "id" is "${parsed.data.id}" but the file name says "${expectedId}"`,
    };
  }
  const body = lines.slice(end + 1).join('\n');
  return { success: true, data: { meta: toMeta(parsed.data), body } };
}

/** Drops absent optional fields, as exactOptionalPropertyTypes requires. */
function toMeta(data: z.infer<typeof documentMetaSchema>): DocumentMeta {
  const meta: DocumentMeta = {
    id: data.id,
    title: data.title,
    municipality: data.municipality,
    source: data.source,
  };
  if (data.department !== undefined) meta.department = data.department;
  if (data.period !== undefined) meta.period = data.period;
  if (data.date !== undefined) meta.date = data.date;
  if (data.sourceUrl !== undefined) meta.sourceUrl = data.sourceUrl;
  return meta;
}

/** Writes a corpus file; the inverse of parseCorpusFile. Throws on invalid metadata (a caller bug). */
export function serializeCorpusFile(meta: DocumentMeta, body: string): string {
  const checked = documentMetaSchema.safeParse(meta);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`serializeCorpusFile: invalid field "${issue?.path.join('.')}": ${issue?.message}`);
  }
  const header = FIELD_ORDER.flatMap((key: FieldName) => {
    const value = checked.data[key];
    return value === undefined ? [] : [`${key}: ${value}`];
  });
  return [HEADER_FENCE, ...header, HEADER_FENCE, body].join('\n');
}
