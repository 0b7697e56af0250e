// Environment -> typed Config, read once at boot. A bad value stops boot with the variable's name.
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseEnv } from 'node:util';
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Days records are kept unless RETENTION_DAYS says otherwise; the follow greeting names the value. */
export const DEFAULT_RETENTION_DAYS = 180;

export interface ConfigVariable {
  name: string;
  default: string | null;
  description: string;
}

/** Every variable the service reads; the README's configuration table is checked against this list. */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: 'PORT', default: '3000', description: 'HTTP port of the server.' },
  { name: 'HOST', default: '0.0.0.0', description: 'Interface to listen on.' },
  {
    name: 'LINE_CHANNEL_SECRET',
    default: null,
    description: 'LINE channel secret; verifies webhook signatures. Without it /webhook answers 503.',
  },
  {
    name: 'LINE_CHANNEL_ACCESS_TOKEN',
    default: null,
    description: 'LINE channel access token for replies. Without it /webhook answers 503.',
  },
  {
    name: 'LINE_API_BASE_URL',
    default: 'https://api.line.me',
    description: 'LINE Messaging API base URL; point it at a fake LINE API for tests and local trials.',
  },
  {
    name: 'LINE_DATA_API_BASE_URL',
    default: 'https://api-data.line.me',
    description:
      'LINE data API base URL (rich menu image upload, npm run line:rich-menu); point it at a fake LINE API for tests.',
  },
  { name: 'KOTAE_CORPUS_DIR', default: 'corpus', description: 'Directory of the corpus documents.' },
  { name: 'KOTAE_DICTIONARIES_DIR', default: 'dictionaries', description: 'Directory of the dictionaries.' },
  {
    name: 'KOTAE_DATA_DIR',
    default: 'data',
    description: 'Directory of the SQLite database (inbox and interaction records).',
  },
  {
    name: 'KOTAE_NOW',
    default: null,
    description: 'Fixed "now" (ISO 8601) for relative dates in answers; for tests and demos.',
  },
  { name: 'LOG_LEVEL', default: 'info', description: `Log level: ${LOG_LEVELS.join(', ')}.` },
  {
    name: 'USER_HASH_SECRET',
    default: null,
    description:
      'Key for hashing LINE user ids (HMAC-SHA256). Unset: derived from the channel secret, else a random key kept in the data directory.',
  },
  {
    name: 'LINE_PUSH_FALLBACK',
    default: 'false',
    description: 'Answer by push (with X-Line-Retry-Key) when a reply token expired during an outage.',
  },
  {
    name: 'KOTAE_WATCH_FILES',
    default: 'false',
    description:
      'Reload the engine when files in the corpus or dictionaries directory change (else: the console reload).',
  },
  {
    name: 'RETENTION_DAYS',
    default: String(DEFAULT_RETENTION_DAYS),
    description: 'Days interaction records are kept before the daily purge deletes them.',
  },
  {
    name: 'HANDOFF_KEY',
    default: null,
    description:
      'Key (32 bytes, base64 or 64 hex digits) that encrypts the LINE user id of an open 職員に聞く thread (AES-256-GCM), so staff can reply from the console. Unset: 職員に聞く gives the city contact and staff replies are off.',
  },
  {
    name: 'CONSOLE_PASSWORD',
    default: null,
    description:
      'Password of the staff console. Unset: the console answers requests from this machine (loopback) only.',
  },
  {
    name: 'CONSOLE_PASSWORD_HASH',
    default: null,
    description:
      'scrypt hash of the console password (npm run console:hash-password), instead of CONSOLE_PASSWORD.',
  },
  {
    name: 'CONSOLE_ALLOWED_HOSTS',
    default: null,
    description:
      'Comma-separated host names the console answers besides localhost, 127.0.0.1 and [::1] (any port), e.g. the public name behind a proxy. Other Host headers get 421. With a password and this unset, any host is answered.',
  },
  {
    name: 'CONSOLE_IDLE_MINUTES',
    default: '60',
    description:
      'Minutes without a request after which a console session ends (sessions also end 8 hours after login).',
  },
  {
    name: 'TRUST_PROXY',
    default: null,
    description:
      'The reverse proxy in front of the service: comma-separated addresses or CIDR ranges, or loopback, linklocal, uniquelocal. Then the client address is read from its X-Forwarded-For and the console cookie is Secure. Unset: forwarding headers are not trusted.',
  },
  {
    name: 'KOTAE_GROUP_PREFIX',
    default: '@kotae,こたえ',
    description: 'Comma-separated prefixes that address the bot in groups and rooms (besides a mention).',
  },
  {
    name: 'DATABASE_URL',
    default: null,
    description:
      'postgres:// URL of a shared PostgreSQL for the inbox and records, so several instances can run. Unset: SQLite in the data directory.',
  },
  {
    name: 'KOTAE_CHANNELS_FILE',
    default: null,
    description:
      'JSON file listing several LINE channels (one per city), served at /webhook/<id>; see docs/scaling.md.',
  },
];

export interface LineCredentials {
  channelSecret: string;
  channelAccessToken: string;
}

export interface Config {
  port: number;
  host: string;
  /** Null until both LINE variables are set; /webhook answers 503 meanwhile. */
  line: LineCredentials | null;
  /** Names of the LINE variables still to set (empty when `line` is set). */
  missingLineVariables: string[];
  lineApiBaseUrl: string;
  lineDataApiBaseUrl: string;
  corpusDir: string;
  dictionariesDir: string;
  dataDir: string;
  now: Date | null;
  logLevel: LogLevel;
  userHashSecret: string | null;
  pushFallback: boolean;
  watchFiles: boolean;
  retentionDays: number;
  /** Encrypts the user id of an open handoff thread; null turns staff replies off. */
  handoffKey: Buffer | null;
  consolePassword: string | null;
  consolePasswordHash: string | null;
  /** Host names (lower case, no port) the console answers besides the loopback names. */
  consoleAllowedHosts: string[];
  consoleIdleMinutes: number;
  /** Express `trust proxy` values; null trusts no proxy. */
  trustProxy: string[] | null;
  groupPrefixes: string[];
  /** Shared PostgreSQL; null keeps the embedded SQLite store. */
  databaseUrl: string | null;
  channelsFile: string | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly variable: string;
  constructor(variable: string, detail: string) {
    super(`Configuration: ${variable} ${detail}`);
    this.variable = variable;
  }
}

const optionalText = z
  .string()
  .transform((s) => s.trim())
  .transform((s) => (s === '' ? null : s));

const booleanText = z
  .string()
  .trim()
  .toLowerCase()
  .refine((s) => ['true', 'false', '1', '0', 'yes', 'no'].includes(s), 'must be true or false')
  .transform((s) => s === 'true' || s === '1' || s === 'yes');

const fields = {
  PORT: z.coerce.number().int('must be an integer').min(0).max(65535),
  HOST: z.string().trim().min(1),
  LINE_CHANNEL_SECRET: optionalText,
  LINE_CHANNEL_ACCESS_TOKEN: optionalText,
  LINE_API_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .transform((u) => u.replace(/\/+$/, '')),
  LINE_DATA_API_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .transform((u) => u.replace(/\/+$/, '')),
  KOTAE_CORPUS_DIR: z.string().trim().min(1),
  KOTAE_DICTIONARIES_DIR: z.string().trim().min(1),
  KOTAE_DATA_DIR: z.string().trim().min(1),
  KOTAE_NOW: optionalText.pipe(
    z.iso
      .datetime({ offset: true, local: true, error: 'must be an ISO 8601 date-time' })
      .or(z.iso.date({ error: 'must be an ISO 8601 date' }))
      .transform((s) => new Date(s))
      .nullable(),
  ),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }),
  USER_HASH_SECRET: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').nullable()),
  LINE_PUSH_FALLBACK: booleanText,
  KOTAE_WATCH_FILES: booleanText,
  RETENTION_DAYS: z.coerce.number().int('must be an integer').min(1).max(3650),
  HANDOFF_KEY: optionalText.pipe(
    z
      .string()
      .transform((s) =>
        /^[0-9a-f]{64}$/i.test(s)
          ? Buffer.from(s, 'hex')
          : Buffer.from(s, /[-_]/.test(s) ? 'base64url' : 'base64'),
      )
      .refine(
        (b) => b.length === 32,
        'must be 32 bytes, as base64 or 64 hex digits (openssl rand -base64 32)',
      )
      .nullable(),
  ),
  CONSOLE_PASSWORD: optionalText.pipe(z.string().min(8, 'must be at least 8 characters').nullable()),
  CONSOLE_PASSWORD_HASH: optionalText.pipe(
    z
      .string()
      .regex(
        /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/,
        'must be made by npm run console:hash-password',
      )
      .nullable(),
  ),
  CONSOLE_ALLOWED_HOSTS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== ''),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])$/,
            'must list host names without scheme, port or path (e.g. kotae.city.example)',
          ),
      ),
    ),
  CONSOLE_IDLE_MINUTES: z.coerce
    .number()
    .int('must be an integer')
    .min(1)
    .max(24 * 60),
  TRUST_PROXY: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((p) => p.trim().toLowerCase())
        .filter((p) => p !== ''),
    )
    .pipe(
      z.array(
        z.string().refine((p) => {
          if (['loopback', 'linklocal', 'uniquelocal'].includes(p)) return true;
          const [address = '', prefix, ...rest] = p.split('/');
          const family = isIP(address);
          if (family === 0 || rest.length > 0) return false;
          if (prefix === undefined) return true;
          const bits = Number(prefix);
          return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
        }, 'must list proxy addresses or CIDR ranges (e.g. 10.0.0.5, 10.0.0.0/8) or loopback, linklocal, uniquelocal'),
      ),
    )
    .transform((list) => (list.length === 0 ? null : list)),
  KOTAE_GROUP_PREFIX: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== ''),
    )
    .pipe(z.array(z.string()).min(1, 'must name at least one prefix')),
  DATABASE_URL: optionalText.pipe(
    z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).nullable(),
  ),
  KOTAE_CHANNELS_FILE: optionalText,
} satisfies Record<string, z.ZodType>;

type FieldName = keyof typeof fields;

/** Reads `.env`-style assignments from a file; absent file -> empty. Real environment wins over it. */
export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const parsed = parseEnv(readFileSync(path, 'utf8'));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) if (v !== undefined) out[k] = v;
  return out;
}

/** Their values never appear in an error message: boot output ends up in shared logs. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'LINE_CHANNEL_SECRET',
  'LINE_CHANNEL_ACCESS_TOKEN',
  'USER_HASH_SECRET',
  'HANDOFF_KEY',
  'CONSOLE_PASSWORD',
  'DATABASE_URL',
]);

export function loadConfig(env: Record<string, string | undefined>): Config {
  const value = <K extends FieldName>(name: K): z.output<(typeof fields)[K]> => {
    const raw = env[name];
    const fallback = CONFIG_VARIABLES.find((v) => v.name === name)?.default ?? '';
    const result = fields[name].safeParse(raw === undefined ? fallback : raw);
    if (!result.success) {
      const issue = result.error.issues[0];
      const got = SECRET_VARIABLES.has(name)
        ? `${raw?.length ?? 0} characters, not shown`
        : JSON.stringify(raw);
      throw new ConfigError(name, `${issue?.message ?? 'is invalid'} (got ${got})`);
    }
    return result.data as z.output<(typeof fields)[K]>;
  };
  const channelSecret = value('LINE_CHANNEL_SECRET');
  const channelAccessToken = value('LINE_CHANNEL_ACCESS_TOKEN');
  const missingLineVariables = [
    ...(channelSecret ? [] : ['LINE_CHANNEL_SECRET']),
    ...(channelAccessToken ? [] : ['LINE_CHANNEL_ACCESS_TOKEN']),
  ];
  return {
    port: value('PORT'),
    host: value('HOST'),
    line: channelSecret && channelAccessToken ? { channelSecret, channelAccessToken } : null,
    missingLineVariables,
    lineApiBaseUrl: value('LINE_API_BASE_URL'),
    lineDataApiBaseUrl: value('LINE_DATA_API_BASE_URL'),
    corpusDir: value('KOTAE_CORPUS_DIR'),
    dictionariesDir: value('KOTAE_DICTIONARIES_DIR'),
    dataDir: value('KOTAE_DATA_DIR'),
    now: value('KOTAE_NOW'),
    logLevel: value('LOG_LEVEL'),
    userHashSecret: value('USER_HASH_SECRET'),
    pushFallback: value('LINE_PUSH_FALLBACK'),
    watchFiles: value('KOTAE_WATCH_FILES'),
    retentionDays: value('RETENTION_DAYS'),
    handoffKey: value('HANDOFF_KEY'),
    consolePassword: value('CONSOLE_PASSWORD'),
    consolePasswordHash: value('CONSOLE_PASSWORD_HASH'),
    consoleAllowedHosts: value('CONSOLE_ALLOWED_HOSTS'),
    consoleIdleMinutes: value('CONSOLE_IDLE_MINUTES'),
    trustProxy: value('TRUST_PROXY'),
    groupPrefixes: value('KOTAE_GROUP_PREFIX'),
    databaseUrl: value('DATABASE_URL'),
    channelsFile: value('KOTAE_CHANNELS_FILE'),
  };
}

/** The process environment over an optional `.env` file in the working directory. */
export function loadConfigFromProcess(envFile = '.env'): Config {
  return loadConfig({ ...readEnvFile(envFile), ...process.env });
}

/** The README's configuration table, rendered from CONFIG_VARIABLES. */
export function configurationTable(): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  const rows = CONFIG_VARIABLES.map(
    (v) =>
      `| \`${v.name}\` | ${v.default === null ? '(unset)' : `\`${cell(v.default)}\``} | ${cell(v.description)} |`,
  );
  return ['| Variable | Default | Meaning |', '|---|---|---|', ...rows].join('\n');
}
