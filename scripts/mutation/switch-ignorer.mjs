/**
 * A Stryker ignorer for `npm run mutation` (docs/mutation.md): it ignores the mutants of the reference server's
 * code that runs only with a fault or a choice switched on. The mutation run's test is the conformance suite
 * against the default server, where every switch is off, so such a mutant is either equivalent there or turns a
 * switch on; what each switch does is proven by tests/self/faults.spec.ts and the choices' proofs instead.
 *
 * A switch is `<f|c|faults|choices|ctx.faults|ctx.choices>.has('<name>')`. Ignored: each expression whose
 * value the switches being off decide (`f.has('x')`, `!c.has('x')`, `a && f.has('x')`, a `const` holding one),
 * the branch of an `if` or `?:` that such a value never takes, and the statements after an `if` that such a
 * value always takes and that always leaves (`if (!c.has('x')) return ...;`).
 */
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

export const REASON = 'runs only with a fault or choice switched on (docs/mutation.md)';

const SWITCH_SETS = new Set(['f', 'c', 'faults', 'choices']);

function isSwitchSet(node) {
  if (node.type === 'Identifier') return SWITCH_SETS.has(node.name);
  return (
    node.type === 'MemberExpression' &&
    !node.computed &&
    node.property.type === 'Identifier' &&
    (node.property.name === 'faults' || node.property.name === 'choices')
  );
}

function isSwitch(node) {
  return (
    node.type === 'CallExpression' &&
    node.callee.type === 'MemberExpression' &&
    !node.callee.computed &&
    node.callee.property.type === 'Identifier' &&
    node.callee.property.name === 'has' &&
    isSwitchSet(node.callee.object) &&
    node.arguments.length === 1 &&
    node.arguments[0].type === 'StringLiteral'
  );
}

/** The value of the expression at `path` with every switch off, when the switches decide it; else undefined. */
export function offValue(path) {
  const node = path.node;
  if (!node) return undefined;
  if (isSwitch(node)) return false;
  if (node.type === 'UnaryExpression' && node.operator === '!') {
    const value = offValue(path.get('argument'));
    return value === undefined ? undefined : !value;
  }
  if (node.type === 'LogicalExpression' && (node.operator === '&&' || node.operator === '||')) {
    const left = offValue(path.get('left'));
    const right = offValue(path.get('right'));
    const decisive = node.operator === '&&' ? false : true;
    if (left === decisive || right === decisive) return decisive;
    return left !== undefined && right !== undefined ? left : undefined;
  }
  if (node.type === 'Identifier') {
    const binding = path.scope.getBinding(node.name);
    if (binding?.kind !== 'const' || !binding.path.isVariableDeclarator()) return undefined;
    const init = binding.path.get('init');
    return init.node ? offValue(init) : undefined;
  }
  return undefined;
}

/** Whether the statement at `path` always leaves its block (return or throw, possibly as a block's last). */
function alwaysLeaves(path) {
  if (path.isReturnStatement() || path.isThrowStatement()) return true;
  if (path.isBlockStatement()) {
    const body = path.get('body');
    return body.length > 0 && alwaysLeaves(body[body.length - 1]);
  }
  return false;
}

/** A branch that the switches being off never take. */
function untakenBranch(path) {
  const parent = path.parentPath;
  if (!parent || !(parent.isIfStatement() || parent.isConditionalExpression())) return false;
  if (path.key !== 'consequent' && path.key !== 'alternate') return false;
  const test = offValue(parent.get('test'));
  return test !== undefined && test === (path.key === 'alternate');
}

/** A statement after `if (<true with every switch off>) <leave>;` in the same block. */
function afterTakenExit(path) {
  if (typeof path.key !== 'number' || path.listKey !== 'body') return false;
  for (let i = 0; i < path.key; i++) {
    const before = path.getSibling(i);
    if (
      before.isIfStatement() &&
      !before.node.alternate &&
      offValue(before.get('test')) === true &&
      alwaysLeaves(before.get('consequent'))
    )
      return true;
  }
  return false;
}

export function shouldIgnore(path) {
  const valued = path.isIdentifier() ? path.isReferencedIdentifier() : path.isExpression();
  if (valued && offValue(path) !== undefined) return REASON;
  if (untakenBranch(path) || afterTakenExit(path)) return REASON;
  return undefined;
}

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'reference-switches', { shouldIgnore })];
