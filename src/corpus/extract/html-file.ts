// HTML files: charset from the page's own declaration when present, else detected like plain text.
import { decodeText } from './decode.ts';
import { htmlToText } from './html.ts';
import { extractMessages } from './messages.ts';
import { decodeRefusal } from './text.ts';
import { type ExtractResult, refuse } from './types.ts';

const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)/i;

export async function extractHtml(bytes: Uint8Array, fileName: string): Promise<ExtractResult> {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const decoded = decodeText(bytes, META_CHARSET.exec(head)?.[1]);
  if (!decoded.success) return refuse(decodeRefusal(decoded.reason, fileName));
  const { text, title, usedWholeBody } = htmlToText(decoded.text);
  if (text === '') return refuse(extractMessages.empty(fileName));
  const warnings = usedWholeBody ? [extractMessages.noMainContent] : [];
  return title ? { success: true, text, warnings, titleHint: title } : { success: true, text, warnings };
}
