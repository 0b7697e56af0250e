// The data directory holds residents' questions and the user-hash key: only the service's own user may read it.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the directory (and missing parents) 0700; an existing one keeps the mode its owner gave it. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Creates the file 0600 if missing and narrows it to 0600 if it exists, before SQLite opens it: SQLite gives
 * its -wal and -shm files the database file's mode, so this covers them once they are created.
 */
export function ensurePrivateFile(file: string, companions: readonly string[] = []): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
  for (const companion of companions) if (existsSync(companion)) chmodSync(companion, PRIVATE_FILE_MODE);
}
