/** The route solver's public face: what delivery jobs, the CLI and the benches may use. */
export type { DistanceMatrixSource, GeoPoint, HaversineOptions, PlanePoint, TravelMatrix } from './distance-matrix.ts';
export { euclideanMatrix, haversineMatrix, haversineSource } from './distance-matrix.ts';
export type { SolomonInstance, TsplibInstance } from './instance-format.rules.ts';
export { parseSolomon, parseTsplib, printSolomon, printTsplib, solomonProblem, tsplibProblem } from './instance-format.rules.ts';
export type { RouteStop, RoutingProblem, UnassignedStop } from './route-problem.rules.ts';
export type { RouteSolution, SolvedRoute, SolveOptions } from './route-solver.rules.ts';
export { solveRoutes } from './route-solver.rules.ts';
export { solveInWorker } from './solve-in-worker.ts';
