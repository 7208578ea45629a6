/**
 * The files `npm run mutation` mutates (stryker.config.json, docs/mutation.md) hold the reference server's default
 * behaviour only: no fault or choice is named in their code. Each play lives in reference-server/src/plays/, so a
 * mutant of a handler is a change the default server's answers can show, never code only a switch runs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CHOICES } from '../../reference-server/src/choices';
import { FAULTS } from '../../reference-server/src/faults';
import { expect, test } from './support/harness';
import { ROOT } from './support/paths';

const SWITCH_NAMES = [...FAULTS, ...CHOICES].map((s) => s.name);

/** The switches a source names in a string literal: `has('x')`, a table keyed by names, any other use. */
function switchesNamedIn(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
  return SWITCH_NAMES.filter((name) => code.includes(`'${name}'`) || code.includes(`"${name}"`));
}

test('no file that npm run mutation mutates names a fault or a choice', () => {
  const { mutate } = JSON.parse(readFileSync(path.join(ROOT, 'stryker.config.json'), 'utf8')) as {
    mutate: string[];
  };
  expect(mutate.length).toBeGreaterThan(0);
  const named = mutate.flatMap((file) =>
    switchesNamedIn(readFileSync(path.join(ROOT, file), 'utf8')).map((name) => `${file}: ${name}`),
  );
  expect(named).toEqual([]);
});

test('a switch named in code is found; one named in a comment is not', () => {
  expect(switchesNamedIn(`if (f.has('v3-pool-leak')) return [];`)).toEqual(['v3-pool-leak']);
  expect(switchesNamedIn(`const order = c.has("v3-order-by-id") ? 'id' : 'seq';`)).toEqual([
    'v3-order-by-id',
  ]);
  expect(
    switchesNamedIn(`// plays v3-pool-leak ('v3-pool-leak')\n/* 'v3-order-by-id' */ const x = 1;`),
  ).toEqual([]);
});
