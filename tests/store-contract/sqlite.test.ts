import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStoreInDataDir } from '../../src/store/sqlite.ts';
import { describeStoreContract } from './contract.ts';

let dir: string | null = null;

describeStoreContract('SQLite', {
  create: async () => {
    dir = mkdtempSync(join(tmpdir(), 'kotae-contract-'));
    return openStoreInDataDir(dir);
  },
  another: async () => {
    if (dir === null) throw new Error('another() before create()');
    return openStoreInDataDir(dir);
  },
  cleanup: async () => {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
    dir = null;
  },
});
