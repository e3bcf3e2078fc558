import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { parseOrThrow, problemLine } from './schemaProblems';

const history = z.object({ run: z.object({ history: z.array(z.object({ trainLoss: z.number(), valLoss: z.number() })) }) });

describe('schema problems in one line', () => {
  it('names each wrong field by its path, never zod’s JSON dump, and counts what it leaves out', () => {
    const parsed = history.safeParse({ run: { history: [{ trainLoss: 1, valLoss: 1 }, { trainLoss: Number.NaN, valLoss: Number.NaN }, { trainLoss: Number.NaN, valLoss: 'x' }, { trainLoss: Number.NaN, valLoss: 1 }] } });
    expect(parsed.success).toBe(false);
    const line = problemLine(parsed.error!);
    expect(line).toMatch(/^run\.history\.1\.trainLoss: .*NaN.*; run\.history\.1\.valLoss: .*; run\.history\.2\.trainLoss: .* \(and 2 more\)$/);
    expect(line).not.toContain('\n');
    expect(line).not.toContain('"code"');
  });

  it('throws a StudioError saying what was being parsed, and hands back the value when it is valid', () => {
    expect(() => parseOrThrow(history, { run: { history: [{ trainLoss: Number.NaN, valLoss: 1 }] } }, 'the finished run')).toThrow(/^the finished run is not valid: run\.history\.0\.trainLoss: /);
    expect(parseOrThrow(history, { run: { history: [] } }, 'the finished run')).toEqual({ run: { history: [] } });
  });
});
