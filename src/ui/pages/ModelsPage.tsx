import { EmptyState } from '../components/EmptyState';

export function ModelsPage() {
  return (
    <>
      <h2 id="page-title">Models</h2>
      <EmptyState title="No models yet">
        <p>
          Models you train on the <a href="#/train">Train</a> page, and bundles that others share with you, will be
          listed here to export, open and predict with.
        </p>
      </EmptyState>
    </>
  );
}
