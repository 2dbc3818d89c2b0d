/**
 * The layer rules of README "How it is built", checked on every `src/**\/*.ts` that is not a test:
 * which layer may import which, and how long a module may grow. Today's exceptions are listed below
 * by name; the lists may only shrink: a new violation fails, and so does a listed one that is gone
 * (take it off the list in the same commit that removes it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.dirname(fileURLToPath(import.meta.url));

/**
 * The node: modules core may use. Core is pure (no I/O, no clock, no process state): `node:path`
 * only joins and splits path strings (vault layout, file names, mount points, config paths) and
 * `node:crypto` only computes SHA-256 digests (the audit chain, bounded trail strings). Both were in
 * use when this check was written; anything else (fs, child_process, os, process …) belongs in an adapter.
 */
const CORE_NODE_MODULES = new Set(['node:path', 'node:crypto']);

/** Adapters the CLI may use directly: none (it draws its own progress bars, src/cli/progress-bar.ts). */
const CLI_ADAPTERS = new Set<string>([]);

/**
 * Imports that break a layer rule today, as `importer → imported` (paths below src/). The to-do list
 * of the restructuring: a service should receive what it needs from an adapter through an interface
 * (wired in src/wiring.ts) and import the adapter's types only; the CLI should reach adapters through
 * services. Remove a line when its import is gone; never add one.
 */
const KNOWN_VIOLATIONS_TO_REMOVE = new Set<string>([
  // none: every side effect of a service goes through an adapter it is given
]);

const MAX_LINES = 300;

/**
 * Modules over MAX_LINES today, with their length then: a ceiling (they may not grow) until they are
 * split. Remove a line once its module is at or under MAX_LINES; lower the number as it shrinks.
 */
const OVER_MAX_LINES_TO_SPLIT = new Map<string, number>([
]);

type Layer = 'core' | 'adapters' | 'services' | 'cli' | 'wiring' | 'startup';

interface Import {
  /** The importing module, below src/, forward slashes. */
  from: string;
  /** As written in the source. */
  specifier: string;
  /** The imported module below src/ (`.ts`), or the specifier itself for a package or node: module. */
  target: string;
  /** `import type …`, `import { type A, type B } …` or `export type … from`: erased from the compiled code. */
  typeOnly: boolean;
  line: number;
}

function sourceFiles(): string[] {
  return (fs.readdirSync(SRC, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .sort();
}

function layerOf(file: string): Layer | null {
  // The wiring module is src/wiring.ts with its parts in src/wiring/.
  if (file === 'wiring.ts' || file.startsWith('wiring/')) return 'wiring';
  if (file === 'startup.ts') return 'startup';
  const top = file.split('/')[0];
  return top === 'core' || top === 'adapters' || top === 'services' || top === 'cli' ? top : null;
}

function importsOf(file: string, text: string): Import[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  const add = (node: ts.Node, specifier: string, typeOnly: boolean) => {
    const target = specifier.startsWith('.')
      ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts')
      : specifier;
    found.push({ from: file, specifier, target, typeOnly, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allNamedAreTypes = !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      add(node, node.moduleSpecifier.text, !!clause && (clause.isTypeOnly || (!clause.name && allNamedAreTypes)));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      add(node, node.moduleReference.expression.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      add(node, node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Why `imp` breaks a layer rule, or null when it keeps them. */
function ruleBroken(imp: Import): string | null {
  const from = layerOf(imp.from);
  const relative = imp.specifier.startsWith('.');
  const to = relative ? layerOf(imp.target) : null;
  if (relative && to === 'cli' && from !== 'cli') return 'nothing outside src/cli imports src/cli';
  switch (from) {
    case 'core':
      if (relative) return to === 'core' ? null : 'core imports only core: it is pure, and every other layer builds on it';
      return CORE_NODE_MODULES.has(imp.specifier) ? null : `core imports no package and no node: module but ${[...CORE_NODE_MODULES].join(', ')} (no I/O)`;
    case 'adapters':
      return !relative || to === 'core' || to === 'adapters' ? null : 'adapters import core and other adapters only';
    case 'services':
      if (!relative) {
        if (imp.specifier === 'node:fs' || imp.specifier === 'node:fs/promises') return 'services touch no file themselves: the file system is an adapter\'s (pass it in from wiring)';
        return imp.specifier.startsWith('node:') ? null : 'services import no library directly: put it behind an adapter';
      }
      if (to === 'core' || to === 'services') return null;
      if (to === 'adapters') return imp.typeOnly ? null : 'services import adapters with `import type` only: take the adapter through the constructor (src/wiring.ts builds it)';
      return 'services import core, services and adapter types only';
    case 'cli':
      if (!relative || to === 'core' || to === 'services' || to === 'cli' || to === 'wiring') return null;
      if (to === 'adapters') return CLI_ADAPTERS.has(imp.target) ? null : `the CLI imports no adapter but ${[...CLI_ADAPTERS].join(', ')}: reach the others through a service`;
      return 'the CLI imports core, services, cli and wiring only';
    default:
      return null;
  }
}

const key = (imp: Import) => `${imp.from} → ${imp.target}`;

describe('architecture', () => {
  const files = sourceFiles();
  const imports = files.flatMap((f) => importsOf(f, fs.readFileSync(path.join(SRC, f), 'utf8')));
  const broken = imports.map((imp) => ({ imp, why: ruleBroken(imp) })).filter((b): b is { imp: Import; why: string } => b.why !== null);

  it('reads the source tree', () => {
    expect(files).toContain('wiring.ts');
    expect(files.filter((f) => layerOf(f) === null)).toEqual([]); // a new top-level folder needs a rule here
    expect(imports.length).toBeGreaterThan(100);
  });

  it('keeps the layer rules: no import breaks one unless it is a known violation', () => {
    const fresh = broken
      .filter((b) => !KNOWN_VIOLATIONS_TO_REMOVE.has(key(b.imp)))
      .map((b) => `src/${b.imp.from}:${b.imp.line} imports '${b.imp.specifier}'${b.imp.typeOnly ? ' (types only)' : ''}: ${b.why}`);
    expect(fresh, `layer rules broken:\n  ${fresh.join('\n  ')}\n`).toEqual([]);
  });

  it('lists only violations that still exist (the list only shrinks)', () => {
    const present = new Set(broken.map((b) => key(b.imp)));
    const gone = [...KNOWN_VIOLATIONS_TO_REMOVE].filter((k) => !present.has(k));
    expect(gone, `no longer violated, remove from KNOWN_VIOLATIONS_TO_REMOVE in src/architecture.test.ts:\n  ${gone.join('\n  ')}\n`).toEqual([]);
  });

  it(`keeps every module at ${MAX_LINES} lines or under, but the listed ones, which do not grow`, () => {
    const lines = new Map(files.map((f) => [f, fs.readFileSync(path.join(SRC, f), 'utf8').split('\n').length - 1]));
    const problems: string[] = [];
    for (const [file, n] of lines) {
      const ceiling = OVER_MAX_LINES_TO_SPLIT.get(file);
      if (ceiling === undefined && n > MAX_LINES) problems.push(`src/${file} has ${n} lines (more than ${MAX_LINES}): split it`);
      if (ceiling !== undefined && n > ceiling) problems.push(`src/${file} grew to ${n} lines (listed at ${ceiling}): split it, do not grow it`);
      if (ceiling !== undefined && n <= MAX_LINES) problems.push(`src/${file} has ${n} lines now: remove it from OVER_MAX_LINES_TO_SPLIT`);
    }
    for (const file of OVER_MAX_LINES_TO_SPLIT.keys()) if (!lines.has(file)) problems.push(`src/${file} is gone: remove it from OVER_MAX_LINES_TO_SPLIT`);
    expect(problems, `module length:\n  ${problems.join('\n  ')}\n`).toEqual([]);
  });
});
