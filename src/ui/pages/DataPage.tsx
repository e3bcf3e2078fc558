export function DataPage() {
  return <h2 id="page-title">Data</h2>;
}
