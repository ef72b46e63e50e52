import type { ReactNode } from 'react';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state state-loading" role="status" data-testid="state-loading">
      Loading {what}…
    </p>
  );
}

/** Nothing to show, and what the user can do about it. */
export function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="state state-empty" data-testid="state-empty">
      {children}
    </div>
  );
}

/** Hints keyed on the engine's error text, so the message says what to do next. */
function hintFor(message: string): ReactNode {
  if (/cannot reach|connection to the engine closed/i.test(message)) {
    return <>The engine is not answering. Restart <code>npx fde ui</code> (or the app) and reload.</>;
  }
  if (/does not exist|not found|no such table|no table|catalog error|no lake|lake is empty|not in the lake|has no lake open/i.test(message)) {
    return (
      <>
        This lake lacks the tables this view reads. Fill it with <code>npx fde demo --lake &lt;lake&gt;</code>, or open a lake
        that has them.
      </>
    );
  }
  return null;
}

/** A failed request: the engine's message, a hint, and the SQL that failed when there was one. */
export function ErrorState({ error, sql, retry }: { error: Error; sql?: string; retry?: () => void }) {
  const hint = hintFor(error.message);
  return (
    <div className="state state-error" role="alert" data-testid="state-error">
      <p className="error" data-testid="error-message">
        {error.message}
      </p>
      {hint && <p className="muted">{hint}</p>}
      {sql && (
        <pre className="sql" data-testid="error-sql">
          {sql}
        </pre>
      )}
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}
