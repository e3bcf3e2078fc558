/** Rows are true classes, columns predicted; with onCellClick each count is a button into the gallery. */
export function ConfusionMatrix({ confusion, classNames, onCellClick }: { confusion: number[][]; classNames: string[]; onCellClick?: (trueClass: number, predicted: number) => void }) {
  return (
    <table aria-label="Confusion matrix" data-testid="confusion-matrix" className="confusion">
      <caption className="muted">Confusion matrix (test split): rows are true classes, columns predicted{onCellClick ? '; click a count to see those images' : ''}</caption>
      <thead>
        <tr>
          <th />
          {classNames.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {confusion.map((row, i) => (
          <tr key={classNames[i]}>
            <th scope="row">{classNames[i]}</th>
            {row.map((n, j) => (
              <td key={j} style={i === j ? { fontWeight: 700 } : undefined}>
                {onCellClick ? (
                  <button className="link-button" onClick={() => onCellClick(i, j)} aria-label={`${n} test image(s) of ${classNames[i]} predicted as ${classNames[j]}`}>
                    {n}
                  </button>
                ) : (
                  n
                )}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
