import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * The module borders of decision 0019, read from the source text: no import cycle between files
 * (an ES module reading a binding of a module still being evaluated throws), and no two modules
 * importing each other. The lint rule keeps each import on a module's index.ts; this keeps the
 * direction.
 */

const SRC = dirname(fileURLToPath(import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'data' ? [] : sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Imports that exist at run time: `import type` and all-type braces are erased by the compiler. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s+'(\.[^']+)'/gm)) {
    const [, typeOnly, names = '', specifier = ''] = m;
    if (typeOnly) continue;
    const braces = /^\{([^}]*)\}$/.exec(names.trim());
    if (braces?.[1] && braces[1].split(',').every((n) => !n.trim() || n.trim().startsWith('type '))) continue;
    found.push(resolve(dirname(file), specifier));
  }
  for (const m of text.matchAll(/^import\s+'(\.[^']+)'/gm)) found.push(resolve(dirname(file), m[1] ?? ''));
  return found;
}

const moduleOf = (file: string): string | undefined => {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0] : undefined;
};

/** Strongly connected groups of more than one file, or a file importing itself: each one a cycle. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1 || graph.get(node)?.includes(node)) found.push(group.map((f) => relative(SRC, f)).sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('module borders', () => {
  const files = sourceFiles(SRC);

  it('has no import cycle between files', () => {
    const graph = new Map(files.map((f) => [f, runtimeImports(f)]));
    expect(cycles(graph)).toEqual([]);
  });

  it('has no two modules importing each other', () => {
    const edges = new Set<string>();
    for (const file of files) {
      const from = moduleOf(file);
      if (!from || from === 'platform' || from === 'cli') continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/from\s+'(\.[^']+)'/g)) {
        const to = moduleOf(resolve(dirname(file), m[1] ?? ''));
        if (to && to !== from && to !== 'platform') edges.add(`${from} -> ${to}`);
      }
    }
    const twoWay = [...edges].filter((edge) => {
      const [from, to] = edge.split(' -> ');
      return from! < to! && edges.has(`${to} -> ${from}`);
    });
    expect(twoWay).toEqual([]);
  });

  it('keeps platform free of modules', () => {
    const reaching = files
      .filter((f) => moduleOf(f) === 'platform')
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/from\s+'(\.[^']+)'/g)].map((m) => [f, resolve(dirname(f), m[1] ?? '')] as const))
      .filter(([, target]) => (moduleOf(target) ?? 'platform') !== 'platform')
      .map(([f, target]) => `${relative(SRC, f)} -> ${relative(SRC, target)}`);
    expect(reaching).toEqual([]);
  });
});
