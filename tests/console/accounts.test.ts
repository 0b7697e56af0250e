// Accounts and roles (issue 13 §2): per-person logins, what each role may do, sessions in the store,
// idle timeout, the login rate limit per account and per address, and TRUST_PROXY.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request, { type Agent } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreInDataDir } from '../../src/store/sqlite.ts';
import {
  ACCOUNTS,
  addAccounts,
  createHarness,
  csrfOf,
  type Harness,
  logIn,
  PASSWORD,
  passwordOf,
} from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await addAccounts(h.store);
});
afterAll(async () => {
  await h.close();
});

const [admin, editor, viewer] = ACCOUNTS;

async function loggedIn(
  name: string,
  options: Parameters<Harness['app']>[0] = {},
): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(h.app(options));
  const csrf = await logIn(agent, passwordOf(name), name);
  return { agent, csrf };
}

describe('Roles', () => {
  const pages = [
    '/console/ask',
    '/console/review',
    '/console/documents',
    '/console/test-set',
    '/console/dictionaries',
    '/console/users',
  ];
  const allowed: Record<string, string[]> = {
    [admin.name]: pages,
    [editor.name]: [
      '/console/ask',
      '/console/review',
      '/console/documents',
      '/console/test-set',
      '/console/dictionaries',
    ],
    [viewer.name]: ['/console/ask', '/console/review', '/console/documents'],
  };

  it.each(ACCOUNTS.map((a) => a.name))(
    'lets %s open only the pages of its role, and shows only those in the menu',
    async (name) => {
      const { agent } = await loggedIn(name);
      for (const path of pages) {
        const res = await agent.get(path);
        const expected = allowed[name]?.includes(path) ? 200 : 403;
        expect(`${path} ${res.status}`).toBe(`${path} ${expected}`);
        if (res.status === 403) {
          expect(res.text).toContain('この操作の権限がありません');
          expect(res.text).toContain('役割が必要です');
        }
      }
      const menu = (await agent.get('/console/ask')).text;
      expect(menu.includes('href="/console/users"')).toBe(name === admin.name);
      expect(menu.includes('href="/console/dictionaries"')).toBe(name !== viewer.name);
      expect(menu).toContain(name);
    },
  );

  it('refuses a viewer the reload, the test run and an upload with 403', async () => {
    const { agent, csrf } = await loggedIn(viewer.name);
    await agent.post('/console/documents/reload').type('form').send({ _csrf: csrf }).expect(403);
    await agent.post('/console/dictionaries/reload').type('form').send({ _csrf: csrf }).expect(403);
    await agent.post('/console/test-set/run').type('form').send({ _csrf: csrf }).expect(403);
    await agent
      .post('/console/documents/upload')
      .field('_csrf', csrf)
      .attach('file', Buffer.from('# 見出し\n本文です。'), 'a.md')
      .expect(403);
    await agent
      .post('/console/users')
      .type('form')
      .send({ _csrf: csrf, name: 'x.y', role: 'admin', password: 'p'.repeat(12) })
      .expect(403);
  });

  it('refuses a wrong password, an unknown name and a disabled account alike', async () => {
    const app = h.app();
    for (const [name, password] of [
      [editor.name, 'wrong password!'],
      ['nobody.here', 'whatever password'],
      ['<script>', 'whatever password'],
    ]) {
      const agent = request.agent(app);
      const login = await agent.get('/console/login').expect(200);
      const res = await agent
        .post('/console/login')
        .type('form')
        .send({ _csrf: csrfOf(login.text), name, password });
      expect(res.status).toBe(401);
      expect(res.text).toContain('名前またはパスワードが違います');
    }
  });

  it('keeps the shared CONSOLE_PASSWORD as an admin login beside the accounts', async () => {
    const agent = request.agent(h.app({ env: { CONSOLE_PASSWORD: PASSWORD } }));
    await logIn(agent);
    await agent.get('/console/users').expect(200);
    await loggedIn(viewer.name, { env: { CONSOLE_PASSWORD: PASSWORD } });
  });
});

describe('Accounts page', () => {
  it('adds a user who can then log in, changes the role, and disabling ends their session', async () => {
    const app = h.app();
    const { agent, csrf } = await loggedIn(admin.name);
    const added = await agent
      .post('/console/users')
      .type('form')
      .send({ _csrf: csrf, name: 'Kato.New', role: 'viewer', password: 'kato initial pw' })
      .expect(303);
    expect(added.headers.location).toBe('/console/users');
    expect((await agent.get('/console/users')).text).toContain(
      'アカウント「kato.new」（閲覧者）を追加しました',
    );
    const kato = request.agent(app);
    const katoCsrf = await logIn(kato, 'kato initial pw', 'kato.new');
    await kato.get('/console/dictionaries').expect(403);

    await agent
      .post('/console/users/kato.new')
      .type('form')
      .send({ _csrf: csrf, role: 'editor' })
      .expect(303);
    // The role change logged kato out (the old session and its token are gone); the new login has the new role.
    await kato.get('/console/ask').expect(303);
    await kato.post('/console/documents/reload').type('form').send({ _csrf: katoCsrf }).expect(403);
    await logIn(kato, 'kato initial pw', 'kato.new');
    await kato.get('/console/dictionaries').expect(200);

    await agent.post('/console/users/kato.new').type('form').send({ _csrf: csrf, disabled: '1' }).expect(303);
    await kato.get('/console/ask').expect(303);
    const login = await kato.get('/console/login');
    await kato
      .post('/console/login')
      .type('form')
      .send({ _csrf: csrfOf(login.text), name: 'kato.new', password: 'kato initial pw' })
      .expect(401);

    const log = await h.store.audit.list({ limit: 10, offset: 0 });
    expect(log.slice(0, 3).map((e) => [e.actor, e.action, e.target, e.before, e.after])).toEqual([
      [admin.name, 'user.disable', 'kato.new', '有効', '無効'],
      [admin.name, 'user.role', 'kato.new', '閲覧者', '編集者'],
      [admin.name, 'user.create', 'kato.new', null, '閲覧者'],
    ]);
  });

  it('refuses a duplicate name, a bad name, a short password, and changing your own account', async () => {
    const { agent, csrf } = await loggedIn(admin.name);
    const dup = await agent
      .post('/console/users')
      .type('form')
      .send({ _csrf: csrf, name: editor.name, role: 'admin', password: 'long enough pw' });
    expect(dup.status).toBe(409);
    expect(dup.text).toContain('すでにあります');
    const bad = await agent
      .post('/console/users')
      .type('form')
      .send({ _csrf: csrf, name: '@shared', role: 'admin', password: 'long enough pw' });
    expect(bad.status).toBe(400);
    const short = await agent
      .post('/console/users')
      .type('form')
      .send({ _csrf: csrf, name: 'new.one', role: 'admin', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.text).toContain('10文字以上');
    const self = await agent
      .post(`/console/users/${admin.name}`)
      .type('form')
      .send({ _csrf: csrf, role: 'viewer' });
    expect(self.status).toBe(409);
    const odd = await agent.post('/console/users/..%2F..').type('form').send({ _csrf: csrf, role: 'viewer' });
    expect(odd.status).toBe(400);
  });
});

describe('Sessions in the store', () => {
  it('keeps a login across a restart of the app on the same data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kotae-sessions-'));
    try {
      const first = openStoreInDataDir(dataDir);
      await addAccounts(first);
      const app = h.app({ store: first });
      const login = await request(app).get('/console/login');
      const loginCookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
      const res = await request(app)
        .post('/console/login')
        .set('Cookie', loginCookie)
        .type('form')
        .send({ _csrf: csrfOf(login.text), name: editor.name, password: passwordOf(editor.name) })
        .expect(303);
      const cookie = /kotae_console=[^;]+/.exec(String(res.headers['set-cookie']))?.[0] ?? '';
      expect(cookie).not.toBe('');
      await first.close();

      const second = openStoreInDataDir(dataDir);
      try {
        const restarted = h.app({ store: second });
        const page = await request(restarted).get('/console/dictionaries').set('Cookie', cookie).expect(200);
        expect(page.text).toContain(editor.name);
        await request(restarted).get('/console/dictionaries').expect(303);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('ends a session after CONSOLE_IDLE_MINUTES without a request', async () => {
    let now = Date.parse('2026-12-01T09:00:00+09:00');
    const app = h.app({ env: { CONSOLE_IDLE_MINUTES: '15' }, clock: () => now });
    const agent = request.agent(app);
    await logIn(agent, passwordOf(viewer.name), viewer.name);
    now += 14 * 60_000;
    await agent.get('/console/review').expect(200);
    now += 14 * 60_000;
    await agent.get('/console/review').expect(200);
    now += 15 * 60_000;
    const res = await agent.get('/console/review').expect(303);
    expect(res.headers.location).toContain('/console/login');
  });
});

describe('Login rate limit', () => {
  const limit = { windowMs: 60_000, limit: 3 };
  const attempt = async (
    app: ReturnType<Harness['app']>,
    name: string,
    password: string,
    forwardedFor?: string,
  ) => {
    const agent = request.agent(app);
    const form = agent.get('/console/login');
    const login = await (forwardedFor ? form.set('X-Forwarded-For', forwardedFor) : form);
    const post = agent.post('/console/login').type('form');
    return (forwardedFor ? post.set('X-Forwarded-For', forwardedFor) : post).send({
      _csrf: csrfOf(login.text),
      name,
      password,
    });
  };

  it('blocks an account after repeated failures, from whatever address', async () => {
    const app = h.app({ env: { TRUST_PROXY: 'loopback' }, loginLimit: limit });
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      expect((await attempt(app, editor.name, 'wrong guess!!', ip)).status).toBe(401);
    }
    const blocked = await attempt(app, editor.name, passwordOf(editor.name), '198.51.100.4');
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('ログインを一時停止');
    expect(blocked.headers['retry-after']).toBe('60');
    // Another account from a fresh address is not affected.
    expect((await attempt(app, viewer.name, passwordOf(viewer.name), '198.51.100.5')).status).toBe(303);
  });

  it('blocks an address after failures on several accounts', async () => {
    const app = h.app({ env: { TRUST_PROXY: 'loopback' }, loginLimit: limit });
    for (const name of ['a.one', 'b.two', 'c.three']) {
      expect((await attempt(app, name, 'wrong guess!!', '203.0.113.9')).status).toBe(401);
    }
    expect((await attempt(app, admin.name, passwordOf(admin.name), '203.0.113.9')).status).toBe(429);
    expect((await attempt(app, admin.name, passwordOf(admin.name), '203.0.113.10')).status).toBe(303);
  });

  it('without TRUST_PROXY ignores X-Forwarded-For, so a client cannot pick a fresh address per guess', async () => {
    const app = h.app({ loginLimit: limit });
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      expect((await attempt(app, `x.${ip.replaceAll('.', '')}`, 'wrong guess!!', ip)).status).toBe(401);
    }
    expect((await attempt(app, viewer.name, passwordOf(viewer.name), '198.51.100.99')).status).toBe(429);
  });
});

describe('TRUST_PROXY', () => {
  it('marks the session cookie Secure behind the named proxy', async () => {
    const agent = request.agent(h.app({ env: { TRUST_PROXY: '127.0.0.1' } }));
    const login = await agent.get('/console/login');
    const res = await agent
      .post('/console/login')
      .type('form')
      .send({ _csrf: csrfOf(login.text), name: viewer.name, password: passwordOf(viewer.name) })
      .expect(303);
    expect(String(res.headers['set-cookie'])).toMatch(/kotae_console=[^;]+;.*Secure/);
  });

  it('rejects a value that names no proxy', async () => {
    expect(() => h.config({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => h.config({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(h.config({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '::1',
    ]);
  });
});

describe('Before any login exists', () => {
  it('with TRUST_PROXY answers the proxy only for a client on this machine', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kotae-noaccounts-'));
    const empty = openStoreInDataDir(dataDir);
    try {
      const app = h.app({ store: empty, env: { TRUST_PROXY: 'loopback' } });
      await request(app).get('/console/ask').expect(200);
      await request(app).get('/console/ask').set('X-Forwarded-For', '127.0.0.1').expect(200);
      await request(app).get('/console/ask').set('X-Forwarded-For', '198.51.100.4').expect(403);
      // A proxy that names the client some other way gives no address we can check.
      await request(app).get('/console/ask').set('X-Real-IP', '127.0.0.1').expect(403);
    } finally {
      await empty.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('the first account turns the loopback console into one that needs a login', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kotae-firstaccount-'));
    const store = openStoreInDataDir(dataDir);
    try {
      const before = await request(h.app({ store })).get('/console/users').expect(200);
      const cookie = /kotae_console=[^;]+/.exec(String(before.headers['set-cookie']))?.[0] ?? '';
      await addAccounts(store);
      // A new app, as after the accounts cache (a few seconds) expires: the loopback session is worthless now.
      const after = h.app({ store });
      await request(after).get('/console/users').set('Cookie', cookie).expect(303);
      await request(after).get('/console/ask').expect(303);
      await request(after).get('/console/login').expect(200);
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('npm run console:add-user', () => {
  it('creates an account from a password on stdin and refuses bad arguments', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kotae-adduser-'));
    const run = (args: string[], input: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/add-user.ts', ...args], {
        input,
        encoding: 'utf8',
        env: { ...process.env, KOTAE_DATA_DIR: dataDir, DATABASE_URL: '' },
      });
    try {
      const ok = run(['--name', 'Mori.Admin', '--role', 'admin'], 'first admin password\n');
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
      expect(run(['--name', 'mori.admin', '--role', 'viewer'], 'another password\n').status).toBe(1);
      expect(run(['--name', 'x', '--role', 'admin'], 'first admin password\n').status).toBe(2);
      expect(run(['--name', 'ok.name', '--role', 'root'], 'first admin password\n').status).toBe(2);
      expect(run(['--name', 'ok.name', '--role', 'viewer'], 'short\n').status).toBe(2);
      const store = openStoreInDataDir(dataDir);
      try {
        expect(await store.consoleUsers.list()).toEqual([
          expect.objectContaining({ name: 'mori.admin', role: 'admin' }),
        ]);
        const agent = request.agent(h.app({ store }));
        await logIn(agent, 'first admin password', 'mori.admin');
        await agent.get('/console/users').expect(200);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
