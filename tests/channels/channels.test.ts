import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChannelsError,
  loadChannels,
  parseChannels,
  restrictToMunicipality,
  routeByChannel,
} from '../../src/channels.ts';
import { ConfigError } from '../../src/config.ts';
import { answersOnThisThread } from '../../src/line/answers.ts';
import type { InboxEvent, InboxResult } from '../../src/store/types.ts';
import { FakeEngine } from '../server/fakes.ts';

const BOT = `U${'0123456789abcdef'.repeat(2)}`;

function channel(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'kamaishi',
    municipality: '釜石市',
    channelSecret: 'secret-kamaishi-0123456789',
    channelAccessToken: 'token-kamaishi',
    ...overrides,
  };
}

function errorOf(run: () => unknown): ChannelsError {
  try {
    run();
  } catch (error) {
    if (error instanceof ChannelsError) return error;
    throw error;
  }
  throw new Error('expected a ChannelsError');
}

describe('parseChannels', () => {
  it('reads secrets given inline or by the name of an environment variable', () => {
    const channels = parseChannels(
      {
        channels: [
          channel({ botUserId: BOT, greeting: 'ようこそ釜石へ', contact: '釜石市役所 0193-22-2111' }),
          {
            id: 'kushiro',
            municipality: '釧路市',
            channelSecretEnv: 'KUSHIRO_SECRET',
            channelAccessTokenEnv: 'KUSHIRO_TOKEN',
          },
        ],
      },
      { KUSHIRO_SECRET: 'secret-kushiro', KUSHIRO_TOKEN: 'token-kushiro' },
      'channels.json',
    );
    expect(channels).toEqual([
      {
        id: 'kamaishi',
        municipality: '釜石市',
        channelSecret: 'secret-kamaishi-0123456789',
        channelAccessToken: 'token-kamaishi',
        botUserId: BOT,
        greeting: 'ようこそ釜石へ',
        contact: '釜石市役所 0193-22-2111',
      },
      {
        id: 'kushiro',
        municipality: '釧路市',
        channelSecret: 'secret-kushiro',
        channelAccessToken: 'token-kushiro',
        botUserId: null,
        greeting: null,
        contact: null,
      },
    ]);
  });

  it.each([
    ['an unset secret variable', channel({ channelSecret: undefined, channelSecretEnv: 'NOPE' }), /NOPE/],
    ['both a secret and its variable', channel({ channelSecretEnv: 'X' }), /exactly one of channelSecret/],
    ['no access token', channel({ channelAccessToken: undefined }), /exactly one of channelAccessToken/],
    ['an id unfit for a URL', channel({ id: 'Kamaishi/1' }), /channels\.0\.id/],
    ['a misspelt field', channel({ greting: 'x' }), /greting/],
    ['a bot id that is not a LINE user id', channel({ botUserId: 'kamaishi' }), /botUserId/],
  ])('stops with the file and the field for %s', (_name, entry, pattern) => {
    const error = errorOf(() => parseChannels({ channels: [entry] }, {}, 'channels.json'));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.variable).toBe('KOTAE_CHANNELS_FILE');
    expect(error.message).toContain('channels.json');
    expect(error.message).toMatch(pattern);
  });

  it('refuses a repeated id and an empty list', () => {
    expect(errorOf(() => parseChannels({ channels: [channel(), channel()] }, {}, 'f')).message).toMatch(
      /repeat an id/,
    );
    expect(errorOf(() => parseChannels({ channels: [] }, {}, 'f')).message).toMatch(/at least one/);
  });
});

describe('loadChannels', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('has no channels without a file, and reads a JSON file when named', () => {
    expect(loadChannels(null, {})).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'kotae-channels-'));
    dirs.push(dir);
    const file = join(dir, 'channels.json');
    writeFileSync(file, JSON.stringify({ channels: [channel()] }));
    expect(loadChannels(file, {}).map((c) => c.id)).toEqual(['kamaishi']);
    writeFileSync(file, '{ not json');
    expect(errorOf(() => loadChannels(file, {})).message).toMatch(/cannot be read as JSON/);
  });
});

describe('restrictToMunicipality', () => {
  it('asks only for its city and records the city on answers that name none', async () => {
    const engine = new FakeEngine();
    const kamaishi = restrictToMunicipality(
      answersOnThisThread({ engine, lookupPassage: () => undefined }),
      '釜石市',
    );
    const now = new Date('2026-04-01T00:00:00+09:00');
    const declined = await kamaishi.ask({ question: '天気は？', now, deadline: 0, municipality: '釧路市' });
    expect(engine.questions[0]?.options).toEqual({ now, municipality: '釜石市' });
    expect(declined?.answer.municipality).toBe('釜石市');
    const answered = await kamaishi.ask({ question: '法律相談は？', now, deadline: 0 });
    expect(answered?.answer.municipality).toBe('釧路市');
  });
});

describe('routeByChannel', () => {
  const event = (channel?: string): InboxEvent => ({
    eventId: 'E',
    eventType: 'message',
    eventTimestamp: 0,
    receivedAt: 0,
    userHash: null,
    replyToken: null,
    sealedPushTarget: null,
    payload: '{}',
    isRedelivery: false,
    ...(channel !== undefined ? { channel } : {}),
  });
  const answer = (detail: string) => async (): Promise<InboxResult> => ({
    outcome: 'answered',
    delivery: 'reply',
    detail,
  });

  it("sends each event to its channel's handler and fails events of a removed channel", async () => {
    const route = routeByChannel(answer('single'), new Map([['kamaishi', answer('kamaishi')]]));
    expect((await route(event())).detail).toBe('single');
    expect((await route(event('kamaishi'))).detail).toBe('kamaishi');
    expect(await route(event('gone'))).toEqual({
      outcome: 'failed',
      delivery: 'none',
      detail: 'unknown_channel',
    });
  });
});
