// Bytes -> text for Japanese plain-text files: UTF-8, Shift_JIS (CP932), EUC-JP, ISO-2022-JP, UTF-16 with BOM.
import Encoding from 'encoding-japanese';

export type DecodeResult =
  | { success: true; text: string; encoding: string }
  | { success: false; reason: 'empty' | 'binary' | 'unknown-encoding' };

/** Control bytes other than tab, LF, CR, FF and ESC (ISO-2022-JP) mark a binary file. */
const MAX_CONTROL_BYTE_RATIO = 0.002;

const DETECTED_TO_WHATWG: Partial<Record<string, string>> = {
  SJIS: 'shift_jis',
  EUCJP: 'euc-jp',
  JIS: 'iso-2022-jp',
};

export function decodeText(bytes: Uint8Array, declaredCharset?: string): DecodeResult {
  if (bytes.length === 0) return { success: false, reason: 'empty' };
  const bom = bomEncoding(bytes);
  if (bom) return finish(new TextDecoder(bom).decode(bytes), bom);
  if (looksBinary(bytes)) return { success: false, reason: 'binary' };

  const candidates = orderedCandidates(bytes, declaredCharset);
  for (const encoding of candidates) {
    const text = tryDecode(bytes, encoding);
    if (text !== undefined) return finish(text, encoding);
  }
  return { success: false, reason: 'unknown-encoding' };
}

function finish(text: string, encoding: string): DecodeResult {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (normalized.trim() === '') return { success: false, reason: 'empty' };
  return { success: true, text: normalized, encoding };
}

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

function looksBinary(bytes: Uint8Array): boolean {
  let control = 0;
  for (const b of bytes) {
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  return control / bytes.length > MAX_CONTROL_BYTE_RATIO;
}

// UTF-8 first: valid UTF-8 with Japanese text is almost never valid by accident in the legacy encodings' sense.
function orderedCandidates(bytes: Uint8Array, declaredCharset: string | undefined): string[] {
  const order: string[] = [];
  const declared = declaredCharset ? whatwgLabel(declaredCharset) : undefined;
  if (declared) order.push(declared);
  order.push('utf-8');
  const detected = Encoding.detect(bytes);
  const fromDetect = detected ? DETECTED_TO_WHATWG[detected] : undefined;
  if (fromDetect) order.push(fromDetect);
  order.push('shift_jis', 'euc-jp');
  return [...new Set(order)];
}

function whatwgLabel(charset: string): string | undefined {
  try {
    return new TextDecoder(charset.trim()).encoding;
  } catch {
    return undefined;
  }
}

function tryDecode(bytes: Uint8Array, encoding: string): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
