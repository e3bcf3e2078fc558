import type { DatasetEntry, ImportProblem, ParsedDataset } from './datasetTypes';

function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
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
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const header = parseCsvLine(lines[0] ?? '').map((h) => h.toLowerCase());
  const column = (name: string): number => header.indexOf(name);
  if (column('image') < 0 || column('label') < 0) {
    return { layout: 'csv', hasPredefinedSplit: false, classNames: [], entries: [], problems: [{ file: csvPath, reason: 'the first line must name the columns image,label,mask' }] };
  }
  const entries: DatasetEntry[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((line, i) => {
    const cells = parseCsvLine(line);
    const place = `${csvPath} line ${i + 2}`;
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
