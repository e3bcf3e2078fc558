import { EmptyState } from '../components/EmptyState';

export function ExperimentsPage() {
  return (
    <>
      <h2 id="page-title">Experiments</h2>
      <EmptyState title="No experiments yet">
        <p>
          Experiments will compare methods, backbones, label ratios and seeds, as the report's tables do. The grid
          builder is not built yet: for now, train single runs on the <a href="#/train">Train</a> page.
        </p>
      </EmptyState>
    </>
  );
}
