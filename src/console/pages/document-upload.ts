// Adding a document from the Documents page: the multipart form, its streaming parser, the add itself, the result.
import path from 'node:path';
import busboy from 'busboy';
import type { Request } from 'express';
import { z } from 'zod';
import { type AddOutcome, addFile, type MetaInput, readExisting, type ToPassages } from '../../corpus/add.ts';
import type { ReloadResult } from '../../engine/holder.ts';
import { html, type SafeHtml } from '../html.ts';
import { consoleMessages as m } from '../messages.ts';

/** The largest file staff upload: a long plan as PDF is a few MB; anything bigger is likely a scan. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Room for the form's text fields and multipart boundaries on top of the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;
/** A refused body is read to its end (so the browser sees the answer) only up to this much. */
const MAX_DRAINED_BYTES = 2 * (MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES);
const MAX_FIELD_CHARS = 2000;
const MAX_FILE_NAME_CHARS = 200;
export const UPLOAD_PATH = '/documents/upload';

export const uploadMessages = m.upload;

/** Field names and labels of the form, in the order shown. */
const FIELD_LABELS = m.upload.fields;
type FieldName = keyof typeof FIELD_LABELS;
export type UploadFields = Partial<Record<FieldName, string>>;

const optionalText = z
  .string()
  .trim()
  .max(MAX_FIELD_CHARS)
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const fieldsSchema = z.object({
  title: optionalText,
  municipality: optionalText,
  department: optionalText,
  period: optionalText,
  date: optionalText,
  sourceUrl: optionalText,
});

export type UploadRead =
  | { ok: true; fields: UploadFields; file: { name: string; bytes: Buffer } | null }
  | { ok: false; status: 400 | 403 | 413; message: string };

/** A browser's file name as a plain base name: no directories, no control characters. */
export function cleanFileName(raw: string): string {
  const base = path.basename(raw.replaceAll('\\', '/')).normalize('NFC');
  return base
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(-MAX_FILE_NAME_CHARS);
}

/**
 * Streams the multipart body. The CSRF token must be the first part, so a forged request is refused
 * before any of its file is read; a file beyond MAX_UPLOAD_BYTES is refused as soon as it passes the limit.
 */
export function readUploadForm(
  req: Request,
  csrfOk: (token: unknown) => boolean,
  maxBytes = MAX_UPLOAD_BYTES,
): Promise<UploadRead> {
  return new Promise((resolve) => {
    let settled = false;
    const refuse = (status: 400 | 403 | 413, message: string) => {
      if (settled) return;
      settled = true;
      req.unpipe();
      let drained = 0;
      req.on('data', (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > MAX_DRAINED_BYTES) req.destroy();
      });
      req.resume();
      resolve({ ok: false, status, message });
    };
    // busboy also reads urlencoded bodies; only a multipart form carries a file.
    if (!req.is('multipart/form-data')) return refuse(400, uploadMessages.badForm);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes + FORM_OVERHEAD_BYTES) {
      return refuse(413, uploadMessages.tooLarge(MAX_UPLOAD_BYTES / 1024 / 1024));
    }
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // Browsers send Japanese file names as UTF-8.
        defParamCharset: 'utf8',
        limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: MAX_FIELD_CHARS * 4, parts: 12 },
      });
    } catch {
      return refuse(400, uploadMessages.badForm);
    }
    let csrfChecked = false;
    const fields: Record<string, string> = {};
    let file: { name: string; chunks: Buffer[] } | null = null;

    parser.on('field', (name, value, info) => {
      if (!csrfChecked) {
        if (name !== '_csrf' || !csrfOk(value)) return refuse(403, uploadMessages.badForm);
        csrfChecked = true;
        return;
      }
      if (info.valueTruncated) {
        const label = FIELD_LABELS[name as FieldName];
        return refuse(
          400,
          label ? uploadMessages.fieldTooLong(label, MAX_FIELD_CHARS) : uploadMessages.badForm,
        );
      }
      if (Object.hasOwn(FIELD_LABELS, name)) fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (!csrfChecked) {
        stream.resume();
        return refuse(403, uploadMessages.badForm);
      }
      if (name !== 'file' || file) {
        stream.resume();
        return;
      }
      const current = { name: cleanFileName(info.filename ?? ''), chunks: [] as Buffer[] };
      file = current;
      stream.on('data', (chunk: Buffer) => current.chunks.push(chunk));
      stream.on('limit', () => refuse(413, uploadMessages.tooLarge(MAX_UPLOAD_BYTES / 1024 / 1024)));
    });
    for (const event of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) {
      parser.on(event, () => refuse(400, uploadMessages.badForm));
    }
    parser.on('error', () => refuse(400, uploadMessages.badForm));
    parser.on('close', () => {
      if (settled) return;
      if (!csrfChecked) return refuse(403, uploadMessages.badForm);
      settled = true;
      const parsed = fieldsSchema.safeParse(fields);
      if (!parsed.success) return resolve({ ok: false, status: 400, message: uploadMessages.badForm });
      const chosen = file as { name: string; chunks: Buffer[] } | null;
      const bytes = chosen ? Buffer.concat(chosen.chunks) : null;
      // A form sent without choosing a file still carries an empty, nameless file part.
      resolve({
        ok: true,
        fields: dropUndefined(parsed.data),
        file:
          chosen && bytes && (chosen.name !== '' || bytes.length > 0) ? { name: chosen.name, bytes } : null,
      });
    });
    req.pipe(parser);
  });
}

function dropUndefined(data: z.infer<typeof fieldsSchema>): UploadFields {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as UploadFields;
}

export type UploadResult = AddOutcome | { success: false; fileName: string; error: string };

/** The form's fields as addFile's metadata, or the first required field left empty. */
export function metaFromFields(fields: UploadFields): MetaInput | { missing: string } {
  if (!fields.title) return { missing: `「${FIELD_LABELS.title}」` };
  if (!fields.municipality) return { missing: `「${FIELD_LABELS.municipality}」` };
  return {
    title: fields.title,
    municipality: fields.municipality,
    ...(fields.department ? { department: fields.department } : {}),
    ...(fields.period ? { period: fields.period } : {}),
    ...(fields.date ? { date: fields.date } : {}),
    ...(fields.sourceUrl ? { sourceUrl: fields.sourceUrl } : {}),
  };
}

export interface DocumentUploader {
  add(file: { name: string; bytes: Uint8Array }, fields: UploadFields): Promise<UploadResult>;
}

/** Adds one uploaded file to corpusDir; uploads run one at a time so two copies cannot both pass the duplicate check. */
export function createDocumentUploader(corpusDir: string, toPassages: ToPassages): DocumentUploader {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    add(file, fields) {
      const run = async (): Promise<UploadResult> => {
        const existing = await readExisting(corpusDir);
        return addFile(
          corpusDir,
          { fileName: file.name, bytes: file.bytes, meta: async () => metaFromFields(fields) },
          existing,
          toPassages,
        );
      };
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

export function uploadForm(
  csrf: SafeHtml,
  values: UploadFields,
  municipalities: readonly string[],
): SafeHtml {
  const text = (
    name: FieldName,
    attrs: { required?: boolean; type?: string; hint?: string; list?: string },
  ) =>
    html`<div class="field"><label for="up-${name}">${FIELD_LABELS[name]}${attrs.required ? m.upload.required : ''}</label><input id="up-${name}" name="${name}" type="${
      attrs.type ?? 'text'
    }" value="${values[name] ?? ''}" maxlength="${MAX_FIELD_CHARS}"${attrs.required ? html` required` : null}${
      attrs.list ? html` list="${attrs.list}"` : null
    }${attrs.hint ? html` aria-describedby="up-${name}-hint"` : null}>${
      attrs.hint ? html`<p class="hint" id="up-${name}-hint">${attrs.hint}</p>` : null
    }</div>`;
  return html`<section aria-labelledby="upload-h"><h2 id="upload-h">${uploadMessages.formTitle}</h2>
<form method="post" action="/console${UPLOAD_PATH}" enctype="multipart/form-data" class="upload" data-busy="${m.upload.busy}">${csrf}
<p>${uploadMessages.formHelp}</p>
<div class="field"><label for="up-file">${m.upload.fileLabel}${m.upload.required}</label><input id="up-file" name="file" type="file" required accept=".pdf,.html,.htm,.docx,.md,.markdown,.txt"></div>
${text('title', { required: true })}
${text('municipality', { required: true, list: 'up-municipalities', hint: m.upload.municipalityHint })}
<datalist id="up-municipalities">${[...new Set([...municipalities, m.upload.commonMunicipality])].map((m) => html`<option value="${m}">`)}</datalist>
${text('department', {})}
${text('period', { hint: m.upload.periodHint })}
${text('date', { type: 'date', hint: m.upload.dateHint })}
${text('sourceUrl', { type: 'url', hint: m.upload.sourceUrlHint })}
<button type="submit">${m.upload.submit}</button></form></section>`;
}

/** The per-file summary after an add, as notice lines for the Documents page. */
export function addedNoticeLines(outcome: Extract<AddOutcome, { success: true }>): string[] {
  const { summary } = outcome;
  return [
    uploadMessages.added(outcome.title, outcome.id),
    uploadMessages.counts(summary.passages, summary.headings, summary.tables),
    ...outcome.warnings.map(uploadMessages.warning),
    uploadMessages.notYetServed,
  ];
}

export function refusalView(message: string): SafeHtml {
  return html`<div class="notice error" role="alert"><p>${uploadMessages.refused}</p><p>${message}</p></div>`;
}

/** Notice lines after a reload from the console, whichever page asked for it. */
export function reloadNoticeLines(result: ReloadResult): { kind: 'ok' | 'error'; lines: string[] } {
  if (result.ok) {
    return {
      kind: 'ok',
      lines: [
        uploadMessages.reloaded(result.loaded.documents.length, result.loaded.passages.length, result.ms),
      ],
    };
  }
  return { kind: 'error', lines: [uploadMessages.reloadRefused[result.reason], ...result.errors] };
}
