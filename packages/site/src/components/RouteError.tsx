import { Link, useRouteError } from 'react-router';
import { buttonClass } from './Button';
import { ErrorAlert } from './States';

/** What a route shows when its page fails to load or render (for instance after an upgrade). */
export function RouteError() {
  const error = useRouteError();
  return (
    <main className="mx-auto flex max-w-lg flex-col gap-4 p-8">
      <h1 className="text-xl font-semibold">This page failed to load</h1>
      <ErrorAlert error={error} />
      <div className="flex gap-2">
        <button type="button" className={buttonClass('primary')} onClick={() => window.location.reload()}>
          Reload
        </button>
        <Link to="/workspaces" className={buttonClass()}>
          Go to workspaces
        </Link>
      </div>
    </main>
  );
}
