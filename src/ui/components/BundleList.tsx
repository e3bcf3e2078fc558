import { METHOD_LABELS } from '../../core/train/trainConfig';
import type { SavedBundle } from '../../browser/bundleDb';
import { formatBytes, formatPercent } from '../../core/format';
import { activateBundle, downloadBundle, removeBundle } from '../bundleActions';
import { ConfirmButton } from './ConfirmButton';


/** Bundles kept in this browser: what each is, and open (for predictions), download or delete it. */
export function BundleList({ bundles, activeId, busy }: { bundles: SavedBundle[]; activeId: string | null; busy: boolean }) {
  if (bundles.length === 0) return <p className="muted">No bundles kept in this browser yet.</p>;
  return (
    <table data-testid="bundle-list">
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">Classes</th>
          <th scope="col">Architecture</th>
          <th scope="col">Test F1</th>
          <th scope="col">From</th>
          <th scope="col">Size</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {bundles.map((b) => {
          const isActive = b.id === activeId;
          return (
            <tr key={b.id} aria-current={isActive ? 'true' : undefined} className={isActive ? 'active-row' : undefined}>
              <td>
                {b.studio.name}
                {isActive && <strong> (open)</strong>}
                <div className="muted">{b.fileName}</div>
              </td>
              <td>{b.studio.classNames.join(', ')}</td>
              <td>
                {METHOD_LABELS[b.studio.trainConfig.method]}, {b.studio.backbone} ×{b.studio.width}, {b.studio.inputSizePx} px
              </td>
              <td>{formatPercent(b.studio.test?.f1)}</td>
              <td>{b.origin}</td>
              <td>{formatBytes(b.sizeBytes)}</td>
              <td className="row">
                <button disabled={busy || isActive} onClick={() => void activateBundle(b)} aria-label={`Open ${b.studio.name} for predictions`}>
                  Open
                </button>
                <button className="secondary" onClick={() => void downloadBundle(b)} aria-label={`Download ${b.studio.name}`}>
                  Download
                </button>
                <ConfirmButton question={`Delete ${b.studio.name} from this browser?`} onConfirm={() => void removeBundle(b)} disabled={busy} label={`Delete ${b.studio.name}`}>
                  Delete
                </ConfirmButton>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
