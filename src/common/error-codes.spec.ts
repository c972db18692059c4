import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ERROR_CODE_TOPICS, ERROR_CODES, ErrorCodeEntry } from './error-codes';

const ROOT = path.join(__dirname, '..', '..');
const CATALOG_FILE = 'src/common/error-codes.ts';

/**
 * Outcomes that a 200 answer reports, named with codes of their own: the reasons of RE100 verdicts, the
 * issues of a Scope 2 result (and the factor choices they are made of), and why a report's job failed.
 * They are not errors, so they are not in the catalog; their `code` properties are not read as answers' codes.
 */
const OUTCOME_FILES = [
  'src/re100/engine/',
  'src/emissions/scope2.ts',
  'src/emissions/renewable-slices.ts',
  'src/reports/make-report.ts',
];
const OUTCOME_CODES = new Set(['FACTOR_MISSING', 'FACTOR_NOT_FOUND']); // factor-set.ts: FactorSelection

/** A code of the catalog's form; field rules (`isUuid`) are lower camel case and left to the DTOs. */
const CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

interface Found {
  code: string;
  where: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(file);
    return file.endsWith('.ts') && !file.endsWith('.spec.ts') && file !== CATALOG_FILE ? [file] : [];
  });
}

const parse = (file: string) =>
  ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);

/** Visits a node and every node under it. */
function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

/** The name a function, arrow, method or constructor is called by, when it has one. */
function calledName(node: ts.FunctionLikeDeclaration): string | null {
  if (ts.isConstructorDeclaration(node)) return node.parent.name?.text ?? null;
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name))
    return node.parent.name.text;
  return null;
}

/**
 * Helpers that take a code: everything called with a parameter named `code` (`AppError`, `conflict`,
 * `problem`, `new RowError` …), with the position of that parameter, also under the name a file exports
 * it by (`export { problem as readingProblem }`). A file's own helpers come first; a name declared in
 * several files with the code elsewhere is read only where it is declared.
 */
function codeHelpers(sources: ts.SourceFile[]): {
  local: Map<ts.SourceFile, Map<string, number>>;
  shared: Map<string, number>;
} {
  const local = new Map<ts.SourceFile, Map<string, number>>();
  const positions = new Map<string, Set<number>>();
  for (const source of sources) {
    const own = new Map<string, number>();
    walk(source, (node) => {
      if (!ts.isFunctionLike(node) || !('body' in node)) return;
      const position = node.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === 'code');
      const name = calledName(node as ts.FunctionLikeDeclaration);
      if (position < 0 || !name) return;
      own.set(name, position);
      positions.set(name, (positions.get(name) ?? new Set()).add(position));
    });
    walk(source, (node) => {
      const original = ts.isExportSpecifier(node) ? node.propertyName : undefined;
      const position = original && ts.isIdentifier(original) ? own.get(original.text) : undefined;
      if (ts.isExportSpecifier(node) && position !== undefined)
        positions.set(node.name.text, (positions.get(node.name.text) ?? new Set()).add(position));
    });
    local.set(source, own);
  }
  const shared = new Map(
    [...positions].filter(([, at]) => at.size === 1).map(([name, at]) => [name, [...at][0]] as const),
  );
  return { local, shared };
}

/** String literals of an expression that is a literal or chooses between literals (`a ? 'X' : 'Y'`). */
function literals(node: ts.Expression | undefined): ts.StringLiteral[] {
  if (!node) return [];
  if (ts.isStringLiteral(node)) return [node];
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node))
    return literals(node.expression);
  if (ts.isConditionalExpression(node)) return [...literals(node.whenTrue), ...literals(node.whenFalse)];
  return [];
}

/** Every code literal the source answers with: `code: 'X'` properties and the code argument of helpers. */
function answeredCodes(): Found[] {
  const files = sourceFiles('src').filter((file) => !OUTCOME_FILES.some((prefix) => file.startsWith(prefix)));
  const sources = files.map(parse);
  const { local, shared } = codeHelpers(sources);
  const found: Found[] = [];
  for (const source of sources) {
    const add = (literal: ts.StringLiteral) => {
      if (!CODE.test(literal.text) || OUTCOME_CODES.has(literal.text)) return;
      const line = source.getLineAndCharacterOfPosition(literal.getStart()).line + 1;
      found.push({ code: literal.text, where: `${source.fileName}:${line}` });
    };
    walk(source, (node) => {
      if (
        (ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) &&
        node.name.getText(source) === 'code'
      )
        literals(node.initializer).forEach(add);
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments) {
        const callee = node.expression;
        const name = ts.isIdentifier(callee) ? callee.text : null;
        const position = name === null ? undefined : (local.get(source)!.get(name) ?? shared.get(name));
        if (position !== undefined) literals(node.arguments[position]).forEach(add);
      }
    });
  }
  return found;
}

/** The codes rules of the database raise (`HINT = 'CODE'`), which the exception filter answers with. */
const databaseCodes = (): string[] =>
  readdirSync(path.join(ROOT, 'migrations')).flatMap((file) =>
    [...readFileSync(path.join(ROOT, 'migrations', file), 'utf8').matchAll(/HINT = '([A-Z_]+)'/g)].map(
      (m) => m[1],
    ),
  );

const statusText = (entry: ErrorCodeEntry) =>
  entry.alsoStatus === undefined ? String(entry.status) : `${entry.status}, ${entry.alsoStatus}`;

const ruleLink = (rule: string) => `[${rule}](rules.md#${rule.toLowerCase()})`;

/** The "Error codes" section of docs/errors.md, as the catalog makes it. */
function errorCodesSection(): string {
  const tables = ERROR_CODE_TOPICS.map(({ title, codes }) => {
    const rows = Object.entries(codes as Record<string, ErrorCodeEntry>).map(
      ([code, entry]) =>
        `| \`${code}\` | ${statusText(entry)} | ${entry.description}${entry.rule ? ` ${ruleLink(entry.rule)}` : ''} |`,
    );
    return [`### ${title}`, '', '| Code | Status | Meaning |', '|---|---|---|', ...rows].join('\n');
  });
  return ['## Error codes', '', ...tables.flatMap((table) => [table, ''])].join('\n');
}

describe('the catalog of error codes', () => {
  const answered = answeredCodes();

  it('holds every code the source answers with', () => {
    // The scan finds the codes (a broken scan would find none and pass).
    expect(answered.length).toBeGreaterThan(200);
    expect(answered.filter((f) => !(f.code in ERROR_CODES)).map((f) => `${f.code} at ${f.where}`)).toEqual(
      [],
    );
  });

  it('holds the codes the database raises', () => {
    expect(databaseCodes().length).toBeGreaterThan(0);
    expect(databaseCodes().filter((code) => !(code in ERROR_CODES))).toEqual([]);
  });

  it('has no code that nothing answers with', () => {
    const text = sourceFiles('src')
      .map((file) => readFileSync(path.join(ROOT, file), 'utf8'))
      .join('\n');
    const used = (code: string) => text.includes(`'${code}'`) || databaseCodes().includes(code);
    expect(Object.keys(ERROR_CODES).filter((code) => !used(code))).toEqual([]);
  });

  it('names each code in one topic, with a status, a one-line description and rules that exist', () => {
    const inTopics = ERROR_CODE_TOPICS.flatMap(({ codes }) => Object.keys(codes));
    expect(inTopics.length).toBe(Object.keys(ERROR_CODES).length);
    const anchors = new Set(
      [...readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8').matchAll(/<a id="([a-z0-9-]+)">/g)].map(
        (m) => m[1],
      ),
    );
    for (const [code, entry] of Object.entries(ERROR_CODES) as [string, ErrorCodeEntry][]) {
      expect({ code, status: entry.status >= 400 && entry.status < 600 }).toEqual({ code, status: true });
      expect({ code, oneLine: /^[^\n|]+\.$/.test(entry.description) }).toEqual({ code, oneLine: true });
      if (entry.rule)
        expect({ code, rule: anchors.has(entry.rule.toLowerCase()) }).toEqual({ code, rule: true });
    }
  });

  it('is tabled in docs/errors.md exactly (the section is generated from it; paste the expected one)', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/errors.md'), 'utf8');
    const start = doc.indexOf('## Error codes\n');
    expect(start).toBeGreaterThanOrEqual(0);
    const next = doc.indexOf('\n## ', start + 1);
    const section = doc.slice(start, next < 0 ? undefined : next + 1);
    expect(section.trimEnd()).toBe(errorCodesSection().trimEnd());
  });
});
