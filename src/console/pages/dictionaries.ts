// Dictionaries: the user terms and synonyms the serving engine uses, and a reload after staff edit the files.
import type { Router } from 'express';
import type { LoadedEngine } from '../../engine/load-engine.ts';
import type { Logger } from '../../log.ts';
import type { Store } from '../../store/types.ts';
import type { Access } from '../access.ts';
import { auditActions, recordReload } from '../audit.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField } from '../layout.ts';
import { consoleMessages } from '../messages.ts';
import type { ServedEngine } from '../served-engine.ts';
import { reloadNoticeLines } from './document-upload.ts';

const m = consoleMessages.dictionaries;

export function dictionariesView(loaded: LoadedEngine, csrf: SafeHtml, dir: string): SafeHtml {
  const { userTerms, synonyms, stopwords } = loaded.analyzer.dictionaries;
  return html`<form method="post" action="/console/dictionaries/reload" class="reload" data-busy="${m.busy}">${csrf}
<p>${m.help(dir)}</p>
<button type="submit">${m.reloadButton}</button></form>
<section aria-labelledby="terms-h"><h2 id="terms-h">${m.termsTitle(userTerms.length)}</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">${m.termColumn}</th><th scope="col">${m.readingColumn}</th></tr></thead><tbody>${userTerms.map(
    (t) => html`<tr><td>${t.term}</td><td>${t.reading || m.autoReading}</td></tr>`,
  )}</tbody></table></div></section>
<section aria-labelledby="syn-h"><h2 id="syn-h">${m.synonymsTitle(synonyms.length)}</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">${m.fromColumn}</th><th scope="col">${m.toColumn}</th></tr></thead><tbody>${synonyms.map(
    (r) => html`<tr><td>${r.from.join(m.listSeparator)}</td><td>${r.to.join(m.listSeparator)}</td></tr>`,
  )}</tbody></table></div></section>
<section aria-labelledby="stop-h"><h2 id="stop-h">${m.stopwordsTitle(stopwords.size)}</h2><p class="wordlist">${[...stopwords].join(m.listSeparator)}</p></section>`;
}

export interface DictionaryRouteDeps {
  access: Access;
  store: Store;
  logger: Logger;
  clock: () => number;
  dictionariesDir: string;
  engine: ServedEngine;
}

export function registerDictionaryRoutes(router: Router, deps: DictionaryRouteDeps): void {
  const { access, store, logger, clock, dictionariesDir, engine } = deps;
  const edit = access.allow('edit');

  router.get('/dictionaries', edit, async (_req, res) => {
    const loaded = await engine.orUnavailable(res);
    if (!loaded) return;
    const ctx = await access.context(res);
    access.send(
      res,
      200,
      ctx,
      consoleMessages.titles.dictionaries,
      'dictionaries',
      dictionariesView(loaded, csrfField(ctx), dictionariesDir),
    );
  });

  router.post('/dictionaries/reload', edit, async (_req, res) => {
    const before = engine.holder.current();
    const result = await engine.holder.reload();
    await recordReload(store, access.viewerOf(res), clock(), {
      action: auditActions.dictionaryReload,
      target: dictionariesDir,
      before,
      result,
    });
    if (result.ok) {
      const { userTerms, synonyms } = result.loaded.analyzer.dictionaries;
      await access.notify(res, {
        kind: 'ok',
        lines: [consoleMessages.reloaded(userTerms.length, synonyms.length, result.ms)],
      });
      logger.info({ ms: result.ms }, 'console reloaded the engine');
    } else {
      await access.notify(res, reloadNoticeLines(result));
      logger.warn({ reason: result.reason, errors: result.errors }, 'console reload refused');
    }
    res.redirect(303, '/console/dictionaries');
  });
}
