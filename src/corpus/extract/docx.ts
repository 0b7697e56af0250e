// DOCX -> HTML with mammoth -> the HTML path, so Word tables stay tables and Word headings stay headings.
import mammoth from 'mammoth';
import { htmlToText } from './html.ts';
import { extractMessages } from './messages.ts';
import { type ExtractResult, refuse } from './types.ts';

export async function extractDocx(bytes: Uint8Array, fileName: string): Promise<ExtractResult> {
  let converted: { value: string; messages: { type: string; message: string }[] };
  try {
    converted = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { ignoreEmptyParagraphs: true });
  } catch (error) {
    return refuse(
      extractMessages.docxUnreadable(fileName, error instanceof Error ? error.message : String(error)),
    );
  }
  const { text, title } = htmlToText(converted.value, { wholeDocument: true });
  if (text.trim() === '') return refuse(extractMessages.empty(fileName));
  // Unrecognised Word styles are routine and say nothing about the text; other notes may.
  const warnings = converted.messages
    .filter((m) => !/Unrecognised (paragraph|run) style/.test(m.message))
    .map((m) => extractMessages.docxNote(m.message));
  return title ? { success: true, text, warnings, titleHint: title } : { success: true, text, warnings };
}
