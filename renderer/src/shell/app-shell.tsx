import { Suspense, useMemo, useState, type ComponentType } from 'react';
import { ErrorBoundary } from './error-boundary';
import { Loading } from '../components/states';
import { useShortcuts } from './keyboard';
import { ViewRouteContext, navigate, useRoute } from './router';
import { StatusBar } from './status-bar';
import { ThemeContext, useThemeState } from './theme';
import { VIEWS, findView, type ViewEntry } from './views';

/** Navigation, the current view, the status bar and the keyboard shortcuts around them. */
export function AppShell() {
  const [theme, toggleTheme] = useThemeState();
  const route = useRoute();
  const [help, setHelp] = useState(false);
  const view = findView(route.path);

  const shortcuts = useMemo(
    () => ({
      go: Object.fromEntries(VIEWS.map((v) => [v.goKey, () => navigate(v.path)])),
      keys: {
        // Number keys for the first nine views; every view also has "g <letter>".
        ...Object.fromEntries(VIEWS.slice(0, 9).map((v, i) => [String(i + 1), () => navigate(v.path)])),
        t: toggleTheme,
        '?': () => setHelp((h) => !h),
      },
    }),
    [toggleTheme],
  );
  useShortcuts(shortcuts);

  // Views stay mounted once visited (hidden when not shown): switching back to one shows its
  // drawn charts at once instead of rebuilding them. Each keeps the query it was last shown with.
  const [visited, setVisited] = useState<Record<string, string>>({});
  const query = route.params.toString();
  if (view && visited[view.path] !== query) setVisited({ ...visited, [view.path]: query });

  const groups = [...new Set(VIEWS.map((v) => v.group))];
  return (
    <ThemeContext.Provider value={theme}>
      <div className="shell">
        <nav className="nav" aria-label="Views">
          <div className="brand">Fintech Data Engine</div>
          {groups.map((group) => (
            <div key={group} className="nav-group">
              <div className="nav-group-title">{group}</div>
              <ul>
                {VIEWS.filter((v) => v.group === group).map((v) => (
                  <li key={v.path}>
                    <a
                      href={`#${v.path}`}
                      className={v === view ? 'active' : undefined}
                      aria-current={v === view ? 'page' : undefined}
                      data-testid={`nav-${v.path === '/' ? 'overview' : v.path.slice(1)}`}
                    >
                      <span>{v.title}</span>
                      <kbd title={`press ${keyOf(v)}`}>{VIEWS.indexOf(v) < 9 ? VIEWS.indexOf(v) + 1 : `g ${v.goKey}`}</kbd>
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <div className="nav-foot">
            <button type="button" onClick={toggleTheme} data-testid="theme-toggle" aria-label={`switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
              {theme === 'dark' ? '☀ Light theme' : '☾ Dark theme'}
            </button>
            <button type="button" className="link" onClick={() => setHelp((h) => !h)} aria-expanded={help}>
              Keyboard shortcuts (?)
            </button>
          </div>
        </nav>
        <main className="content" data-testid="view" data-view={route.path}>
          {help && <ShortcutHelp onClose={() => setHelp(false)} />}
          {VIEWS.filter((v) => visited[v.path] !== undefined).map((v) => (
            <KeptView key={v.path} path={v.path} query={visited[v.path]!} active={v === view} component={v.component} />
          ))}
          {!view && <NotFound path={route.path} />}
        </main>
        <StatusBar />
      </div>
    </ThemeContext.Provider>
  );
}

const keyOf = (v: ViewEntry) => {
  const i = VIEWS.indexOf(v);
  return i < 9 ? `${i + 1} or g ${v.goKey}` : `g ${v.goKey}`;
};

/** One view with its own route context, hidden (display: none) while another view is shown. */
function KeptView({ path, query, active, component: Component }: { path: string; query: string; active: boolean; component: ComponentType }) {
  const route = useMemo(() => ({ path, params: new URLSearchParams(query), active }), [path, query, active]);
  return (
    <div hidden={!active} data-active={active} data-view-path={path}>
      <ViewRouteContext.Provider value={route}>
        <ErrorBoundary>
          <Suspense fallback={<Loading what="the view" />}>
            <Component />
          </Suspense>
        </ErrorBoundary>
      </ViewRouteContext.Provider>
    </div>
  );
}

function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <aside className="panel help" aria-label="Keyboard shortcuts">
      <h2>Keyboard shortcuts</h2>
      <ul>
        {VIEWS.map((v, i) => (
          <li key={v.path}>
            {i < 9 && (
              <>
                <kbd>{i + 1}</kbd> or{' '}
              </>
            )}
            <kbd>g</kbd> <kbd>{v.goKey}</kbd> {v.title}
          </li>
        ))}
        <li>
          <kbd>t</kbd> switch theme, <kbd>Tab</kbd> moves through every control, <kbd>Ctrl</kbd>+<kbd>Enter</kbd> runs SQL
        </li>
      </ul>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </aside>
  );
}

function NotFound({ path }: { path: string }) {
  return (
    <div className="state state-empty">
      <p>
        No view at <code>{path}</code>. <a href="#/">Go to the Overview</a>.
      </p>
    </div>
  );
}
