// Console URLs of documents and passages, built in one place so every page links the same way.
import type { Passage } from '../../qa/types.ts';

export function documentHref(p: Pick<Passage, 'docId'> & Partial<Pick<Passage, 'ordinal'>>): string {
  const base = `/console/documents/${encodeURIComponent(p.docId)}`;
  return p.ordinal === undefined ? base : `${base}#p-${p.ordinal}`;
}

export function passageHref(p: Pick<Passage, 'docId' | 'ordinal'>): string {
  return `/console/documents/${encodeURIComponent(p.docId)}/passages/${p.ordinal}`;
}

export function askHref(question: string, municipality: string | null): string {
  const params = new URLSearchParams({ q: question });
  if (municipality) params.set('m', municipality);
  return `/console/ask?${params}`;
}
