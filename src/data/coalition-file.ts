// Reads and validates a coalition file (YAML or JSON). Every problem is reported at once,
// with where it is and what was found, so an operator fixes the file in one pass.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type Coalition, coalitionSchema, formatPath } from '../core/coalition/coalition';
import { projectFile } from '../paths';

/** The P2C coalition file shipped in the repository (also found from dist/ after tsc). */
export const defaultCoalitionFile = projectFile('src/data/coalitions/p2c.yaml');

export type CoalitionFileFormat = 'yaml' | 'json';

export interface CoalitionFileProblem {
  /** `focusAreas[2].key`, `line 3, column 5` for a syntax error, `(file)` or `(top level)`. */
  path: string;
  expected: string;
  found: string;
  /** 1-based line of a syntax error. */
  line?: number;
}

export class CoalitionFileError extends Error {
  readonly code = 'COALITION.FILE_INVALID';

  constructor(
    readonly file: string,
    readonly problems: CoalitionFileProblem[],
    options?: { cause?: unknown },
  ) {
    super(`Coalition file ${file} is invalid:\n${problems.map((p) => `  - ${p.path}: expected ${p.expected}, found ${p.found}`).join('\n')}`, options);
    this.name = 'CoalitionFileError';
  }
}

export function loadCoalitionFile(path: string): Coalition {
  const format = formatOf(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CoalitionFileError(path, [{ path: '(file)', expected: 'a readable file', found: (error as Error).message }], { cause: error });
  }
  return parseCoalition(text, format, path);
}

/** Parses and validates a coalition file's text; `file` names it in errors. */
export function parseCoalition(text: string, format: CoalitionFileFormat, file = '(text)'): Coalition {
  const data = format === 'json' ? parseJson(text, file) : parseYaml(text, file);
  const result = coalitionSchema.safeParse(data);
  if (!result.success) throw new CoalitionFileError(file, problemsOf(result.error, data));
  return result.data;
}

function formatOf(path: string): CoalitionFileFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  if (extension === '.json') return 'json';
  throw new CoalitionFileError(path, [{ path: '(file)', expected: 'a .yaml, .yml or .json file', found: extension ? `a ${extension} file` : 'no extension' }]);
}

function parseYaml(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new CoalitionFileError(
      file,
      document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return syntaxProblem('valid YAML', error.message, line, col);
      }),
    );
  }
  return document.toJS();
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    // V8 reports an offset ("at position 42"); people look for a line.
    const offset = /position (\d+)/.exec(message);
    const position = offset ? lineAndColumn(text, Number(offset[1])) : undefined;
    throw new CoalitionFileError(file, [syntaxProblem('valid JSON', message, position?.line, position?.col)], { cause: error });
  }
}

function syntaxProblem(expected: string, message: string, line?: number, col?: number): CoalitionFileProblem {
  const path = line === undefined ? '(syntax)' : col === undefined ? `line ${line}` : `line ${line}, column ${col}`;
  // V8 quotes the whole source after the token ("..." is not valid JSON): keep the token.
  const found = message.replace(/, ".*" is not valid JSON$/s, '').split('\n')[0];
  return { path, expected, found, ...(line === undefined ? {} : { line }) };
}

function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

function problemsOf(error: z.ZodError, data: unknown): CoalitionFileProblem[] {
  return error.issues.flatMap((issue): CoalitionFileProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((field) => {
        const path = [...issue.path, field];
        return { path: formatPath(path), expected: 'a known field (misspelt?)', found: render(valueAt(data, path)) };
      });
    }
    return [{ path: formatPath(issue.path) || '(top level)', expected: expectedOf(issue), found: render(valueAt(data, issue.path)) }];
  });
}

/** What the schema wanted, in words; the schema's own messages are already worded so. */
function expectedOf(issue: z.ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected;
    case 'invalid_literal':
      return JSON.stringify(issue.expected);
    case 'invalid_enum_value':
      return `one of ${issue.options.map((option) => JSON.stringify(option)).join(', ')}`;
    default:
      return issue.message;
  }
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let value = data;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

/** The value as JSON, cut short: enough to recognise it in the file. */
function render(value: unknown, max = 60): string {
  if (value === undefined) return 'missing';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > max ? `${json.slice(0, max - 1)}…` : json;
}
