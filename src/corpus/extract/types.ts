// The one shape every extractor returns: text for the corpus, or a refusal staff can act on.

export type ExtractResult =
  | { success: true; text: string; warnings: string[]; titleHint?: string }
  | { success: false; error: string };

export type Extractor = (bytes: Uint8Array, fileName: string) => Promise<ExtractResult>;

export function refuse(error: string): ExtractResult {
  return { success: false, error };
}
