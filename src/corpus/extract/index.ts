// Any supported file -> text: the format is read from the bytes first, the file name second.
import { extractMessages } from './messages.ts';
import { type Extractor, type ExtractResult, refuse } from './types.ts';

export type { Extractor, ExtractResult } from './types.ts';

export type DocumentFormat = 'pdf' | 'docx' | 'html' | 'markdown' | 'text' | 'unsupported';

// Loaded on first use: the PDF, Word and HTML libraries are large and the server rarely needs them.
const EXTRACTORS: Record<Exclude<DocumentFormat, 'unsupported'>, () => Promise<Extractor>> = {
  pdf: async () => (await import('./pdf.ts')).extractPdf,
  docx: async () => (await import('./docx.ts')).extractDocx,
  html: async () => (await import('./html-file.ts')).extractHtml,
  markdown: async () => (await import('./text.ts')).extractMarkdown,
  text: async () => (await import('./text.ts')).extractPlainText,
};

export function detectFormat(bytes: Uint8Array, fileName: string): DocumentFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  if (head.startsWith('PK\u0003\u0004')) {
    // A DOCX is a zip whose parts include word/document.xml; other zips (xlsx, pptx) are not supported.
    return ext === 'docx' || containsAscii(bytes, 'word/document.xml') ? 'docx' : 'unsupported';
  }
  // Named .pdf or .docx without the signature (an error page saved under the name): damaged, never sniffed as HTML.
  if (ext === 'pdf' || ext === 'docx') return 'unsupported';
  if (['html', 'htm', 'xhtml', 'shtml'].includes(ext)) return 'html';
  if (['md', 'markdown'].includes(ext)) return 'markdown';
  if (/^\s*(<!doctype html|<html[\s>])/i.test(head.replace(/^\u00ef\u00bb\u00bf/, ''))) return 'html';
  if (
    ['pdf', 'docx', 'doc', 'xls', 'xlsx', 'ppt', 'pptx', 'jpg', 'jpeg', 'png', 'gif', 'zip'].includes(ext)
  ) {
    return 'unsupported';
  }
  return 'text';
}

export async function extractDocument(bytes: Uint8Array, fileName: string): Promise<ExtractResult> {
  if (bytes.length === 0) return refuse(extractMessages.empty(fileName));
  const format = detectFormat(bytes, fileName);
  if (format === 'unsupported') {
    // A supported name without the format's signature is a damaged file, not an unsupported format.
    const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
    if (ext === 'pdf') return refuse(extractMessages.pdfNotPdf(fileName));
    if (ext === 'docx') return refuse(extractMessages.docxNotDocx(fileName));
    return refuse(extractMessages.unknownFormat(fileName));
  }
  const extract = await EXTRACTORS[format]();
  return extract(bytes, fileName);
}

function containsAscii(bytes: Uint8Array, needle: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle, 0, 'latin1');
}
