import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/console/password.ts';
import { createHarness, csrfOf, type Harness, interaction, logIn, PASSWORD } from './harness.ts';

let h: Harness;
const withPassword = { env: { CONSOLE_PASSWORD: PASSWORD } };

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

describe('Console access with a password', () => {
  it('redirects to the login page before login', async () => {
    const res = await request(h.app(withPassword)).get('/console/ask?q=x').expect(303);
    expect(res.headers.location).toBe('/console/login?next=%2Fconsole%2Fask%3Fq%3Dx');
  });

  it('refuses a wrong password and accepts the right one with a fresh HttpOnly SameSite=Strict cookie', async () => {
    const agent = request.agent(h.app(withPassword));
    const login = await agent.get('/console/login').expect(200);
    const before = String(login.headers['set-cookie']);
    const token = csrfOf(login.text);
    const wrong = await agent
      .post('/console/login')
      .type('form')
      .send({ _csrf: token, password: 'nope-nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('パスワードが違います');
    const ok = await agent
      .post('/console/login')
      .type('form')
      .send({ _csrf: token, password: PASSWORD, next: '/console/review' })
      .expect(303);
    expect(ok.headers.location).toBe('/console/review');
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).not.toMatch(/Secure/);
    expect(cookie.split(';')[0]).not.toBe(before.split(';')[0]);
    await agent.get('/console/review').expect(200);
  });

  it('marks the cookie Secure when the request came over HTTPS', async () => {
    const agent = request.agent(h.app({ ...withPassword, trustProxy: true }));
    const login = await agent.get('/console/login').set('X-Forwarded-Proto', 'https').expect(200);
    expect(String(login.headers['set-cookie'])).toMatch(/; Secure/);
  });

  it('does not follow a next parameter outside the console', async () => {
    const agent = request.agent(h.app(withPassword));
    const login = await agent.get('/console/login');
    const res = await agent
      .post('/console/login')
      .type('form')
      .send({ _csrf: csrfOf(login.text), password: PASSWORD, next: '//evil.example/console/x' })
      .expect(303);
    expect(res.headers.location).toBe('/console/');
  });

  it('accepts a scrypt password hash', async () => {
    const agent = request.agent(h.app({ passwordHash: hashPassword('hashed secret 1') }));
    await logIn(agent, 'hashed secret 1');
  });

  it('rate-limits failed logins', async () => {
    const agent = request.agent(h.app({ ...withPassword, loginLimit: { windowMs: 60_000, limit: 3 } }));
    const token = csrfOf((await agent.get('/console/login')).text);
    for (let i = 0; i < 3; i++) {
      await agent
        .post('/console/login')
        .type('form')
        .send({ _csrf: token, password: 'wrong-guess' })
        .expect(401);
    }
    const blocked = await agent
      .post('/console/login')
      .type('form')
      .send({ _csrf: token, password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('ログインを一時停止');
  });

  it('ends the session on logout', async () => {
    const agent = request.agent(h.app(withPassword));
    const token = await logIn(agent);
    await agent.post('/console/logout').type('form').send({ _csrf: token }).expect(303);
    await agent.get('/console/ask').expect(303);
  });
});

describe('CSRF protection', () => {
  it('refuses a state-changing request without the session token', async () => {
    const agent = request.agent(h.app(withPassword));
    const token = await logIn(agent);
    await agent.post('/console/dictionaries/reload').type('form').send({}).expect(403);
    await agent
      .post('/console/dictionaries/reload')
      .type('form')
      .send({ _csrf: `${token}x` })
      .expect(403);
    await agent
      .post('/console/test-set/run')
      .type('form')
      .send({ _csrf: 'A'.repeat(token.length) })
      .expect(403);
    await agent.post('/console/dictionaries/reload').type('form').send({ _csrf: token }).expect(303);
  });

  it('refuses a login post without the login form cookie', async () => {
    await request(h.app(withPassword))
      .post('/console/login')
      .type('form')
      .send({ _csrf: 'x', password: PASSWORD })
      .expect(403);
  });
});

describe('Console access without a password', () => {
  it('answers loopback requests and says it is loopback-only', async () => {
    const res = await request(h.app()).get('/console/ask').expect(200);
    expect(res.text).toContain('ループバックアドレス');
    expect(res.text).not.toContain('ログアウト');
  });

  it('answers 403 to any other address', async () => {
    const res = await request(h.app({ remoteAddress: '192.0.2.7' })).get('/console/ask');
    expect(res.status).toBe(403);
    const mapped = await request(h.app({ remoteAddress: '::ffff:10.0.0.5' })).get(
      '/console/assets/console.css',
    );
    expect(mapped.status).toBe(403);
  });

  it('answers 403 to a request a reverse proxy forwarded from elsewhere', async () => {
    await request(h.app()).get('/console/ask').set('X-Forwarded-For', '198.51.100.4').expect(403);
    await request(h.app()).get('/console/ask').set('Forwarded', 'for=198.51.100.4').expect(403);
  });

  it('still requires the CSRF token of its own session', async () => {
    const agent = request.agent(h.app());
    await agent.post('/console/test-set/run').type('form').send({}).expect(403);
  });
});

describe('Security headers', () => {
  it('sends a CSP allowing only the console own scripts and styles', async () => {
    const res = await request(h.app()).get('/console/ask').expect(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).not.toMatch(/<script>|<style>|style="/);
  });
});

describe('Escaping', () => {
  it('shows a question containing HTML as text on the Ask page', async () => {
    const q = '<script>alert("x")</script><img src=x onerror=alert(1)>ごみ';
    const res = await request(h.app()).get('/console/ask').query({ q }).expect(200);
    expect(res.text).not.toContain('<script>alert');
    expect(res.text).not.toContain('<img src=x');
    expect(res.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('shows a stored question containing HTML as text on the Review page', async () => {
    await h.store.interactions.record(interaction({ question: '<b onmouseover="x()">太字</b>の質問' }));
    const res = await request(h.app()).get('/console/review').expect(200);
    expect(res.text).toContain('&lt;b onmouseover=&quot;x()&quot;&gt;太字&lt;/b&gt;の質問');
    expect(res.text).not.toContain('<b onmouseover');
  });
});

describe('Path traversal', () => {
  it.each([
    '/console/assets/..%2F..%2F..%2Fpackage.json',
    '/console/assets/..%2Frouter.ts',
    '/console/assets/%2e%2e%2fpackage.json',
  ])('refuses asset %s', async (path) => {
    const res = await request(h.app()).get(path);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('"dependencies"');
    expect(res.text).not.toContain('createConsoleRouter');
  });

  it.each(['..%2F..%2Fetc%2Fpasswd', '..', '.env', 'corpus%2F..%2Fpackage.json'])(
    'refuses document id %s',
    async (id) => {
      const res = await request(h.app()).get(`/console/documents/${id}`);
      expect([400, 404]).toContain(res.status);
      expect(res.text).not.toContain('root:');
    },
  );
});

describe('Ask', () => {
  it('renders the LINE reply, the decision, the candidates and the analyzer view', async () => {
    const res = await request(h.app()).get('/console/ask').query({ q: '域内連関とは何ですか？' }).expect(200);
    expect(res.text).toContain('class="flex-bubble"');
    expect(res.text).toContain('役に立たなかった');
    expect(res.text).toContain('class="quick-reply"');
    expect(res.text).toContain('回答します');
    expect(res.text).toContain('<mark>域内連関</mark>');
    expect(res.text).toContain('href="/console/documents/kushiro-');
    expect(res.text).toContain('形態素');
    expect(res.text).toContain('イキナイレンカン');
  });

  it('shows the sources with a document link when an answer has no ranked candidates', async () => {
    const res = await request(h.app())
      .get('/console/ask')
      .query({ q: '無料法律相談はいつですか？' })
      .expect(200);
    expect(res.text).toContain('class="candidate"');
    expect(res.text).toContain('href="/console/documents/kushiro-sogo-seisaku-jimu-gaiyo#p-');
  });

  it('shows a decline with its reason', async () => {
    const res = await request(h.app())
      .get('/console/ask')
      .query({ q: '宇宙旅行の補助金はありますか' })
      .expect(200);
    expect(res.text).toContain('お断りします');
    expect(res.text).toContain('class="chat-text"');
  });
});

describe('Engine failure', () => {
  it('answers 503 with a message when the engine cannot load, and Review still works', async () => {
    const broken = {
      current: () => null,
      ready: () => Promise.reject(new Error('corpus missing')),
      reload: async () => ({ ok: false as const, reason: 'load' as const, errors: ['corpus missing'] }),
      lastFailure: () => null,
    };
    const app = h.app({ engines: broken });
    const res = await request(app).get('/console/ask').query({ q: '質問' });
    expect(res.status).toBe(503);
    expect(res.text).toContain('回答エンジンを読み込めませんでした');
    await request(app).get('/console/review').expect(200);
  });
});

describe('Documents', () => {
  it('lists documents, shows one with passage anchors and a page per passage', async () => {
    const app = h.app();
    const list = await request(app).get('/console/documents').expect(200);
    expect(list.text).toContain('釧路市まちづくり基本構想');
    const doc = await request(app).get('/console/documents/kushiro-machizukuri-kihon-koso-gaiyo').expect(200);
    expect(doc.text).toContain('id="p-0"');
    expect(doc.text).toContain('平成30年度～令和9年度');
    const passage = await request(app)
      .get('/console/documents/kushiro-machizukuri-kihon-koso-gaiyo/passages/1')
      .expect(200);
    expect(passage.text).toContain('資料の中で見る');
    await request(app)
      .get('/console/documents/kushiro-machizukuri-kihon-koso-gaiyo/passages/99999')
      .expect(404);
  });

  it('searches inside passages and marks the words', async () => {
    const res = await request(h.app()).get('/console/documents').query({ q: '域内連関' }).expect(200);
    expect(res.text).toMatch(/「域内連関」を含む段落 [1-9]\d*件/);
    expect(res.text).toContain('<mark>域内連関</mark>');
  });
});

describe('Review', () => {
  it('groups similar wordings, counts them and links each group to Ask; exports CSV', async () => {
    const h2 = await createHarness();
    try {
      for (const question of ['ごみの出し方を教えて', 'ゴミの出し方を教えて！', 'ごみの 出し方 を教えて']) {
        await h2.store.interactions.record(interaction({ question }));
      }
      await h2.store.interactions.record(
        interaction({ question: 'ペットと=SUM(A1),"泊まれる"宿', municipality: '釜石市' }),
      );
      const page = await request(h2.app()).get('/console/review').expect(200);
      expect(page.text).toContain('4件の質問を');
      expect(page.text).toMatch(/<td class="num">3<\/td><td><a href="\/console\/ask\?q=/);
      const filtered = await request(h2.app()).get('/console/review').query({ m: '釜石市' }).expect(200);
      expect(filtered.text).toContain('1件の質問を1グループ');
      const csv = await request(h2.app()).get('/console/review.csv').expect(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.headers['content-disposition']).toMatch(/attachment/);
      expect(csv.text.startsWith('\uFEFF件数,代表的な質問')).toBe(true);
      expect(csv.text).toContain('"ペットと=SUM(A1),""泊まれる""宿"');
      expect(csv.text.split('\r\n')[1]).toMatch(/^3,/);
    } finally {
      await h2.close();
    }
  });

  it('lists only answers marked 役に立たなかった under that kind', async () => {
    const h2 = await createHarness();
    try {
      await h2.store.interactions.record(
        interaction({ answerId: 'helpful1', question: '役に立った質問', answered: true, confidence: 0.9 }),
      );
      await h2.store.interactions.record(
        interaction({
          answerId: 'unhelpful1',
          question: '役に立たない回答の質問',
          answered: true,
          confidence: 0.9,
        }),
      );
      await h2.store.interactions.setFeedback('unhelpful1', 'unhelpful', Date.now());
      await h2.store.interactions.setFeedback('helpful1', 'helpful', Date.now());
      const res = await request(h2.app()).get('/console/review').query({ kind: 'unhelpful' }).expect(200);
      expect(res.text).toContain('役に立たない回答の質問');
      expect(res.text).toContain('役に立たなかった 1');
      expect(res.text).not.toContain('役に立った質問');
    } finally {
      await h2.close();
    }
  });

  it('filters by time range in Japan dates', async () => {
    const h2 = await createHarness();
    try {
      await h2.store.interactions.record(
        interaction({ question: '古い質問', createdAt: Date.parse('2026-10-01T08:00:00+09:00') }),
      );
      await h2.store.interactions.record(
        interaction({ question: '新しい質問', createdAt: Date.parse('2026-11-02T23:30:00+09:00') }),
      );
      const res = await request(h2.app())
        .get('/console/review')
        .query({ from: '2026-11-02', to: '2026-11-02' });
      expect(res.text).toContain('新しい質問');
      expect(res.text).not.toContain('古い質問');
      const bad = await request(h2.app()).get('/console/review').query({ from: '2026/11/02' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('YYYY-MM-DD');
    } finally {
      await h2.close();
    }
  });
});

describe('Test set', () => {
  it('runs the evaluation questions and shows pass/fail per question and totals', async () => {
    const file = join(h.dir, 'mini.jsonl');
    writeFileSync(
      file,
      [
        '{"id":"q001","question":"釧路市まちづくり基本構想の計画期間は？","category":"plan","variant":"plain","municipality":"釧路市","expect":{"answered":true,"facts":["平成30年度"],"docId":"kushiro-machizukuri-kihon-koso-gaiyo"}}',
        '{"id":"q002","question":"釧路市の計画期間は？","category":"plan","variant":"plain","municipality":"釧路市","expect":{"answered":true,"facts":["存在しない事実"],"docId":"kushiro-machizukuri-kihon-koso-gaiyo"}}',
      ].join('\n'),
    );
    const agent = request.agent(h.app({ evalSetPath: file }));
    const token = csrfOf((await agent.get('/console/test-set').expect(200)).text);
    await agent.post('/console/test-set/run').type('form').send({ _csrf: token }).expect(303);
    const res = await agent.get('/console/test-set').expect(200);
    expect(res.text).toContain('2問を実行しました');
    expect(res.text).toContain('1 / 2');
    expect(res.text).toContain('✓ 合格');
    expect(res.text).toContain('✗ 不合格');
  });
});

describe('Dictionaries', () => {
  it('names file:line of a malformed line and keeps serving the old engine, then applies a fixed file', async () => {
    const agent = request.agent(h.app());
    const page = await agent.get('/console/dictionaries').expect(200);
    expect(page.text).toContain('域内連関');
    const before = h.engines.current();
    const file = join(h.dictionariesDir, 'user-terms.tsv');
    writeFileSync(file, '# comment\n湿原カード\tシツゲンカード\nこわれた\t行\tです\n');
    await agent
      .post('/console/dictionaries/reload')
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    const refused = await agent.get('/console/dictionaries').expect(200);
    expect(refused.text).toMatch(/user-terms\.tsv:3: /);
    expect(refused.text).toContain('いまの辞書で動き続けています');
    expect(h.engines.current()).toBe(before);

    writeFileSync(file, '湿原カード\tシツゲンカード\n');
    await agent
      .post('/console/dictionaries/reload')
      .type('form')
      .send({ _csrf: csrfOf(refused.text) })
      .expect(303);
    const applied = await agent.get('/console/dictionaries').expect(200);
    expect(applied.text).toContain('辞書を読み込み直しました');
    expect(applied.text).toContain('湿原カード');
    expect(h.engines.current()).not.toBe(before);
  });
});

describe('Anonymous visits', () => {
  it('create no session, so 1,001 visits to the login page do not log staff out', async () => {
    const app = h.app(withPassword);
    const agent = request.agent(app);
    await logIn(agent);
    for (let i = 0; i < 1001; i++) {
      const res = await request(app).get('/console/login').expect(200);
      expect(String(res.headers['set-cookie'])).not.toContain('kotae_console=');
    }
    await agent.get('/console/review').expect(200);
  });

  it('refuse a login token that belongs to another browser', async () => {
    const app = h.app(withPassword);
    const mine = request.agent(app);
    await mine.get('/console/login').expect(200);
    const theirs = csrfOf((await request(app).get('/console/login')).text);
    await mine.post('/console/login').type('form').send({ _csrf: theirs, password: PASSWORD }).expect(403);
  });
});
