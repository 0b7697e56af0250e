// Reloads the engine when files in the corpus or dictionaries directories change, after a quiet second.
import { type FSWatcher, watch } from 'node:fs';
import type { Logger } from '../log.ts';
import type { ReloadResult } from './holder.ts';

/** Editors and `corpus add` write in bursts (temp file, rename, backup); one reload after the burst. */
export const WATCH_DEBOUNCE_MS = 1000;

export interface WatchOptions {
  dirs: readonly string[];
  reload: () => Promise<ReloadResult>;
  logger: Logger;
  debounceMs?: number;
}

export interface DirectoryWatch {
  close(): void;
}

/** Files the engine reads; dot files are the temporary files of atomic writes and editors' swap files. */
export function isWatchedFile(name: string | null): boolean {
  if (name === null) return true;
  const base = name.split(/[\\/]/).pop() ?? name;
  if (base.startsWith('.')) return false;
  return /\.(txt|tsv)$/.test(base);
}

export function watchForReload(options: WatchOptions): DirectoryWatch {
  const debounceMs = options.debounceMs ?? WATCH_DEBOUNCE_MS;
  const { logger } = options;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const fire = () => {
    timer = null;
    if (closed) return;
    options.reload().then(
      (result) => {
        if (result.ok) logger.info({ ms: result.ms, trigger: 'watch' }, 'engine reloaded');
        else
          logger.warn(
            { reason: result.reason, errors: result.errors, trigger: 'watch' },
            'reload refused; the old engine keeps serving',
          );
      },
      (error: unknown) =>
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'reload failed'),
    );
  };
  const changed = (file: string | null) => {
    if (closed || !isWatchedFile(file)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
    timer.unref();
  };

  const watchers: FSWatcher[] = [];
  for (const dir of options.dirs) {
    try {
      const watcher = watch(dir, { persistent: false }, (_event, file) => changed(file));
      // A removed or unmounted directory ends its watch; the reload button still works.
      watcher.on('error', (error) => {
        logger.error({ dir, err: error.message }, 'file watch stopped; reload from the console instead');
        watcher.close();
      });
      watchers.push(watcher);
    } catch (error) {
      logger.error(
        { dir, err: error instanceof Error ? error.message : String(error) },
        'cannot watch the directory; reload from the console instead',
      );
    }
  }
  logger.info({ dirs: options.dirs, debounceMs }, 'watching for corpus and dictionary changes');

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
