import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { parseSolomon, solomonProblem } from './instance-format.rules.ts';
import { solveRoutes } from './route-solver.rules.ts';
import { solveInWorker } from './solve-in-worker.ts';

const problem = solomonProblem(parseSolomon(fs.readFileSync(new URL('../../bench/data/vrp/solomon/RC101.txt', import.meta.url), 'utf8')));

describe('solving on a worker thread', () => {
  it('gives the same routes as solving in process, for the same seed', async () => {
    const options = { seed: 3, maxIterations: 150, timeBudgetMs: 120_000 };
    const { elapsedMs: _inWorker, ...inWorker } = await solveInWorker(problem, options);
    const { elapsedMs: _inProcess, ...inProcess } = solveRoutes(problem, options);
    expect(inWorker).toEqual(inProcess);
    expect(inWorker.routes.length).toBeGreaterThan(0);
  });

  it('passes a refusal back as the same error', async () => {
    const bad = { ...problem, fleet: { vehicles: -1, capacity: 200 } };
    const error = await solveInWorker(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('routing.problem_invalid');
  });
});
