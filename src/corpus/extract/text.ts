// Plain text and Markdown in any of the Japanese encodings staff's tools write.
import { decodeText } from './decode.ts';
import { markdownToText } from './markdown.ts';
import { extractMessages } from './messages.ts';
import { type ExtractResult, refuse } from './types.ts';

export async function extractPlainText(bytes: Uint8Array, fileName: string): Promise<ExtractResult> {
  const decoded = decodeText(bytes);
  if (!decoded.success) return refuse(decodeRefusal(decoded.reason, fileName));
  return { success: true, text: decoded.text.trim(), warnings: [] };
}

export async function extractMarkdown(bytes: Uint8Array, fileName: string): Promise<ExtractResult> {
  const decoded = decodeText(bytes);
  if (!decoded.success) return refuse(decodeRefusal(decoded.reason, fileName));
  const text = markdownToText(decoded.text);
  if (text === '') return refuse(extractMessages.empty(fileName));
  const title = /^\s{0,3}#\s+(.+)$/m.exec(decoded.text)?.[1]?.trim();
  return title
    ? { success: true, text, warnings: [], titleHint: title }
    : { success: true, text, warnings: [] };
}

export function decodeRefusal(reason: 'empty' | 'binary' | 'unknown-encoding', fileName: string): string {
  if (reason === 'empty') return extractMessages.empty(fileName);
  if (reason === 'binary') return extractMessages.binary(fileName);
  return extractMessages.unknownEncoding(fileName);
}
