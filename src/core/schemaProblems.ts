import type { z } from 'zod';

import type { StudioErrorCode } from './errors';
import { StudioError } from './errors';

/** Each problem of a parse as "field: what is wrong", the field named by its dotted path. */
export function schemaProblems(error: z.ZodError, root = 'value'): Array<{ field: string; message: string }> {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || root, message: issue.message }));
}

/**
 * One line naming the first few problems, never zod's JSON dump: "history.1.trainLoss: Invalid input: expected
 * number, received NaN (and 7 more)".
 */
export function problemLine(error: z.ZodError, root = 'value', shown = 3): string {
  const problems = schemaProblems(error, root);
  const listed = problems.slice(0, shown).map((p) => `${p.field}: ${p.message}`).join('; ');
  return problems.length > shown ? `${listed} (and ${problems.length - shown} more)` : listed;
}

/** Parses a value or throws a StudioError whose one-line message says what it was and which fields are wrong. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string, code: StudioErrorCode = 'internal'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new StudioError(code, `${what} is not valid: ${problemLine(parsed.error)}`);
}
