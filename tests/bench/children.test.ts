import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { makeFigure } from '../../bench/figures.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function parent(mode: 'plain' | 'stubborn'): Promise<{ parent: ChildProcess; childPid: number }> {
  const p = spawn(process.execPath, ['tests/bench/fixtures/signal-parent.ts', mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: p.stdout as NodeJS.ReadableStream }).once('line', resolve),
  );
  return { parent: p, childPid: Number(line) };
}

const exitCode = (p: ChildProcess) =>
  new Promise<number | null>((resolve) => p.once('exit', (code) => resolve(code)));

async function gone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  return !alive(pid);
}

describe('bench child processes', () => {
  it('stops its children and exits 130 on Ctrl-C', async () => {
    const { parent: p, childPid } = await parent('plain');
    expect(alive(childPid)).toBe(true);
    const exited = exitCode(p);
    p.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(await gone(childPid, 2_000)).toBe(true);
  });

  it('kills a child that ignores SIGTERM at a second Ctrl-C', async () => {
    const { parent: p, childPid } = await parent('stubborn');
    const exited = exitCode(p);
    p.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(childPid)).toBe(true);
    p.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(await gone(childPid, 2_000)).toBe(true);
  });
});

describe('bench figures', () => {
  it('says by how much a ceiling is missed', () => {
    const f = makeFigure('answer p99', 'ms', 30, 5, 'bigram', { of: 'value', atMost: 20 });
    expect(f.met).toBe(false);
    expect(f.ratio).toBe(6);
    expect(f.target).toBe('<= 20 ms');
    expect(f.shortfall).toBe('10.00 ms over (1.50 times the bound)');
  });

  it('says by how much a floor on the ratio is missed', () => {
    const f = makeFigure('webhooks', 'req/s', 300, 1000, 'bare', { of: 'ratio', atLeast: 0.4 });
    expect(f.met).toBe(false);
    expect(f.shortfall).toBe('0.10x under (75.00% of the bound)');
  });

  it('has no shortfall when met, and no verdict when not measured', () => {
    expect(makeFigure('rss', 'MB', 200, 80, 'bare', { of: 'value', atMost: 250 })).toMatchObject({
      met: true,
      shortfall: null,
    });
    expect(makeFigure('p99 at 100x', 'ms', null, 2, '1x', { of: 'value', atMost: 20 })).toMatchObject({
      met: null,
      shortfall: null,
      ratio: null,
    });
  });
});
