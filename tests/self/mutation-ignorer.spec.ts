/**
 * The Stryker ignorer of `npm run mutation` (scripts/mutation/switch-ignorer.mjs, docs/mutation.md): it ignores
 * the code that only a fault or a choice runs, and nothing that runs with every switch off.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from './support/harness';
import { ROOT } from './support/paths';

interface BabelNode {
  readonly start: number;
  readonly end: number;
}
interface BabelPath {
  readonly node: BabelNode;
  skip(): void;
}
interface Babel {
  parseSync(source: string, options: object): unknown;
  traverse(ast: unknown, visitors: { enter(path: BabelPath): void }): void;
}
interface SwitchIgnorer {
  shouldIgnore(path: BabelPath): string | undefined;
}

// Babel comes with Stryker, which parses the server with it in the same way.
const babel = createRequire(path.join(ROOT, 'package.json'))('@babel/core') as Babel;

async function ignorer(): Promise<SwitchIgnorer> {
  const url = pathToFileURL(path.join(ROOT, 'scripts/mutation/switch-ignorer.mjs')).href;
  return (await import(url)) as SwitchIgnorer;
}

/** The source text of each outermost node of `source` that the ignorer ignores. */
async function ignoredIn(source: string): Promise<string[]> {
  const { shouldIgnore } = await ignorer();
  const ast = babel.parseSync(source, { babelrc: false, configFile: false, sourceType: 'module' });
  const ignored: string[] = [];
  babel.traverse(ast, {
    enter(nodePath) {
      if (!shouldIgnore(nodePath)) return;
      ignored.push(source.slice(nodePath.node.start, nodePath.node.end));
      nodePath.skip();
    },
  });
  return ignored;
}

const CASES: { what: string; source: string; ignored: string[] }[] = [
  {
    what: 'a switch, and the branch of an if that it takes when on',
    source: "if (f.has('x')) on(); else off();",
    ignored: ["f.has('x')", 'on();'],
  },
  {
    what: 'the branch of a ?: that a switch takes when on',
    source: "const status = c.has('x') ? 422 : 400;",
    ignored: ["c.has('x')", '422'],
  },
  {
    what: 'the statements after an if that a switch off always takes and leaves by',
    source: "function g() { if (!c.has('x')) return 1; return 2; }",
    ignored: ["!c.has('x')", 'return 2;'],
  },
  {
    what: 'a conjunction that a switch off makes false, and a const holding a switch',
    source: "const y = a && ctx.faults.has('x'); const on = f.has('y'); const z = on ? 1 : 2;",
    ignored: ["a && ctx.faults.has('x')", "f.has('y')", 'on', '1'],
  },
  {
    what: 'nothing that runs with every switch off',
    source: "const q = query.has('x') ? 1 : 2; if (known.has(k)) a(); const w = b || ctx.choices.has('x');",
    ignored: ["ctx.choices.has('x')"],
  },
];

for (const row of CASES) {
  test(`ignores ${row.what}`, async () => {
    expect(await ignoredIn(row.source)).toEqual(row.ignored);
  });
}
