import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CONFIG_VARIABLES,
  ConfigError,
  configurationTable,
  loadConfig,
  readEnvFile,
} from '../../src/config.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('starts on embedded defaults with no environment at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      line: null,
      missingLineVariables: ['LINE_CHANNEL_SECRET', 'LINE_CHANNEL_ACCESS_TOKEN'],
      lineApiBaseUrl: 'https://api.line.me',
      lineDataApiBaseUrl: 'https://api-data.line.me',
      corpusDir: 'corpus',
      dictionariesDir: 'dictionaries',
      dataDir: 'data',
      now: null,
      pushFallback: false,
      retentionDays: 180,
      consolePassword: null,
      groupPrefixes: ['@kotae', 'こたえ'],
    });
  });

  it('reads every variable it documents', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      LINE_CHANNEL_SECRET: 'secret',
      LINE_CHANNEL_ACCESS_TOKEN: 'token',
      LINE_API_BASE_URL: 'http://127.0.0.1:9999/',
      LINE_DATA_API_BASE_URL: 'http://127.0.0.1:9998/',
      KOTAE_NOW: '2026-01-15T09:00:00+09:00',
      LOG_LEVEL: 'warn',
      USER_HASH_SECRET: 'x'.repeat(16),
      LINE_PUSH_FALLBACK: 'true',
      RETENTION_DAYS: '30',
      CONSOLE_PASSWORD: 'correct horse',
      KOTAE_GROUP_PREFIX: '@bot, ボット',
    });
    expect(config.line).toEqual({ channelSecret: 'secret', channelAccessToken: 'token' });
    expect(config.lineApiBaseUrl).toBe('http://127.0.0.1:9999');
    expect(config.lineDataApiBaseUrl).toBe('http://127.0.0.1:9998');
    expect(config.now?.toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(config).toMatchObject({
      port: 8080,
      pushFallback: true,
      retentionDays: 30,
      groupPrefixes: ['@bot', 'ボット'],
    });
  });

  it('reads HANDOFF_KEY as 32 bytes of base64 or hex and never echoes it', () => {
    const key = Buffer.alloc(32, 9);
    expect(loadConfig({}).handoffKey).toBeNull();
    expect(loadConfig({ HANDOFF_KEY: key.toString('base64') }).handoffKey).toEqual(key);
    expect(loadConfig({ HANDOFF_KEY: key.toString('hex') }).handoffKey).toEqual(key);
    expect(loadConfig({ HANDOFF_KEY: key.toString('base64url') }).handoffKey).toEqual(key);
    const short = Buffer.alloc(16, 9).toString('base64');
    expect(() => loadConfig({ HANDOFF_KEY: short })).toThrow(/HANDOFF_KEY must be 32 bytes.*not shown/);
    expect(() => loadConfig({ HANDOFF_KEY: short })).not.toThrow(short);
  });

  it('names only the LINE variable still missing', () => {
    const config = loadConfig({ LINE_CHANNEL_SECRET: 'secret', LINE_CHANNEL_ACCESS_TOKEN: '  ' });
    expect(config.line).toBeNull();
    expect(config.missingLineVariables).toEqual(['LINE_CHANNEL_ACCESS_TOKEN']);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['LINE_API_BASE_URL', 'ftp://example.com'],
    ['KOTAE_NOW', 'tomorrow'],
    ['LOG_LEVEL', 'loud'],
    ['LINE_PUSH_FALLBACK', 'maybe'],
    ['RETENTION_DAYS', '0'],
    ['USER_HASH_SECRET', 'short'],
    ['CONSOLE_PASSWORD', 'pw'],
    ['KOTAE_GROUP_PREFIX', ' , '],
  ])('stops with a message naming %s for %j', (name, value) => {
    const error = configError({ [name]: value });
    expect(error.variable).toBe(name);
    expect(error.message).toContain(name);
  });

  it('documents each variable with a description', () => {
    const names = CONFIG_VARIABLES.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const v of CONFIG_VARIABLES) expect(v.description.length).toBeGreaterThan(10);
  });
});

describe('configurationTable', () => {
  it('renders one Markdown row per variable with its default', () => {
    const lines = configurationTable().split('\n');
    expect(lines).toHaveLength(CONFIG_VARIABLES.length + 2);
    expect(lines).toContain('| `PORT` | `3000` | HTTP port of the server. |');
  });
});

describe('.env.example', () => {
  it('lists every configuration variable and parses as a valid configuration', () => {
    const example = readEnvFile('.env.example');
    const text = readFileSync('.env.example', 'utf8');
    for (const v of CONFIG_VARIABLES) expect(text).toMatch(new RegExp(`^(# )?${v.name}=`, 'm'));
    expect(() => loadConfig(example)).not.toThrow();
  });
});

describe('readEnvFile', () => {
  it('reads assignments from a .env file and treats a missing file as empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kotae-env-'));
    dirs.push(dir);
    const file = join(dir, '.env');
    writeFileSync(file, '# comment\nPORT=4000\nKOTAE_GROUP_PREFIX="@kotae,こたえ"\n');
    expect(readEnvFile(file)).toEqual({ PORT: '4000', KOTAE_GROUP_PREFIX: '@kotae,こたえ' });
    expect(readEnvFile(join(dir, 'absent.env'))).toEqual({});
  });
});
