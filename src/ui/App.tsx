import { StatusBar } from './components/StatusBar';
import { DataPage } from './pages/DataPage';
import { ExperimentsPage } from './pages/ExperimentsPage';
import { ExplainPage } from './pages/ExplainPage';
import { ModelsPage } from './pages/ModelsPage';
import { TrainPage } from './pages/TrainPage';
import { PAGES, usePage } from './router';

const PAGE_COMPONENTS = {
  data: DataPage,
  train: TrainPage,
  explain: ExplainPage,
  experiments: ExperimentsPage,
  models: ModelsPage,
} as const;

export function App() {
  const page = usePage();
  const Page = PAGE_COMPONENTS[page];
  return (
    <div className="app">
      {/* The address's hash is the route, so the skip link moves focus itself instead of following #main. */}
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to the page’s content
      </a>
      <header className="app-header">
        <h1 className="brand">Saliency Studio</h1>
        <nav aria-label="Pages">
          <ul className="nav-list">
            {PAGES.map((p) => (
              <li key={p.path}>
                <a href={`#/${p.path}`} aria-current={p.path === page ? 'page' : undefined}>
                  {p.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <StatusBar />
      <main className="page" id="main" tabIndex={-1} aria-labelledby="page-title">
        <Page />
      </main>
    </div>
  );
}
