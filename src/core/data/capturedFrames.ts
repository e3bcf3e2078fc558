// Frames captured from a camera become a dataset the way a dropped folder does: images/<class>/<frame>.png.

/** Why a class name cannot name a folder of captured frames (null when it can). */
export function classNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'type a class name first';
  if (/[/\\]/.test(trimmed)) return `“${trimmed}” has a slash: a class name is one folder name`;
  if (trimmed === '.' || trimmed === '..') return `“${trimmed}” cannot name a folder`;
  return null;
}

/** Each frame's path in the folder the import reads, numbered within its class in capture order. */
export function capturedFramePaths(classNames: readonly string[], root = 'camera'): string[] {
  const seen = new Map<string, number>();
  return classNames.map((raw) => {
    const name = raw.trim();
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return `${root}/images/${name}/frame-${String(n).padStart(3, '0')}.png`;
  });
}

/** The largest centred square of a width × height frame, as [x, y, side]: captured images are square, as the model's. */
export function centredSquare(width: number, height: number): [number, number, number] {
  const side = Math.min(width, height);
  return [Math.floor((width - side) / 2), Math.floor((height - side) / 2), side];
}
