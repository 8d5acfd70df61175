/**
 * Deploy check: a FEEL expression that calls a function which exists neither in Camunda's FEEL nor
 * in the expression itself (a context entry or parameter defined there) is refused, instead of
 * failing every time it runs. Calls through a path (`a.b(1)`) are not checked: variables are JSON
 * and hold no functions, but a context built in the expression may.
 */
import { parseExpression } from 'feelin';
import { KNOWN_FUNCTIONS } from './index';

type Tree = ReturnType<typeof parseExpression>;

const normalize = (name: string) => name.trim().replace(/\s+/g, ' ');

/** Names the expression defines: context keys, function parameters, iteration variables. */
function definedNames(tree: Tree, text: string): Set<string> {
  const names = new Set<string>();
  tree.iterate({
    enter(node) {
      if (node.name === 'Key' || node.name === 'ParameterName' || (node.name === 'Name' && node.node.parent?.name === 'InExpression')) {
        names.add(normalize(text.slice(node.from, node.to).replace(/^"|"$/g, '')));
      }
    },
  });
  return names;
}

/** The names of functions `expression` (without `=`) calls that do not exist; [] when it does not parse. */
export function unknownFunctions(expression: string, context: Record<string, unknown>): string[] {
  let tree: Tree;
  try {
    tree = parseExpression(expression, context, undefined);
  } catch {
    return [];
  }
  const called: string[] = [];
  tree.iterate({
    enter(node) {
      if (node.name !== 'FunctionInvocation') return;
      const callee = node.node.firstChild;
      if (callee?.name === 'VariableName') called.push(normalize(expression.slice(callee.from, callee.to)));
    },
  });
  if (called.length === 0) return [];
  const defined = definedNames(tree, expression);
  return [...new Set(called.filter((name) => !KNOWN_FUNCTIONS.has(name) && !defined.has(name)))];
}
