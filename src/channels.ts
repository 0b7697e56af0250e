// Several cities on one deployment: the channels file, each channel's credentials, and its city-bound answers.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './config.ts';
import type { Answers } from './line/answers.ts';
import type { LineSender } from './line/client.ts';
import type { EventHandlerDeps } from './line/handle-event.ts';
import type { LoadingIndicator } from './line/loading.ts';
import type { WebhookDeps } from './line/webhook.ts';
import type { Municipality } from './qa/types.ts';
import type { InboxEvent, InboxResult } from './store/types.ts';

/** Ids appear in webhook URLs (/webhook/<id>) and in stored events. */
export const CHANNEL_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;
/** LINE bot user ids, as sent in a webhook's `destination`. */
const BOT_USER_ID_PATTERN = /^U[0-9a-f]{32}$/;
const ENV_NAME_PATTERN = /^[A-Z_][A-Z0-9_]*$/;
/** One LINE text message holds 5,000 characters; a greeting is far shorter. */
const MAX_GREETING_CHARS = 1_000;
const MAX_CONTACT_CHARS = 200;

export interface Channel {
  id: string;
  municipality: Municipality;
  channelSecret: string;
  channelAccessToken: string;
  /** When set, a webhook whose `destination` differs is refused. */
  botUserId: string | null;
  greeting: string | null;
  /** Named in declines instead of the built-in city contact. */
  contact: string | null;
}

const text = (max: number) => z.string().trim().min(1).max(max);

const channelSchema = z
  .strictObject({
    id: z.string().regex(CHANNEL_ID_PATTERN, 'must be lower-case letters, digits, - or _ (at most 40)'),
    municipality: text(50),
    channelSecret: text(200).optional(),
    channelSecretEnv: z.string().regex(ENV_NAME_PATTERN, 'must be an environment variable name').optional(),
    channelAccessToken: text(1_000).optional(),
    channelAccessTokenEnv: z
      .string()
      .regex(ENV_NAME_PATTERN, 'must be an environment variable name')
      .optional(),
    botUserId: z.string().regex(BOT_USER_ID_PATTERN, 'must be a LINE user id (U + 32 hex digits)').optional(),
    greeting: text(MAX_GREETING_CHARS).optional(),
    contact: text(MAX_CONTACT_CHARS).optional(),
  })
  .refine((c) => (c.channelSecret === undefined) !== (c.channelSecretEnv === undefined), {
    message: 'needs exactly one of channelSecret and channelSecretEnv',
  })
  .refine((c) => (c.channelAccessToken === undefined) !== (c.channelAccessTokenEnv === undefined), {
    message: 'needs exactly one of channelAccessToken and channelAccessTokenEnv',
  });

const fileSchema = z.strictObject({
  channels: z
    .array(channelSchema)
    .min(1, 'must list at least one channel')
    .refine((list) => new Set(list.map((c) => c.id)).size === list.length, 'must not repeat an id'),
});

/** A bad channels file stops boot like a bad variable, naming the file and the field. */
export class ChannelsError extends ConfigError {
  override name = 'ChannelsError';
  constructor(file: string, detail: string) {
    super('KOTAE_CHANNELS_FILE', `(${file}): ${detail}`);
  }
}

/** Validates a parsed channels file and reads the secrets it names from `env`. */
export function parseChannels(
  raw: unknown,
  env: Record<string, string | undefined>,
  file: string,
): Channel[] {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? issue.path.join('.') : 'file';
    throw new ChannelsError(file, `${at} ${issue?.message ?? 'is invalid'}`);
  }
  const fromEnv = (id: string, name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new ChannelsError(file, `channel ${id} names ${name}, which is not set`);
    return value;
  };
  return parsed.data.channels.map((c) => ({
    id: c.id,
    municipality: c.municipality,
    channelSecret: c.channelSecret ?? fromEnv(c.id, c.channelSecretEnv ?? ''),
    channelAccessToken: c.channelAccessToken ?? fromEnv(c.id, c.channelAccessTokenEnv ?? ''),
    botUserId: c.botUserId ?? null,
    greeting: c.greeting ?? null,
    contact: c.contact ?? null,
  }));
}

/** Reads KOTAE_CHANNELS_FILE; no file configured means no extra channels. */
export function loadChannels(file: string | null, env: Record<string, string | undefined>): Channel[] {
  if (file === null) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ChannelsError(
      file,
      `cannot be read as JSON (${error instanceof Error ? error.message : error})`,
    );
  }
  return parseChannels(raw, env, file);
}

/**
 * Answers only from one city's documents, and records that city with every answer so staff can
 * review each city apart.
 */
export function restrictToMunicipality(answers: Answers, municipality: Municipality): Answers {
  return {
    async ask(request) {
      const reply = await answers.ask({ ...request, municipality });
      if (reply === null) return null;
      return {
        ...reply,
        answer: { ...reply.answer, municipality: reply.answer.municipality ?? municipality },
      };
    },
    // Follow-ups and passages are checked within their passage's own municipality already.
    passage: (passageId) => answers.passage(passageId),
  };
}

/** The webhook of one channel: its own secret, events tagged with its id, its own loading animation. */
export function channelWebhookDeps(
  base: WebhookDeps,
  channel: Channel,
  loading: LoadingIndicator | null = null,
): WebhookDeps {
  const { loading: _shared, ...rest } = base;
  return {
    ...rest,
    channelSecret: channel.channelSecret,
    missingVariables: [],
    channel: { id: channel.id, botUserId: channel.botUserId },
    ...(loading ? { loading } : {}),
  };
}

/** The event handler of one channel: its city's documents, its access token, its wording. */
export function channelHandlerDeps(
  base: EventHandlerDeps,
  channel: Channel,
  sender: LineSender | null,
): EventHandlerDeps {
  return {
    ...base,
    answers: restrictToMunicipality(base.answers, channel.municipality),
    sender,
    texts: {
      ...(channel.greeting !== null ? { greeting: channel.greeting } : {}),
      ...(channel.contact !== null ? { contact: channel.contact } : {}),
    },
  };
}

type Handler<R> = (event: InboxEvent) => Promise<R>;

/** Sends each event to its channel's handler; events without a channel go to the single-channel one. */
export function routeByChannel<R extends InboxResult>(
  fallback: Handler<R>,
  byChannel: ReadonlyMap<string, Handler<R>>,
): Handler<R | InboxResult> {
  return async (event) => {
    if (event.channel === undefined) return fallback(event);
    const handler = byChannel.get(event.channel);
    // The channel was removed from the file while its events waited in the inbox.
    if (!handler) return { outcome: 'failed', delivery: 'none', detail: 'unknown_channel' };
    return handler(event);
  };
}
