// The machine a run was made on, for the results file and the README.
import { spawnSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  /** 1-minute load average at the start: above the core count, figures are inflated by other work. */
  loadAverage: number;
  mecab: string | null;
}

export function describeMachine(): Machine {
  const mecab = spawnSync('mecab', ['--version'], { encoding: 'utf8' });
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: Number((os.loadavg()[0] ?? 0).toFixed(2)),
    mecab: mecab.status === 0 ? mecab.stdout.trim() : null,
  };
}
