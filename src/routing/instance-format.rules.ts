/**
 * The two public benchmark formats the solver is measured on: Solomon's VRPTW text files and
 * TSPLIB's EUC_2D travelling-salesman files. Read, printed back, and turned into routing problems.
 */
import { badRequest } from '../platform/errors.ts';
import { euclideanMatrix } from './distance-matrix.ts';
import type { RoutingProblem } from './route-problem.rules.ts';

export interface SolomonCustomer {
  id: number;
  x: number;
  y: number;
  demand: number;
  readyTime: number;
  dueDate: number;
  serviceTime: number;
}

/** `customers[0]` is the depot, as in the files. */
export interface SolomonInstance {
  name: string;
  vehicles: number;
  capacity: number;
  customers: SolomonCustomer[];
}

export interface TsplibInstance {
  name: string;
  comment: string;
  cities: { id: number; x: number; y: number }[];
}

const malformed = (format: string, line: number, detail: string) =>
  badRequest(
    'routing.instance_malformed',
    { vi: `Tệp ${format} sai định dạng ở dòng ${line}: ${detail}`, en: `Malformed ${format} file at line ${line}: ${detail}` },
    'instance',
  );

function numbersOf(line: string): number[] | undefined {
  const fields = line.trim().split(/\s+/);
  const values = fields.map(Number);
  return values.every((v) => Number.isFinite(v)) ? values : undefined;
}

export function parseSolomon(text: string): SolomonInstance {
  const lines = text.split(/\r?\n/);
  const name = lines[0]?.trim() ?? '';
  if (!name) throw malformed('Solomon', 1, 'no instance name / thiếu tên');
  const vehicleHeader = lines.findIndex((l) => /^\s*NUMBER\s+CAPACITY\s*$/i.test(l));
  if (vehicleHeader < 0) throw malformed('Solomon', 2, 'no "NUMBER CAPACITY" header / thiếu dòng tiêu đề xe');
  const fleet = numbersOf(lines[vehicleHeader + 1] ?? '');
  if (!fleet || fleet.length !== 2) throw malformed('Solomon', vehicleHeader + 2, 'expected two numbers: vehicles, capacity');
  const [vehicles, capacity] = fleet as [number, number];
  const customerHeader = lines.findIndex((l) => /^\s*CUST\s+NO\./i.test(l));
  if (customerHeader < 0) throw malformed('Solomon', vehicleHeader + 3, 'no "CUST NO." header / thiếu dòng tiêu đề khách');
  const customers: SolomonCustomer[] = [];
  for (let i = customerHeader + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.trim()) continue;
    const values = numbersOf(line);
    if (!values || values.length !== 7) throw malformed('Solomon', i + 1, `expected 7 numbers, got "${line.trim()}"`);
    const [id, x, y, demand, readyTime, dueDate, serviceTime] = values as [number, number, number, number, number, number, number];
    if (id !== customers.length) throw malformed('Solomon', i + 1, `customer ${id} out of order (expected ${customers.length})`);
    customers.push({ id, x, y, demand, readyTime, dueDate, serviceTime });
  }
  if (customers.length === 0) throw malformed('Solomon', customerHeader + 2, 'no depot row / thiếu dòng kho');
  return { name, vehicles, capacity, customers };
}

export function printSolomon(instance: SolomonInstance): string {
  const rows = instance.customers.map((c) =>
    [c.id, c.x, c.y, c.demand, c.readyTime, c.dueDate, c.serviceTime].map((v) => ` ${String(v).padStart(9)}`).join(''),
  );
  return [
    instance.name,
    '',
    'VEHICLE',
    'NUMBER     CAPACITY',
    `  ${instance.vehicles}         ${instance.capacity}`,
    '',
    'CUSTOMER',
    'CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME',
    '',
    ...rows,
    '',
  ].join('\r\n');
}

export function parseTsplib(text: string): TsplibInstance {
  const lines = text.split(/\r?\n/);
  const header = new Map<string, string>();
  let i = 0;
  for (; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === 'NODE_COORD_SECTION') break;
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon < 0) throw malformed('TSPLIB', i + 1, `expected "KEY : value", got "${line}"`);
    header.set(line.slice(0, colon).trim().toUpperCase(), line.slice(colon + 1).trim());
  }
  if (i === lines.length) throw malformed('TSPLIB', i, 'no NODE_COORD_SECTION / thiếu phần toạ độ');
  const type = header.get('EDGE_WEIGHT_TYPE');
  if (type !== 'EUC_2D') throw malformed('TSPLIB', 1, `EDGE_WEIGHT_TYPE ${type ?? '(none)'} is not supported, only EUC_2D`);
  const dimension = Number(header.get('DIMENSION'));
  if (!Number.isInteger(dimension) || dimension < 1) throw malformed('TSPLIB', 1, 'DIMENSION missing or not a positive integer');
  const cities: TsplibInstance['cities'] = [];
  for (i++; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === 'EOF') break;
    if (!line) continue;
    const values = numbersOf(line);
    if (!values || values.length !== 3) throw malformed('TSPLIB', i + 1, `expected "id x y", got "${line}"`);
    const [id, x, y] = values as [number, number, number];
    if (id !== cities.length + 1) throw malformed('TSPLIB', i + 1, `city ${id} out of order (expected ${cities.length + 1})`);
    cities.push({ id, x, y });
  }
  if (cities.length !== dimension) throw malformed('TSPLIB', i, `DIMENSION says ${dimension} cities, found ${cities.length}`);
  return { name: header.get('NAME') ?? '', comment: header.get('COMMENT') ?? '', cities };
}

export function printTsplib(instance: TsplibInstance): string {
  return [
    `NAME : ${instance.name}`,
    `COMMENT : ${instance.comment}`,
    'TYPE : TSP',
    `DIMENSION : ${instance.cities.length}`,
    'EDGE_WEIGHT_TYPE : EUC_2D',
    'NODE_COORD_SECTION',
    ...instance.cities.map((c) => `${c.id} ${c.x} ${c.y}`),
    'EOF',
    '',
  ].join('\n');
}

/** Solomon's convention: Euclidean distances unrounded, travel time equal to distance. */
export function solomonProblem(instance: SolomonInstance): RoutingProblem {
  const [depot, ...customers] = instance.customers as [SolomonCustomer, ...SolomonCustomer[]];
  return {
    matrix: euclideanMatrix(instance.customers),
    depot: { point: 0, opensAt: depot.readyTime, closesAt: depot.dueDate },
    stops: customers.map((c, k) => ({
      id: String(c.id),
      point: k + 1,
      demand: c.demand,
      windowStart: c.readyTime,
      windowEnd: c.dueDate,
      serviceTime: c.serviceTime,
    })),
    fleet: { vehicles: instance.vehicles, capacity: instance.capacity },
  };
}

/** A travelling-salesman tour as a one-vehicle route from city 1, edges rounded as TSPLIB's EUC_2D says. */
export function tsplibProblem(instance: TsplibInstance): RoutingProblem {
  return {
    matrix: euclideanMatrix(instance.cities, 'nearest'),
    depot: { point: 0, opensAt: 0, closesAt: Infinity },
    stops: instance.cities.slice(1).map((c, k) => ({
      id: String(c.id),
      point: k + 1,
      demand: 0,
      windowStart: 0,
      windowEnd: Infinity,
      serviceTime: 0,
    })),
    fleet: { vehicles: 1, capacity: 0 },
  };
}
