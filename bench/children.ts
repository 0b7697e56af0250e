// Every child process the bench starts, so Ctrl-C (or SIGTERM) stops them too instead of leaving servers behind.
import type { ChildProcess } from 'node:child_process';

/** How long a child gets to stop on SIGTERM before it is killed. */
const STOP_GRACE_MS = 3_000;

const running = new Set<ChildProcess>();

export function track<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

export function runningChildren(): number {
  return running.size;
}

/** Stops every tracked child: SIGTERM, then SIGKILL after the grace period; `now` kills at once. */
export function stopChildren(now = false): Promise<void> {
  const children = [...running];
  for (const child of children) child.kill(now ? 'SIGKILL' : 'SIGTERM');
  if (now || children.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      for (const child of running) child.kill('SIGKILL');
      resolve();
    }, STOP_GRACE_MS);
    const check = () => {
      if (running.size > 0) return;
      clearTimeout(timer);
      resolve();
    };
    for (const child of children) child.once('exit', check);
    check();
  });
}

/**
 * On the first SIGINT or SIGTERM the children are stopped and the bench exits 130 (or 143); a second signal
 * kills them at once. The handlers stay installed, so no repeated Ctrl-C falls through to Node's default exit
 * while children still run.
 */
export function stopChildrenOnSignals(log: (message: string) => void): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (stopping) {
      log(`${signal} again: killing ${running.size} child process(es)`);
      void stopChildren(true).then(() => process.exit(code));
      return;
    }
    stopping = true;
    log(`${signal}: stopping ${running.size} child process(es)`);
    void stopChildren().then(() => process.exit(code));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
