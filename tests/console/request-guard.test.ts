// The probes of issue 13 §4: DNS rebinding (Host), cross-origin posts (Origin), forwarded requests.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FORWARDING_HEADERS,
  hostNameOf,
  isAllowedHost,
  isCrossOrigin,
} from '../../src/console/request-guard.ts';
import { createHarness, csrfOf, type Harness, logIn, PASSWORD } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

/** A no-password agent with its session's CSRF token. */
async function loopbackAgent(env: Record<string, string> = {}) {
  const agent = request.agent(h.app({ env }));
  const token = csrfOf((await agent.get('/console/test-set').expect(200)).text);
  return { agent, token };
}

describe('Host header (DNS rebinding)', () => {
  it('answers 421 with a page naming the fix to a host name that is not loopback', async () => {
    for (const path of ['/console/review', '/console/review.csv', '/console/assets/console.css']) {
      const res = await request(h.app()).get(path).set('Host', 'rebind.attacker.example');
      expect(res.status).toBe(421);
      expect(res.text).toContain('CONSOLE_ALLOWED_HOSTS');
    }
  });

  it('refuses a reload posted through a rebound host name', async () => {
    const { agent, token } = await loopbackAgent();
    const res = await agent
      .post('/console/documents/reload')
      .set('Host', 'rebind.attacker.example:3000')
      .type('form')
      .send({ _csrf: token });
    expect(res.status).toBe(421);
  });

  it.each([
    'localhost',
    'localhost:3000',
    'LOCALHOST:3000',
    '127.0.0.1',
    '127.0.0.1:8080',
    '[::1]:3000',
    '[::1]',
  ])('answers the loopback name %s', async (host) => {
    await request(h.app()).get('/console/review').set('Host', host).expect(200);
  });

  it.each(['', 'localhost.attacker.example', '127.0.0.1.nip.io', 'localhost@evil', '[::2]:3000', 'a b'])(
    'refuses %j',
    async (host) => {
      const res = await request(h.app()).get('/console/review').set('Host', host);
      expect(res.status).toBe(421);
    },
  );

  it('answers the host names of CONSOLE_ALLOWED_HOSTS, with any port', async () => {
    const env = { CONSOLE_ALLOWED_HOSTS: 'kotae.city.example, staff.example' };
    await request(h.app({ env })).get('/console/review').set('Host', 'Kotae.City.Example:8443').expect(200);
    await request(h.app({ env })).get('/console/review').set('Host', 'staff.example').expect(200);
    await request(h.app({ env })).get('/console/review').set('Host', 'other.example').expect(421);
  });

  it('with a password answers any host until CONSOLE_ALLOWED_HOSTS is set', async () => {
    const open = h.app({ env: { CONSOLE_PASSWORD: PASSWORD } });
    await request(open).get('/console/login').set('Host', 'kotae.city.example').expect(200);
    const listed = h.app({
      env: { CONSOLE_PASSWORD: PASSWORD, CONSOLE_ALLOWED_HOSTS: 'kotae.city.example' },
    });
    await request(listed).get('/console/login').set('Host', 'kotae.city.example').expect(200);
    await request(listed).get('/console/login').set('Host', 'rebind.attacker.example').expect(421);
  });
});

describe('Origin of state-changing requests', () => {
  it.each([
    ['Origin', 'http://attacker.example'],
    ['Origin', 'null'],
    ['Origin', 'http://localhost:1'],
    ['Origin', 'not a url'],
    ['Referer', 'http://attacker.example/page.html'],
    ['Sec-Fetch-Site', 'cross-site'],
    ['Sec-Fetch-Site', 'same-site'],
  ])('refuses a post with %s: %s with 403, even with the right CSRF token', async (name, value) => {
    const { agent, token } = await loopbackAgent();
    const res = await agent
      .post('/console/dictionaries/reload')
      .set(name, value)
      .type('form')
      .send({ _csrf: token });
    expect(res.status).toBe(403);
    expect(res.text).toContain('別のサイトからの送信です');
  });

  it('accepts a post from its own origin', async () => {
    const { agent, token } = await loopbackAgent();
    await agent
      .post('/console/dictionaries/reload')
      .set('Host', 'localhost:3000')
      .set('Origin', 'http://localhost:3000')
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send({ _csrf: token })
      .expect(303);
    await agent
      .post('/console/dictionaries/reload')
      .set('Host', '127.0.0.1:3000')
      .set('Referer', 'http://127.0.0.1:3000/console/dictionaries')
      .type('form')
      .send({ _csrf: token })
      .expect(303);
  });

  it('refuses a cross-origin login and a cross-origin upload', async () => {
    const agent = request.agent(h.app({ env: { CONSOLE_PASSWORD: PASSWORD } }));
    const login = await agent.get('/console/login').expect(200);
    await agent
      .post('/console/login')
      .set('Origin', 'http://attacker.example')
      .type('form')
      .send({ _csrf: csrfOf(login.text), password: PASSWORD })
      .expect(403);
    const token = await logIn(agent);
    await agent
      .post('/console/documents/upload')
      .set('Origin', 'http://attacker.example')
      .field('_csrf', token)
      .attach('file', Buffer.from('テスト'), 'a.txt')
      .expect(403);
  });

  it('accepts the public name behind a proxy that rewrites Host', async () => {
    const { agent, token } = await loopbackAgent({ CONSOLE_ALLOWED_HOSTS: 'kotae.city.example' });
    await agent
      .post('/console/dictionaries/reload')
      .set('Origin', 'https://kotae.city.example')
      .type('form')
      .send({ _csrf: token })
      .expect(303);
  });
});

describe('Forwarded requests without a password', () => {
  it.each([
    ...FORWARDING_HEADERS.map((name) => [name, name === 'via' ? '1.1 proxy' : '198.51.100.4']),
    ['X-Real-IP', '198.51.100.4'],
    ['X-Forwarded-Host', 'kotae.city.example'],
    ['X-Forwarded-Proto', 'https'],
  ])('answers 403 to a request carrying %s', async (name, value) => {
    const res = await request(h.app()).get('/console/review').set(name, value);
    expect(res.status).toBe(403);
    expect(res.text).toContain('接続できません');
  });
});

describe('request-guard', () => {
  it('reads the host name of a Host header', () => {
    expect(hostNameOf('LocalHost:3000')).toBe('localhost');
    expect(hostNameOf('[::1]:80')).toBe('[::1]');
    expect(hostNameOf('localhost.')).toBe('localhost');
    expect(hostNameOf('a:b:c')).toBeNull();
    expect(hostNameOf(undefined)).toBeNull();
    expect(isAllowedHost('127.0.0.5:1', new Set())).toBe(true);
  });

  it('never calls a safe method cross-origin, and leaves a request with no browser headers to the token', () => {
    expect(isCrossOrigin('GET', { origin: 'http://attacker.example' }, new Set())).toBe(false);
    expect(isCrossOrigin('POST', { host: 'localhost:3000' }, new Set())).toBe(false);
    expect(isCrossOrigin('DELETE', { host: 'localhost:3000', origin: 'http://x.example' }, new Set())).toBe(
      true,
    );
  });
});
