import type { DataSource, FindRecordsAtFault, ReadTimeElement } from './data-source.ts';
import type { IndicatorDefinition } from './indicator.rules.ts';
import type { ValidationRule } from './validation-rule.rules.ts';

/*
 * What the modules feed the engine, given to it when the app is composed (src/compose.ts): the
 * engine imports no module. Each list is keyed by its name or code, so composing twice (the tests
 * build many apps in one process) replaces a declaration rather than doubling it.
 */
const sources = new Map<string, DataSource>();
const indicators = new Map<string, IndicatorDefinition>();
const rules = new Map<string, ValidationRule>();
const finders = new Map<string, FindRecordsAtFault>();
/** Derived from `sources`, dropped whenever a source is registered. */
let derived:
  | {
      elements: ReadonlySet<string>;
      subYear: ReadonlySet<string>;
      byElement: ReadonlyMap<string, DataSource>;
      householdsBehind: ReadonlyMap<string, string>;
      readTime: ReadonlyMap<string, ReadTimeElement>;
    }
  | undefined;

export function registerDataSource(source: DataSource): void {
  sources.set(source.name, source);
  derived = undefined;
}

/** Seeded into the catalogue at start in the order given (an administrator may edit them). */
export function registerIndicators(definitions: readonly IndicatorDefinition[]): void {
  for (const d of definitions) indicators.set(d.code, d);
}

/** Seeded into the rule table at start (editable by an administrator). */
export function registerValidationRules(declared: readonly ValidationRule[]): void {
  for (const r of declared) rules.set(r.code, r);
}

/** How to find the records behind a declared rule broken at a leaf, by rule code. */
export function registerRecordsAtFault(byRule: Readonly<Record<string, FindRecordsAtFault>>): void {
  for (const [rule, find] of Object.entries(byRule)) finders.set(rule, find);
}

export const dataSources = (): readonly DataSource[] => [...sources.values()];
export const indicatorDeclarations = (): readonly IndicatorDefinition[] => [...indicators.values()];
export const validationRuleDeclarations = (): readonly ValidationRule[] => [...rules.values()];
export const recordsAtFault = (rule: string): FindRecordsAtFault | undefined => finders.get(rule);

function derive() {
  if (derived) return derived;
  const readTime = dataSources().flatMap((s) => (s.readTimeElements ?? []).map((e) => [e, s] as const));
  derived = {
    elements: new Set([...dataSources().flatMap((s) => s.elements.map((e) => e.code)), ...readTime.map(([e]) => e.code)]),
    subYear: new Set([...dataSources().flatMap((s) => s.subYearElements ?? []), ...readTime.flatMap(([e]) => (e.subYear ? [e.code] : []))]),
    byElement: new Map([...dataSources().flatMap((s) => s.elements.map((e) => [e.code, s] as const)), ...readTime.map(([e, s]) => [e.code, s] as const)]),
    readTime: new Map(readTime.map(([e]) => [e.code, e])),
    householdsBehind: new Map(dataSources().flatMap((s) => (s.smallCells ? s.smallCells.elements.map((e) => [e, s.smallCells!.households] as const) : []))),
  };
  return derived;
}

export const dataElementCodes = (): ReadonlySet<string> => derive().elements;

/** Elements with quarterly and monthly values besides yearly ones (decision 0010). */
export const subYearElements = (): ReadonlySet<string> => derive().subYear;

/** Each element counted from households, with the element that counts those households (decision 0017). */
export const householdsBehind = (): ReadonlyMap<string, string> => derive().householdsBehind;

/** Elements computed when read rather than stored (decision 0036), by code. */
export const readTimeElements = (): ReadonlyMap<string, ReadTimeElement> => derive().readTime;

/** The source that computes a data element. */
export const sourceOf = (element: string): DataSource | undefined => derive().byElement.get(element);

/**
 * The sources to recompute after a change to these data elements: those that compute them, and
 * those that read them. A source chosen for what it reads may change any of its own elements, so
 * the sources reading those come too. Undefined elements: every source.
 */
export function sourcesAffectedBy(elements: readonly string[] | undefined): DataSource[] {
  if (!elements) return dataSources().slice();
  const changed = new Set(elements);
  const chosen = new Set<DataSource>();
  const widened = new Set<DataSource>();
  for (let grew = true; grew;) {
    grew = false;
    for (const source of dataSources()) {
      if (!widened.has(source) && (source.reads ?? []).some((e) => changed.has(e))) {
        widened.add(source);
        chosen.add(source);
        for (const e of source.elements) changed.add(e.code);
        grew = true;
      } else if (source.elements.some((e) => changed.has(e.code))) chosen.add(source);
    }
  }
  return dataSources().filter((s) => chosen.has(s));
}
