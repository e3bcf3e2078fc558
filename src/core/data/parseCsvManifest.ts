import Papa from 'papaparse';

import type { DatasetEntry, ImportProblem, ParsedDataset } from './datasetTypes';

interface CsvRow {
  cells: string[];
  line: number;
}

/**
 * Rows with the line each starts on (a quoted cell may hold commas and newlines), and the parser's complaints:
 * parsed by Papa Parse, a well-kept CSV reader, rather than by splitting lines.
 */
function readCsvRows(text: string): { rows: CsvRow[]; errors: Array<{ line: number; message: string }> } {
  const rows: CsvRow[] = [];
  const errors: Array<{ line: number; message: string }> = [];
  // One line break everywhere, so a file that mixes Windows and Unix endings reads as it looks.
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let start = 0;
  let line = 1;
  const advance = (to: number): void => {
    for (let i = start; i < to && i < body.length; i++) if (body[i] === '\n') line++;
    start = to;
  };
  Papa.parse<string[]>(body, {
    delimiter: ',',
    newline: '\n',
    skipEmptyLines: 'greedy',
    step: (result) => {
      // The row begins at the first character after the previous row that is not a line break.
      while (start < body.length && body[start] === '\n') advance(start + 1);
      const rowLine = line;
      for (const e of result.errors) errors.push({ line: rowLine, message: e.message });
      rows.push({ cells: result.data.map((c) => c.trim()), line: rowLine });
      advance(result.meta.cursor);
    },
  });
  return { rows, errors };
}

function joinRelative(base: string, relative: string): string {
  const folder = base.split('/').slice(0, -1);
  for (const part of relative.split(/[\\/]+/)) {
    if (part === '..') folder.pop();
    else if (part && part !== '.') folder.push(part);
  }
  return folder.join('/');
}

/** Reads an `image,label,mask` manifest (mask empty or `none` for no mask); paths are relative to the CSV. */
export function parseCsvManifest(text: string, csvPath: string, existingPaths: ReadonlySet<string>): ParsedDataset {
  const problems: ImportProblem[] = [];
  const { rows, errors } = readCsvRows(text);
  for (const e of errors) problems.push({ file: `${csvPath} line ${e.line}`, reason: `is not valid CSV (${e.message})` });
  const header = (rows[0]?.cells ?? []).map((h) => h.toLowerCase());
  const column = (name: string): number => header.indexOf(name);
  if (column('image') < 0 || column('label') < 0) {
    return { layout: 'csv', hasPredefinedSplit: false, classNames: [], entries: [], problems: [...problems, { file: csvPath, reason: 'the first line must name the columns image,label,mask' }] };
  }
  const entries: DatasetEntry[] = [];
  const seen = new Set<string>();
  rows.slice(1).forEach(({ cells, line }) => {
    const place = `${csvPath} line ${line}`;
    const image = cells[column('image')] ?? '';
    const label = cells[column('label')] ?? '';
    const mask = column('mask') >= 0 ? (cells[column('mask')] ?? '') : '';
    if (!image || !label) return problems.push({ file: place, reason: 'needs an image path and a label' });
    const imagePath = joinRelative(csvPath, image);
    if (!existingPaths.has(imagePath)) return problems.push({ file: place, reason: `image ${image} is not in the dropped folder` });
    if (seen.has(imagePath)) return problems.push({ file: place, reason: `image ${image} is listed twice` });
    seen.add(imagePath);
    const hasMask = mask !== '' && mask.toLowerCase() !== 'none';
    const maskPath = hasMask ? joinRelative(csvPath, mask) : null;
    if (maskPath && !existingPaths.has(maskPath)) problems.push({ file: place, reason: `mask ${mask} is not in the dropped folder; the image is kept without a mask` });
    entries.push({ id: imagePath, imagePath, maskPaths: maskPath && existingPaths.has(maskPath) ? [maskPath] : [], className: label, split: null });
    return undefined;
  });
  const classNames = [...new Set(entries.map((e) => e.className))].sort((a, b) => a.localeCompare(b));
  return { layout: 'csv', hasPredefinedSplit: false, classNames, entries, problems };
}
