import type { ImportProblem } from '../../core/data/datasetTypes';

/** Files an import left out, each with its reason. */
export function ProblemList({ problems }: { problems: readonly ImportProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="problems">
      {problems.map((p) => (
        <li key={`${p.file}:${p.reason}`}>
          <code>{p.file}</code>: {p.reason}
        </li>
      ))}
    </ul>
  );
}
