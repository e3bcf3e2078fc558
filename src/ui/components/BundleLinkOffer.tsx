import { formatBytes } from '../../core/format';
import { acceptBundleLink, dismissBundleLink } from '../bundleActions';
import { useModelsStore } from '../stores/modelsStore';

/** A `?bundle=` link, shown with its host before anything is fetched; the user decides, and can stop the download. */
export function BundleLinkOffer() {
  const link = useModelsStore((s) => s.link);
  const active = useModelsStore((s) => s.active);
  if (!link) return null;
  const progress = link.totalBytes ? `${formatBytes(link.receivedBytes)} of ${formatBytes(link.totalBytes)}` : formatBytes(link.receivedBytes);
  return (
    <section className="card link-offer" aria-labelledby="link-title" data-testid="bundle-link">
      <h3 id="link-title">This link opens a model bundle</h3>
      <p>
        From <strong data-testid="bundle-link-host">{link.host}</strong>: <code title={link.url}>{link.fileName}</code>
      </p>
      <p className="muted">
        Open bundles from people you trust. The studio checks every file before it keeps anything, but it cannot tell whether a model is any good.
        {active ? ` Opening it makes it the model for predictions instead of “${active.name}”, which stays in the list below.` : ''}
      </p>
      {link.phase === 'offered' && (
        <p className="actions">
          <button onClick={() => void acceptBundleLink()}>Download and open</button> <button onClick={dismissBundleLink}>Not now</button>
        </p>
      )}
      {link.phase === 'downloading' && (
        <p role="status">
          <progress max={link.totalBytes ?? undefined} value={link.totalBytes ? link.receivedBytes : undefined} aria-label={`Downloading ${link.fileName}`} /> Downloading {progress} from {link.host}…{' '}
          <button onClick={dismissBundleLink}>Cancel</button>
        </p>
      )}
      {link.phase === 'checking' && <p role="status">Checking {link.fileName} ({formatBytes(link.receivedBytes)}) before keeping it…</p>}
    </section>
  );
}
