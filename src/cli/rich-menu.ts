// `npm run line:rich-menu`: makes the menu of src/line/rich-menu.ts the default of the channel and of
// every channel in KOTAE_CHANNELS_FILE, with an image drawn from the same definition.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CHANNEL_ID_PATTERN, loadChannels } from '../channels.ts';
import { type Config, ConfigError, loadConfig, readEnvFile } from '../config.ts';
import { RICH_MENU_SIZE, richMenuRequest, richMenuSvg } from '../line/rich-menu.ts';
import {
  createRichMenuClients,
  type DeployResult,
  deployRichMenu,
  type RichMenuClients,
} from '../line/rich-menu-deploy.ts';
import { DEFAULT_CHROMIUM, renderSvgToPng } from './render-png.ts';

const USAGE = `Usage: npm run line:rich-menu -- [options]

Creates the rich menu defined in src/line/rich-menu.ts, uploads its generated image, makes it the
default menu and deletes the default menu it replaced, for LINE_CHANNEL_ACCESS_TOKEN's channel and
every channel in KOTAE_CHANNELS_FILE.

  --dry-run          send nothing: print the rich menu objects and write the image to --out
  --out PATH         where to write the image (default with --dry-run: rich-menu.png)
  --channel ID       only this channel (an id of KOTAE_CHANNELS_FILE, or "default" for LINE_CHANNEL_ACCESS_TOKEN's)
  --chromium PATH    the Chromium that draws the image (default ${DEFAULT_CHROMIUM})
  --help             this text`;

/** LINE refuses larger rich menu images. */
export const RICH_MENU_IMAGE_MAX_BYTES = 1024 * 1024;
/** The id of the channel of LINE_CHANNEL_ACCESS_TOKEN, beside the ids of KOTAE_CHANNELS_FILE. */
export const DEFAULT_CHANNEL_ID = 'default';

const argsSchema = z.strictObject({
  'dry-run': z.boolean().default(false),
  out: z.string().trim().min(1, '--out needs a path').optional(),
  channel: z
    .string()
    .regex(CHANNEL_ID_PATTERN, '--channel must be a channel id (lower-case letters, digits, - or _)')
    .optional(),
  chromium: z.string().trim().min(1, '--chromium needs a path').default(DEFAULT_CHROMIUM),
  help: z.boolean().default(false),
});
export type RichMenuArgs = z.output<typeof argsSchema>;

export type ParsedArgs = { ok: true; value: RichMenuArgs } | { ok: false; error: string };

export function parseRichMenuArgs(argv: readonly string[]): ParsedArgs {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        'dry-run': { type: 'boolean' },
        out: { type: 'string' },
        channel: { type: 'string' },
        chromium: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // node's messages name the option ("Unknown option '--dryrun'"); the usage says what there is.
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => i.message).join('; ') };
  return { ok: true, value: parsed.data };
}

interface Target {
  id: string;
  channelAccessToken: string;
}

export interface RichMenuIo {
  env: Record<string, string | undefined>;
  print: (line: string) => void;
  printError: (line: string) => void;
  /** Draws the image; the command uses headless Chromium, tests may pass their own. */
  render?: (svg: string, size: { width: number; height: number }, chromium: string) => Promise<Buffer>;
  writeFile?: (path: string, bytes: Buffer) => void;
  clientsFor?: (target: Target, config: Config) => RichMenuClients;
}

function targetsOf(config: Config, env: Record<string, string | undefined>): Target[] {
  const targets: Target[] = config.line
    ? [{ id: DEFAULT_CHANNEL_ID, channelAccessToken: config.line.channelAccessToken }]
    : [];
  for (const c of loadChannels(config.channelsFile, env)) {
    targets.push({ id: c.id, channelAccessToken: c.channelAccessToken });
  }
  return targets;
}

function report(id: string, result: DeployResult): string {
  if (!result.ok) {
    const left = result.cleanedUp ? 'the half-made menu was deleted' : 'no menu was left behind';
    return `${id}: failed at ${result.step}: ${result.error} (the old default is unchanged; ${left})`;
  }
  const replaced =
    result.replaced === null
      ? 'there was no default menu before'
      : result.oldDeleted
        ? `replaced and deleted ${result.replaced}`
        : `replaced ${result.replaced}; ${result.warning ?? 'it was not deleted'}`;
  return `${id}: default rich menu is now ${result.richMenuId} (${replaced})`;
}

/** The whole command; returns the exit code (0 done, 1 a channel failed, 2 a usage or configuration error). */
export async function runRichMenu(argv: readonly string[], io: RichMenuIo): Promise<number> {
  const args = parseRichMenuArgs(argv);
  if (!args.ok) {
    io.printError(`line:rich-menu: ${args.error}\n\n${USAGE}`);
    return 2;
  }
  if (args.value.help) {
    io.print(USAGE);
    return 0;
  }
  const { value } = args;
  let config: Config;
  let targets: Target[];
  try {
    config = loadConfig(io.env);
    targets = targetsOf(config, io.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.printError(`line:rich-menu: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (value.channel !== undefined) {
    const known = targets.map((t) => t.id);
    targets = targets.filter((t) => t.id === value.channel);
    if (targets.length === 0 && !value['dry-run']) {
      io.printError(
        `line:rich-menu: --channel ${value.channel} is not configured (configured: ${known.join(', ') || 'none'})`,
      );
      return 2;
    }
  }
  if (targets.length === 0 && !value['dry-run']) {
    io.printError(
      'line:rich-menu: no channel to set up: set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN, or KOTAE_CHANNELS_FILE (or use --dry-run)',
    );
    return 2;
  }

  const request = richMenuRequest();
  const render = io.render ?? renderSvgToPng;
  const png = await render(richMenuSvg(), RICH_MENU_SIZE, value.chromium);
  if (png.length > RICH_MENU_IMAGE_MAX_BYTES) {
    io.printError(
      `line:rich-menu: the image is ${png.length} bytes, over LINE's ${RICH_MENU_IMAGE_MAX_BYTES}`,
    );
    return 1;
  }
  const out = value.out ?? (value['dry-run'] ? 'rich-menu.png' : undefined);
  if (out !== undefined) {
    (io.writeFile ?? writeFileSync)(out, png);
  }

  if (value['dry-run']) {
    io.print(
      JSON.stringify(
        {
          channels: targets.map((t) => t.id),
          richMenu: request,
          image: { path: out, contentType: 'image/png', bytes: png.length, ...RICH_MENU_SIZE },
          steps: [
            'POST /v2/bot/richmenu/validate',
            'GET /v2/bot/user/all/richmenu',
            'POST /v2/bot/richmenu',
            'POST /v2/bot/richmenu/{richMenuId}/content (data API)',
            'POST /v2/bot/user/all/richmenu/{richMenuId}',
            'DELETE /v2/bot/richmenu/{previous default}',
          ],
        },
        null,
        2,
      ),
    );
    return 0;
  }

  const clientsFor =
    io.clientsFor ??
    ((target: Target, c: Config) =>
      createRichMenuClients({
        channelAccessToken: target.channelAccessToken,
        baseURL: c.lineApiBaseUrl,
        dataBaseURL: c.lineDataApiBaseUrl,
      }));
  let failed = 0;
  for (const target of targets) {
    const result = await deployRichMenu(clientsFor(target, config), request, {
      bytes: png,
      contentType: 'image/png',
    });
    if (!result.ok) failed += 1;
    (result.ok ? io.print : io.printError)(report(target.id, result));
  }
  return failed === 0 ? 0 : 1;
}

if (import.meta.main) {
  const code = await runRichMenu(process.argv.slice(2), {
    env: { ...readEnvFile('.env'), ...process.env },
    print: (line) => console.log(line),
    printError: (line) => console.error(line),
  }).catch((error: unknown) => {
    console.error(`line:rich-menu: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  });
  process.exitCode = code;
}
