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
