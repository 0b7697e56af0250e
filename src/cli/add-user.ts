// `npm run console:add-user -- --name sato --role admin`: a console account in the configured store.
// The password comes from a prompt (not echoed) or from the first line of stdin, never from the command line.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfigFromProcess } from '../config.ts';
import { newPasswordSchema, userNameSchema } from '../console/access.ts';
import { hashPassword } from '../console/password.ts';
import { createLogger } from '../log.ts';
import { openConfiguredStore } from '../store/open-store.ts';
import { ROLES, type Role } from '../store/types.ts';

const USAGE = `usage: npm run console:add-user -- --name <name> --role admin|editor|viewer [--replace]
  Creates a console account in the store of KOTAE_DATA_DIR (or DATABASE_URL).
  The password (10+ characters) is asked for, or read from the first line of stdin.
  --replace sets a new password and role for an existing account and logs it out everywhere.`;

const argsSchema = z.object({
  name: userNameSchema,
  role: z.enum(ROLES as [Role, ...Role[]], { error: 'role must be admin, editor or viewer' }),
  replace: z.boolean(),
});

function fail(message: string, code = 2): never {
  process.stderr.write(`console:add-user: ${message}\n`);
  process.exit(code);
}

const PROMPT = 'Password (10+ characters, not shown): ';

/** A terminal gets a prompt in raw mode, so the password is never echoed; a pipe gives its first line. */
async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const lines = createInterface({ input: stdin, terminal: false });
    for await (const line of lines) return line.replace(/\r$/, '');
    return '';
  }
  process.stderr.write(PROMPT);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          process.exit(130);
        }
        value = ch === '\u007f' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function main(): Promise<void> {
  let raw: ReturnType<typeof parseArgs>['values'];
  try {
    raw = parseArgs({
      options: {
        name: { type: 'string' },
        role: { type: 'string' },
        replace: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (raw.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const args = argsSchema.safeParse(raw);
  if (!args.success) {
    const issue = args.error.issues[0];
    fail(`--${String(issue?.path[0] ?? '')}: ${issue?.message ?? 'is invalid'}\n${USAGE}`);
  }
  const password = newPasswordSchema.safeParse(await readPassword());
  if (!password.success) fail('the password must be 10 to 1024 characters');

  const config = loadConfigFromProcess();
  const { store } = await openConfiguredStore(config, createLogger({ level: 'silent' }));
  try {
    const { name, role, replace } = args.data;
    const passwordHash = hashPassword(password.data);
    const now = Date.now();
    if (await store.consoleUsers.create({ name, role, passwordHash, createdAt: now })) {
      await store.audit.append({
        at: now,
        actor: '@cli',
        action: 'user.create',
        target: name,
        before: null,
        after: role,
      });
      process.stdout.write(`console:add-user: created ${name} (${role})\n`);
    } else if (replace) {
      const before = await store.consoleUsers.get(name);
      await store.consoleUsers.update(name, { role, passwordHash, disabled: false }, now);
      await store.consoleSessions.deleteForActor(name);
      await store.audit.append({
        at: now,
        actor: '@cli',
        action: 'user.role',
        target: name,
        before: before?.role ?? null,
        after: role,
      });
      process.stdout.write(`console:add-user: replaced the password and role of ${name} (${role})\n`);
    } else {
      fail(`an account named ${name} exists; add --replace to set its password and role`, 1);
    }
  } finally {
    await store.close();
  }
}

await main();
