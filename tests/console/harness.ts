// A console router over a temporary copy of the shipped corpus and dictionaries and a real SQLite store.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import type { Agent } from 'supertest';
import { type Config, loadConfig } from '../../src/config.ts';
import { hashPassword } from '../../src/console/password.ts';
import { type ConsoleDeps, createConsoleRouter } from '../../src/console/router.ts';
import { createEngineHolder, type EngineHolder } from '../../src/engine/holder.ts';
import { loadEngine } from '../../src/engine/load-engine.ts';
import { createLogger } from '../../src/log.ts';
import { openStoreInDataDir } from '../../src/store/sqlite.ts';
import type { NewInteraction, Store } from '../../src/store/types.ts';
import { copyShippedCorpus } from '../support/shipped-corpus.ts';

export const PASSWORD = 'correct horse battery';

export interface Harness {
  dir: string;
  /** The console's KOTAE_CORPUS_DIR unless a test overrides it: uploads land here, never in corpus/. */
  corpusDir: string;
  dictionariesDir: string;
  store: Store;
  engines: EngineHolder;
  config(env?: Record<string, string>): Config;
  app(
    options?: Partial<ConsoleDeps> & {
      env?: Record<string, string>;
      remoteAddress?: string;
      trustProxy?: boolean;
    },
  ): Express;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Corpus files (`<id>.txt` -> text) instead of the shipped documents; the shipped dictionaries stay. */
  documents?: Record<string, string>;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const shipped = copyShippedCorpus('kotae-console-');
  const { dir, corpusDir, dictionariesDir } = shipped;
  if (options.documents) {
    for (const name of readdirSync(corpusDir)) rmSync(join(corpusDir, name));
    for (const [name, text] of Object.entries(options.documents)) writeFileSync(join(corpusDir, name), text);
  }
  const store = openStoreInDataDir(join(dir, 'data'));
  const engines = createEngineHolder({
    load: () => loadEngine({ corpusDir, dictionariesDir }),
    dictionariesDir,
  });
  await engines.ready();
  const config = (env: Record<string, string> = {}) =>
    loadConfig({
      KOTAE_DATA_DIR: join(dir, 'data'),
      KOTAE_CORPUS_DIR: corpusDir,
      KOTAE_DICTIONARIES_DIR: dictionariesDir,
      ...env,
    });
  return {
    dir,
    corpusDir,
    dictionariesDir,
    store,
    engines,
    config,
    app(options = {}) {
      const { env, remoteAddress, trustProxy, ...rest } = options;
      const app = express();
      const cfg = config(env);
      app.set('trust proxy', cfg.trustProxy ? [...cfg.trustProxy] : trustProxy ? 'loopback' : false);
      if (remoteAddress) {
        app.use((req, _res, next) => {
          Object.defineProperty(req.socket, 'remoteAddress', { value: remoteAddress, configurable: true });
          next();
        });
      }
      app.use(
        '/console',
        createConsoleRouter({
          config: cfg,
          store,
          logger: createLogger({ level: 'silent' }),
          engines,
          // The dry run of a document change scores the tuning set only, unless a test asks for suites.
          dryRunSuites: [],
          ...rest,
        }),
      );
      return app;
    },
    async close() {
      await store.close();
      shipped.remove();
    },
  };
}

export function csrfOf(htmlText: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(htmlText);
  if (!match?.[1]) throw new Error('no CSRF token in the page');
  return match[1];
}

/** Logs the agent in (with the shared password unless a name is given) and returns the new session's CSRF token. */
export async function logIn(agent: Agent, password = PASSWORD, name = ''): Promise<string> {
  const login = await agent.get('/console/login');
  await agent
    .post('/console/login')
    .type('form')
    .send({ _csrf: csrfOf(login.text), name, password, next: '/console/ask' })
    .expect(303);
  const page = await agent.get('/console/ask').expect(200);
  return csrfOf(page.text);
}

/** Accounts every role test uses; the password is the name twice (at least 10 characters). */
export const ACCOUNTS = [
  { name: 'admin.ito', role: 'admin' },
  { name: 'editor.sato', role: 'editor' },
  { name: 'viewer.abe', role: 'viewer' },
] as const;
export const passwordOf = (name: string) => `${name}-${name}`;

export async function addAccounts(store: Store, at = Date.now()): Promise<void> {
  for (const a of ACCOUNTS) {
    await store.consoleUsers.create({ ...a, passwordHash: hashPassword(passwordOf(a.name)), createdAt: at });
  }
}

let counter = 0;
export function interaction(overrides: Partial<NewInteraction> = {}): NewInteraction {
  counter += 1;
  return {
    answerId: `a${counter}`,
    createdAt: Date.parse('2026-11-20T10:00:00+09:00') + counter * 1000,
    eventId: null,
    userHash: null,
    sourceType: 'user',
    municipality: '釧路市',
    question: '質問',
    answered: false,
    reason: 'out_of_scope',
    confidence: 0.1,
    sources: [],
    ...overrides,
  };
}
