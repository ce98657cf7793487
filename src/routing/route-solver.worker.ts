/** The worker thread's side of `solveInWorker`: one problem in, one solution (or one refusal) out. */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../platform/errors.ts';
import { solveRoutes, type SolveOptions } from './route-solver.rules.ts';
import type { RoutingProblem } from './route-problem.rules.ts';

const { problem, options } = workerData as { problem: RoutingProblem; options: SolveOptions };
try {
  parentPort?.postMessage({ solution: solveRoutes(problem, options) });
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  parentPort?.postMessage({ refused: { status: error.status, code: error.code, text: error.text, field: error.field } });
}
