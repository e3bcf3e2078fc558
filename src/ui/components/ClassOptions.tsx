/** One `<option>` per class, valued by class index. */
export function ClassOptions({ classNames }: { classNames: readonly string[] }) {
  return (
    <>
      {classNames.map((c, k) => (
        <option key={c} value={k}>
          {c}
        </option>
      ))}
    </>
  );
}

/** A labelled class filter: "all" (−1) or one class index. */
export function ClassFilter({ label, value, classNames, onChange }: { label: string; value: number; classNames: readonly string[]; onChange: (classIndex: number) => void }) {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        <option value={-1}>all</option>
        <ClassOptions classNames={classNames} />
      </select>
    </label>
  );
}
