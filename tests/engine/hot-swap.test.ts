import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { serializeCorpusFile } from '../../src/corpus/document.ts';
import {
  createEngineHolder,
  type EngineHolder,
  liveEngine,
  type ReloadResult,
} from '../../src/engine/holder.ts';
import { type LoadedEngine, loadEngine } from '../../src/engine/load-engine.ts';
import { isWatchedFile, watchForReload } from '../../src/engine/watch.ts';
import { createLogger } from '../../src/log.ts';
import { startService } from '../../src/main.ts';
import { csrfOf } from '../console/harness.ts';
import { copyShippedCorpus, type ShippedCopy } from '../support/shipped-corpus.ts';

const OLD_QUESTION = '釧路市まちづくり基本構想の計画期間は？';
const NEW_QUESTION = '白猫まつりはいつ開催されますか';
const NEW_ID = 'kushiro-shiroi-neko-matsuri';

function festival(date: string): string {
  return serializeCorpusFile(
    { id: NEW_ID, title: '白猫まつり開催要項', municipality: '釧路市', source: 'neko.txt' },
    `# 白猫まつり\n\n白猫まつりは${date}に幣舞公園で開催します。\n\n問い合わせは観光振興課です。\n`,
  );
}

let shipped: ShippedCopy;
let corpusDir: string;
let dictionariesDir: string;

beforeAll(() => {
  shipped = copyShippedCorpus('kotae-hot-swap-');
  ({ corpusDir, dictionariesDir } = shipped);
});
afterAll(() => shipped.remove());

const holderOver = (): EngineHolder =>
  createEngineHolder({
    load: () => loadEngine({ corpusDir, dictionariesDir, snapshotFile: null }),
    dictionariesDir,
  });

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Hot swap under a stream of questions', () => {
  it('answers every question while three reloads run, serving the new corpus after a good one and the old after a broken one', async () => {
    const holder = holderOver();
    const live = liveEngine(holder);
    const version = new Map<LoadedEngine, string>([[await holder.ready(), 'initial']]);
    const changes: Array<{ at: number; apply: () => void; label: string }> = [
      {
        at: 60,
        label: 'festival',
        apply: () => writeFileSync(join(corpusDir, `${NEW_ID}.txt`), festival('令和9年8月12日')),
      },
      {
        at: 200,
        label: 'broken',
        apply: () => {
          writeFileSync(join(corpusDir, `${NEW_ID}.txt`), festival('令和9年9月1日'));
          writeFileSync(join(corpusDir, 'kushiro-broken.txt'), 'no header here\n');
        },
      },
      { at: 340, label: 'fixed', apply: () => unlinkSync(join(corpusDir, 'kushiro-broken.txt')) },
    ];
    const results: ReloadResult[] = [];
    const servedBy = new Map<string, number>();
    let pending: Promise<void> | null = null;
    let asks = 0;
    while (asks < 500 || pending || changes.length > 0) {
      const next = changes[0];
      if (!pending && next && asks >= next.at) {
        changes.shift();
        next.apply();
        pending = holder.reload().then((result) => {
          results.push(result);
          if (result.ok) version.set(result.loaded, next.label);
          pending = null;
        });
      }
      const current = holder.current();
      const label = current ? version.get(current) : undefined;
      expect(label).toBeDefined();
      const question = asks % 2 === 0 ? OLD_QUESTION : NEW_QUESTION;
      const answer = live.ask(question, { municipality: '釧路市' });
      expect(answer.answer.trim()).not.toBe('');
      if (question === OLD_QUESTION) {
        expect(answer.answered).toBe(true);
        expect(answer.answer).toContain('平成30年度');
      } else if (label === 'initial') {
        expect(answer.answer).not.toContain('白猫まつりは');
      } else {
        expect(answer.answered).toBe(true);
        expect(answer.answer).toContain(label === 'festival' ? '令和9年8月12日' : '令和9年9月1日');
      }
      servedBy.set(label as string, (servedBy.get(label as string) ?? 0) + 1);
      asks++;
      await tick();
    }
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['ok', 'corpus', 'ok']);
    const refused = results[1];
    expect(refused?.ok === false && refused.errors.join('\n')).toMatch(/kushiro-broken\.txt/);
    expect([...servedBy.keys()]).toEqual(['initial', 'festival', 'fixed']);
    expect(holder.lastFailure()).toBeNull();
  }, 60_000);
});

describe('watchForReload', () => {
  it('watches corpus and dictionary files, not the temporary files of atomic writes', () => {
    expect(isWatchedFile('kushiro-new.txt')).toBe(true);
    expect(isWatchedFile('user-terms.tsv')).toBe(true);
    expect(isWatchedFile('.kushiro-new.123.ab12.tmp')).toBe(false);
    expect(isWatchedFile('.user-terms.tsv.swp')).toBe(false);
    expect(isWatchedFile('README.md')).toBe(false);
  });

  it('reloads once after a burst of changes, and the new document is served', async () => {
    const holder = holderOver();
    await holder.ready();
    let reloads = 0;
    const reloaded: Promise<ReloadResult> = new Promise((resolve) => {
      const watch = watchForReload({
        dirs: [corpusDir, dictionariesDir],
        logger: createLogger({ level: 'silent' }),
        debounceMs: 200,
        reload: async () => {
          reloads++;
          const result = await holder.reload();
          watch.close();
          resolve(result);
          return result;
        },
      });
      const file = join(corpusDir, 'kushiro-watched.txt');
      const text = serializeCorpusFile(
        { id: 'kushiro-watched', title: '見張り番の資料', municipality: '釧路市', source: 'w.txt' },
        '# 見張り番\n\n見張り番の集合場所は釧路駅前の時計台です。\n',
      );
      // Several writes in a row, as an editor or `corpus add` does.
      writeFileSync(file, text.slice(0, 20));
      writeFileSync(file, text);
      writeFileSync(join(corpusDir, '.kushiro-watched.tmp'), 'partial');
    });
    const result = await reloaded;
    expect(reloads).toBe(1);
    expect(result.ok).toBe(true);
    expect(holder.current()?.documents.map((d) => d.meta.id)).toContain('kushiro-watched');
    unlinkSync(join(corpusDir, 'kushiro-watched.txt'));
    unlinkSync(join(corpusDir, '.kushiro-watched.tmp'));
  }, 30_000);
});

describe('Reload in the running service', () => {
  it('keeps /readyz at 200 while the console reloads a good corpus and refuses a broken one', async () => {
    const service = await startService({
      config: loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        KOTAE_DATA_DIR: join(shipped.dir, 'data'),
        KOTAE_CORPUS_DIR: corpusDir,
        KOTAE_DICTIONARIES_DIR: dictionariesDir,
        LOG_LEVEL: 'silent',
      }),
      logger: createLogger({ level: 'silent' }),
      sender: null,
    });
    try {
      await service.ready;
      let polling = true;
      const statuses: number[] = [];
      const poll = (async () => {
        while (polling) {
          statuses.push((await fetch(`${service.url}/readyz`)).status);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      const agent = request.agent(service.url);
      const csrf = csrfOf((await agent.get('/console/documents').expect(200)).text);
      const reload = async () => {
        await agent.post('/console/documents/reload').type('form').send({ _csrf: csrf }).expect(303);
        return (await agent.get('/console/documents').expect(200)).text;
      };
      writeFileSync(
        join(corpusDir, 'kushiro-service-new.txt'),
        serializeCorpusFile(
          {
            id: 'kushiro-service-new',
            title: '流氷ウォーク案内',
            municipality: '釧路市',
            source: 'walk.txt',
          },
          '# 流氷ウォーク\n\n流氷ウォークは令和10年1月5日に釧路川河畔で開催します。\n',
        ),
      );
      expect(await reload()).toContain('資料と辞書を読み込み直しました');
      writeFileSync(join(corpusDir, 'kushiro-broken.txt'), 'no header\n');
      const refused = await reload();
      expect(refused).toContain('読み込めない資料ファイルがあるため');
      const asked = await agent
        .get('/console/ask')
        .query({ q: '流氷ウォークはいつ開催されますか', m: '釧路市' });
      expect(asked.text).toContain('令和10年1月5日');
      unlinkSync(join(corpusDir, 'kushiro-broken.txt'));
      unlinkSync(join(corpusDir, 'kushiro-service-new.txt'));
      polling = false;
      await poll;
      expect(statuses.length).toBeGreaterThan(3);
      expect(new Set(statuses)).toEqual(new Set([200]));
    } finally {
      await service.shutdown(1_000);
    }
  }, 60_000);
});
