import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/tmp.ts';

/**
 * No `String.replace` / `replaceAll` call in the app's code takes a replacement string that is not
 * a fixed literal. A replacement string expands `$&`, `$'`, `` $` ``, `$1` and `$<name>`, so one
 * built from data (a name, a stamp) turns a `$` typed by a user into other text, or into markup
 * (a malformed docProps/core.xml came from this). Data goes in through a function replacement,
 * which is inserted as it is. The TypeScript checker decides what the second argument is: a
 * function passes, and so does a string of a literal type (a constant in the code, such as the
 * `'\\$&'` that escapes regex characters); any other string is refused.
 */

function configOf(dir: string): ts.ParsedCommandLine {
  const file = path.join(REPO_ROOT, dir, 'tsconfig.json');
  const read = ts.readConfigFile(file, (f) => ts.sys.readFile(f));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(file));
}

/** One program over the core's and the renderer's sources (shared/ is in both). */
function offenders(): string[] {
  const core = configOf('electron');
  const ui = configOf('renderer');
  const options: ts.CompilerOptions = { ...ui.options, types: core.options.types ?? [], noEmit: true };
  const program = ts.createProgram({ rootNames: [...new Set([...core.fileNames, ...ui.fileNames])], options });
  const checker = program.getTypeChecker();
  const out: string[] = [];
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || !sf.fileName.startsWith(REPO_ROOT) || sf.fileName.includes('node_modules')) continue;
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        (node.expression.name.text === 'replace' || node.expression.name.text === 'replaceAll') &&
        node.arguments.length === 2
      ) {
        const target = checker.getTypeAtLocation(node.expression.expression);
        const replacement = checker.getTypeAtLocation(node.arguments[1]!);
        const fn = replacement.getCallSignatures().length > 0;
        if ((target.flags & ts.TypeFlags.StringLike) !== 0 && !fn && !replacement.isStringLiteral()) {
          const { line } = sf.getLineAndCharacterOfPosition(node.expression.name.getStart());
          out.push(`${path.relative(REPO_ROOT, sf.fileName)}:${line + 1}: ${node.expression.name.text}(…, ${node.arguments[1]!.getText()})`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

describe('String.replace never takes a replacement string built from data', () => {
  it('in electron/, shared/ and renderer/', { timeout: 120_000 }, () => {
    expect(offenders()).toEqual([]);
  });
});
