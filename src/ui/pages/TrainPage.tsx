export function TrainPage() {
  return <h2 id="page-title">Train</h2>;
}
