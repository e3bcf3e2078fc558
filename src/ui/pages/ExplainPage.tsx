import { EmptyState } from '../components/EmptyState';

export function ExplainPage() {
  return (
    <>
      <h2 id="page-title">Explain</h2>
      <EmptyState title="No trained model to explain yet">
        <p>
          Train a model on the <a href="#/train">Train</a> page. Its SPN masks and Grad-CAM maps will then be overlaid on
          every image here, next to the ground-truth masks.
        </p>
      </EmptyState>
    </>
  );
}
