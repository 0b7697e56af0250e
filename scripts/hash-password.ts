// Prints the scrypt hash of a console password for CONSOLE_PASSWORD_HASH; reads the password from stdin.

import { createInterface } from 'node:readline';
import { z } from 'zod';
import { hashPassword } from '../src/console/password.ts';

const lines = createInterface({ input: process.stdin, terminal: false });
if (process.stdin.isTTY) process.stderr.write('コンソールのパスワードを入力してください（8文字以上）: ');
for await (const line of lines) {
  const parsed = z.string().min(8, 'the password must be at least 8 characters').safeParse(line.trim());
  if (!parsed.success) {
    console.error(`hash-password: ${parsed.error.issues[0]?.message}`);
    process.exitCode = 2;
  } else {
    console.log(hashPassword(parsed.data));
  }
  break;
}
