import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { parseSolomon, parseTsplib, printSolomon, printTsplib, solomonProblem, tsplibProblem } from './instance-format.rules.ts';

const benchFile = (path: string) => fs.readFileSync(new URL(`../../bench/data/vrp/${path}`, import.meta.url), 'utf8');

const coordinate = fc.integer({ min: -1000, max: 1000 });
const solomonInstance = fc.record({
  name: fc.stringMatching(/^[A-Z][A-Z0-9_]{0,9}$/),
  vehicles: fc.integer({ min: 1, max: 50 }),
  capacity: fc.integer({ min: 1, max: 1000 }),
  customers: fc
    .array(
      fc.record({
        x: coordinate,
        y: coordinate,
        demand: fc.integer({ min: 0, max: 100 }),
        readyTime: fc.integer({ min: 0, max: 500 }),
        dueDate: fc.integer({ min: 0, max: 1000 }),
        serviceTime: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.double({ min: 0, max: 90, noNaN: true })),
      }),
      { minLength: 1, maxLength: 30 },
    )
    .map((rows) => rows.map((row, id) => ({ id, ...row }))),
});
const tsplibInstance = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/),
  comment: fc.stringMatching(/^[A-Za-z0-9 ()/-]{0,40}$/).map((s) => s.trim()),
  cities: fc
    .array(fc.record({ x: fc.oneof(coordinate, fc.double({ min: 0, max: 1e6, noNaN: true })), y: coordinate }), { minLength: 1, maxLength: 40 })
    .map((rows) => rows.map((row, k) => ({ id: k + 1, ...row }))),
});

describe('Solomon format', () => {
  it('reads a published instance: 25 vehicles of 200, the depot and 100 customers', () => {
    const c101 = parseSolomon(benchFile('solomon/C101.txt'));
    expect(c101).toMatchObject({ name: 'C101', vehicles: 25, capacity: 200 });
    expect(c101.customers).toHaveLength(101);
    expect(c101.customers[1]).toEqual({ id: 1, x: 45, y: 68, demand: 10, readyTime: 912, dueDate: 967, serviceTime: 90 });
    const problem = solomonProblem(c101);
    expect(problem.stops).toHaveLength(100);
    expect(problem.depot).toEqual({ point: 0, opensAt: 0, closesAt: 1236 });
    expect(problem.matrix.distance[1]).toBeCloseTo(Math.hypot(45 - 40, 68 - 50), 9);
  });

  it('gives the instance back from its printed form', () => {
    fc.assert(
      fc.property(solomonInstance, (instance) => {
        expect(parseSolomon(printSolomon(instance))).toEqual(instance);
      }),
    );
  });

  it.each([
    ['an empty file', ''],
    ['no fleet header', 'C1\n\nCUST NO.\n 0 1 2 3 4 5 6\n'],
    ['a fleet line without capacity', 'C1\nNUMBER     CAPACITY\n 25\nCUST NO.\n 0 1 2 3 4 5 6\n'],
    ['a short customer row', 'C1\nNUMBER     CAPACITY\n 25 200\nCUST NO.\n 0 1 2 3 4 5 6\n 1 2 3\n'],
    ['a word where a number belongs', 'C1\nNUMBER     CAPACITY\n 25 200\nCUST NO.\n 0 1 2 3 4 5 six\n'],
    ['customers out of order', 'C1\nNUMBER     CAPACITY\n 25 200\nCUST NO.\n 0 1 2 3 4 5 6\n 2 1 2 3 4 5 6\n'],
    ['no depot', 'C1\nNUMBER     CAPACITY\n 25 200\nCUST NO.\n'],
  ])('refuses %s with a line number in both languages', (_, text) => {
    const error = (() => {
      try {
        parseSolomon(text);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('routing.instance_malformed');
    expect((error as AppError).text.vi).toMatch(/dòng \d+/);
    expect((error as AppError).text.en).toMatch(/line \d+/);
  });
});

describe('TSPLIB format', () => {
  it('reads a published instance, its edges rounded to the nearest integer', () => {
    const eil51 = parseTsplib(benchFile('tsplib/eil51.tsp'));
    expect(eil51.name).toBe('eil51');
    expect(eil51.cities).toHaveLength(51);
    expect(eil51.cities[0]).toEqual({ id: 1, x: 37, y: 52 });
    const problem = tsplibProblem(eil51);
    expect(problem.stops).toHaveLength(50);
    expect(problem.matrix.distance[1]).toBe(Math.round(Math.hypot(49 - 37, 49 - 52)));
  });

  it('gives the instance back from its printed form', () => {
    fc.assert(
      fc.property(tsplibInstance, (instance) => {
        expect(parseTsplib(printTsplib(instance))).toEqual(instance);
      }),
    );
  });

  it.each([
    ['no coordinates section', 'NAME : x\nTYPE : TSP\nDIMENSION : 1\nEDGE_WEIGHT_TYPE : EUC_2D\n'],
    ['another edge weight type', 'NAME : x\nDIMENSION : 1\nEDGE_WEIGHT_TYPE : GEO\nNODE_COORD_SECTION\n1 2 3\nEOF\n'],
    ['a header line without a colon', 'NAME x\nNODE_COORD_SECTION\n1 2 3\nEOF\n'],
    ['fewer cities than its dimension', 'NAME : x\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n1 2 3\nEOF\n'],
    ['a row of two numbers', 'NAME : x\nDIMENSION : 1\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n1 2\nEOF\n'],
  ])('refuses %s', (_, text) => {
    expect(() => parseTsplib(text)).toThrow(/routing.instance_malformed: Malformed TSPLIB file at line \d+/);
  });
});
