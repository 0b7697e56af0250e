// The console's view of the serving engine it is handed: the first load awaited, a 503 page when there is
// none, and what several pages read from it (municipalities, content terms, a document by id).
import type { Response } from 'express';
import { z } from 'zod';
import type { EngineHolder } from '../engine/holder.ts';
import type { LoadedEngine } from '../engine/load-engine.ts';
import { HttpError } from '../http-error.ts';
import type { CorpusDocument } from '../qa/types.ts';
import type { Access } from './access.ts';
import { sendErrorPage } from './error-page.ts';
import { consoleMessages } from './messages.ts';

/** Corpus ids are kebab-case names; anything else (dots, slashes, encoded traversal) is refused. */
export const docIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/);

export interface ServedEngine {
  /** The holder the LINE side answers from too: a reload here reaches residents. */
  holder: EngineHolder;
  /** The serving engine, waiting for the first load; null when it could not load. */
  loaded(): Promise<LoadedEngine | null>;
  /** The serving engine, or null after answering 503 with the page that says so. */
  orUnavailable(res: Response): Promise<LoadedEngine | null>;
  municipalities(): Promise<string[]>;
  /** The analyzer's content words of a text, for grouping questions; none while no engine is loaded. */
  contentTerms(): Promise<(text: string) => string[]>;
}

export function municipalitiesOf(loaded: LoadedEngine | null): string[] {
  return [...new Set((loaded?.documents ?? []).map((d) => d.meta.municipality))].sort();
}

export function contentTermsOf(loaded: LoadedEngine | null): (text: string) => string[] {
  return (text) =>
    loaded?.analyzer
      .queryTerms(text)
      .filter((t) => !t.compound)
      .map((t) => t.term) ?? [];
}

/** The served document a route parameter names; 400 for an id that cannot be one, 404 for none. */
export function documentOf(loaded: LoadedEngine, raw: unknown): CorpusDocument {
  const id = docIdSchema.safeParse(raw);
  if (!id.success) throw new HttpError(400, 'bad_document_id', consoleMessages.badDocumentId);
  const doc = loaded.documents.find((d) => d.meta.id === id.data);
  if (!doc) throw new HttpError(404, 'not_found', consoleMessages.noDocument);
  return doc;
}

export function serveEngine(holder: EngineHolder, access: Access): ServedEngine {
  const loaded = async (): Promise<LoadedEngine | null> => {
    const current = holder.current();
    if (current) return current;
    try {
      return await holder.ready();
    } catch {
      return holder.current();
    }
  };
  return {
    holder,
    loaded,
    async orUnavailable(res) {
      const found = await loaded();
      if (!found) {
        sendErrorPage(res, await access.context(res), {
          status: 503,
          title: consoleMessages.engineFailedTitle,
          message: consoleMessages.engineFailed,
        });
      }
      return found;
    },
    municipalities: async () => municipalitiesOf(await loaded()),
    contentTerms: async () => contentTermsOf(await loaded()),
  };
}
