import { Worker } from 'node:worker_threads';
import { AppError, type Message } from '../platform/errors.ts';
import type { RoutingProblem } from './route-problem.rules.ts';
import type { RouteSolution, SolveOptions } from './route-solver.rules.ts';

/**
 * The worker is TypeScript like the rest, and a worker thread starts without the parent's loader
 * (the CLI's tsx, or the test runner's transform), so a few lines of CommonJS register tsx in the
 * thread first and then import the entry. Works the same under the CLI, the server and the tests.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((tsx) => {
  tsx.register();
  return import(workerData.entry);
});
`;
const entry = new URL('./route-solver.worker.ts', import.meta.url).href;

type WorkerAnswer = { solution: RouteSolution } | { refused: { status: number; code: string; text: Message; field?: string } };

/** `solveRoutes` on a worker thread, so a long solve never blocks the server's event loop. */
export function solveInWorker(problem: RoutingProblem, options: SolveOptions = {}): Promise<RouteSolution> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { tsxApi: import.meta.resolve('tsx/esm/api'), entry, problem, options } });
    let answered = false;
    worker.once('message', (answer: WorkerAnswer) => {
      answered = true;
      if ('solution' in answer) resolve(answer.solution);
      else reject(new AppError(answer.refused.status, answer.refused.code, answer.refused.text, answer.refused.field));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`route solver worker stopped (exit ${code}) without an answer`));
    });
  });
}
