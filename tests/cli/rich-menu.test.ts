// `npm run line:rich-menu` against the fake LINE API through the real SDK clients.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHROMIUM, renderSvgToPng } from '../../src/cli/render-png.ts';
import { parseRichMenuArgs, RICH_MENU_IMAGE_MAX_BYTES, runRichMenu } from '../../src/cli/rich-menu.ts';
import { RICH_MENU_SIZE, richMenuRequest, richMenuSvg } from '../../src/line/rich-menu.ts';
import { createRichMenuClients, deployRichMenu } from '../../src/line/rich-menu-deploy.ts';
import { ACCESS_TOKEN, CHANNEL_SECRET } from '../server/webhook-fixtures.ts';
import { type FakeLineApi, pngSize, startFakeLineApi } from '../support/fake-line-api.ts';
import { solidPng } from '../support/png.ts';

const IMAGE = solidPng(RICH_MENU_SIZE.width, RICH_MENU_SIZE.height);
const OTHER_TOKEN = 'kushiro-token-for-rich-menu';

let fake: FakeLineApi;
const dirs: string[] = [];

beforeAll(async () => {
  fake = await startFakeLineApi();
});
afterEach(() => {
  fake.setEndpointBehavior('/v2/bot/richmenu', null);
  fake.richMenuCalls.length = 0;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
afterAll(async () => {
  await fake.close();
});

function clients(token: string) {
  return createRichMenuClients({
    channelAccessToken: token,
    baseURL: fake.baseURL,
    dataBaseURL: fake.baseURL,
  });
}

const steps = () =>
  fake.richMenuCalls.map((c) => `${c.method} ${c.path.replace(/richmenu-[0-9a-f]+/u, 'ID')}`);

describe('deployRichMenu', () => {
  it('creates the menu, uploads its image, sets it default and deletes the one it replaced', async () => {
    const token = 'token-deploy-twice';
    const first = await deployRichMenu(clients(token), richMenuRequest(), {
      bytes: IMAGE,
      contentType: 'image/png',
    });
    expect(first).toMatchObject({ ok: true, replaced: null });
    expect(steps()).toEqual([
      'POST /v2/bot/richmenu/validate',
      'GET /v2/bot/user/all/richmenu',
      'POST /v2/bot/richmenu',
      'POST /v2/bot/richmenu/ID/content',
      'POST /v2/bot/user/all/richmenu/ID',
    ]);
    const upload = fake.richMenuCalls[3];
    expect(upload?.headers['content-type']).toBe('image/png');
    expect(upload?.headers.authorization).toBe(`Bearer ${token}`);
    expect(pngSize(upload?.body as Buffer)).toEqual(RICH_MENU_SIZE);

    const second = await deployRichMenu(clients(token), richMenuRequest(), {
      bytes: IMAGE,
      contentType: 'image/png',
    });
    if (!first.ok || !second.ok) throw new Error('expected both to succeed');
    expect(second).toMatchObject({ replaced: first.richMenuId, oldDeleted: true });
    expect(fake.defaultRichMenuId(token)).toBe(second.richMenuId);
    expect([...fake.richMenus(token).keys()]).toEqual([second.richMenuId]);
    expect(fake.richMenuCalls.at(-1)).toMatchObject({
      method: 'DELETE',
      path: `/v2/bot/richmenu/${first.richMenuId}`,
    });
  });

  it('keeps the old default and leaves nothing behind when the upload fails', async () => {
    const token = 'token-upload-fails';
    const first = await deployRichMenu(clients(token), richMenuRequest(), {
      bytes: IMAGE,
      contentType: 'image/png',
    });
    if (!first.ok) throw new Error('expected the first deploy to succeed');
    const tooSmall = solidPng(100, 100);
    const failed = await deployRichMenu(clients(token), richMenuRequest(), {
      bytes: tooSmall,
      contentType: 'image/png',
    });
    expect(failed).toMatchObject({ ok: false, step: 'upload_image', cleanedUp: true });
    expect(fake.defaultRichMenuId(token)).toBe(first.richMenuId);
    expect([...fake.richMenus(token).keys()]).toEqual([first.richMenuId]);
  });

  it('reports the step LINE refused', async () => {
    fake.setEndpointBehavior('/v2/bot/richmenu', { status: 500 });
    const result = await deployRichMenu(clients('token-500'), richMenuRequest(), {
      bytes: IMAGE,
      contentType: 'image/png',
    });
    expect(result).toMatchObject({ ok: false, step: 'validate', cleanedUp: false });
    if (!result.ok) expect(result.error).toContain('500');
  });
});

describe('npm run line:rich-menu', () => {
  function env(extra: Record<string, string> = {}) {
    return {
      LINE_API_BASE_URL: fake.baseURL,
      LINE_DATA_API_BASE_URL: fake.baseURL,
      LINE_CHANNEL_SECRET: CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
      LOG_LEVEL: 'silent',
      ...extra,
    };
  }

  async function run(argv: string[], environment: Record<string, string | undefined>) {
    const out: string[] = [];
    const err: string[] = [];
    const written: { path: string; bytes: Buffer }[] = [];
    const code = await runRichMenu(argv, {
      env: environment,
      print: (l) => out.push(l),
      printError: (l) => err.push(l),
      render: async () => IMAGE,
      writeFile: (path, bytes) => written.push({ path, bytes }),
    });
    return { code, out: out.join('\n'), err: err.join('\n'), written };
  }

  function channelsFile(): string {
    const dir = mkdtempSync(join(tmpdir(), 'kotae-rich-menu-'));
    dirs.push(dir);
    const file = join(dir, 'channels.json');
    writeFileSync(
      file,
      JSON.stringify({
        channels: [
          {
            id: 'kushiro',
            municipality: '釧路市',
            channelSecret: 's'.repeat(20),
            channelAccessToken: OTHER_TOKEN,
          },
        ],
      }),
    );
    return file;
  }

  it('sets the menu of the channel and of each channel in KOTAE_CHANNELS_FILE', async () => {
    const result = await run([], env({ KOTAE_CHANNELS_FILE: channelsFile() }));
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^default: default rich menu is now richmenu-/mu);
    expect(result.out).toMatch(/^kushiro: default rich menu is now richmenu-/mu);
    expect(fake.defaultRichMenuId(ACCESS_TOKEN)).not.toBeNull();
    expect(fake.defaultRichMenuId(OTHER_TOKEN)).not.toBeNull();
    expect(result.out).not.toContain(OTHER_TOKEN);
    expect(result.out).not.toContain(ACCESS_TOKEN);
  });

  it('sends nothing on --dry-run, prints the menu and writes the image', async () => {
    const result = await run(['--dry-run', '--out', 'menu.png'], env());
    expect(result.code).toBe(0);
    expect(fake.richMenuCalls).toHaveLength(0);
    const printed = JSON.parse(result.out) as {
      channels: string[];
      richMenu: { areas: unknown[] };
      image: unknown;
    };
    expect(printed.channels).toEqual(['default']);
    expect(printed.richMenu.areas).toHaveLength(6);
    expect(printed.image).toMatchObject({ path: 'menu.png', width: 2500, height: 1686, bytes: IMAGE.length });
    expect(result.written).toEqual([{ path: 'menu.png', bytes: IMAGE }]);
  });

  it.each([
    [['--dryrun'], "Unknown option '--dryrun'"],
    [['--channel', 'Bad Id'], '--channel must be a channel id'],
    [['--out'], "Option '--out <value>' argument missing"],
    [['extra'], "Unexpected argument 'extra'"],
  ])('refuses %j with a clear message', async (argv, message) => {
    const result = await run(argv, env());
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(result.err).toContain('Usage: npm run line:rich-menu');
  });

  it('names what to set when no channel is configured', async () => {
    const result = await run([], { LOG_LEVEL: 'silent' });
    expect(result.code).toBe(2);
    expect(result.err).toContain('LINE_CHANNEL_ACCESS_TOKEN');
    expect(result.err).toContain('KOTAE_CHANNELS_FILE');
  });

  it('names a bad LINE_DATA_API_BASE_URL', async () => {
    const result = await run([], env({ LINE_DATA_API_BASE_URL: 'ftp://example' }));
    expect(result.code).toBe(2);
    expect(result.err).toContain('LINE_DATA_API_BASE_URL must be an http(s) URL');
  });

  it('names an unknown --channel', async () => {
    const result = await run(['--channel', 'sapporo'], env());
    expect(result.code).toBe(2);
    expect(result.err).toContain('--channel sapporo is not configured (configured: default)');
  });

  it('parses its arguments with defaults', () => {
    expect(parseRichMenuArgs([])).toEqual({
      ok: true,
      value: { 'dry-run': false, chromium: DEFAULT_CHROMIUM, help: false },
    });
  });
});

describe.skipIf(!existsSync(DEFAULT_CHROMIUM))('the generated image', () => {
  it('is a PNG of the rich menu size, under LINE’s 1 MB', async () => {
    const png = await renderSvgToPng(richMenuSvg(), RICH_MENU_SIZE);
    expect(pngSize(png)).toEqual(RICH_MENU_SIZE);
    expect(png.length).toBeLessThan(RICH_MENU_IMAGE_MAX_BYTES);
    // Six dark tiles with white type compress far better than noise but far worse than a blank image.
    expect(png.length).toBeGreaterThan(50_000);
  }, 60_000);
});
