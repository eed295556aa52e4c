import { Link } from 'react-router';
import { buttonClass } from '../../components/Button';
import { useDocumentTitle } from '../../components/PageHeader';

export function NotFoundPage() {
  useDocumentTitle('Not found');
  return (
    <div className="flex min-h-full flex-col items-center justify-center gap-4 p-8 text-center">
      <p className="text-5xl font-bold text-content-muted">404</p>
      <h1 className="text-2xl font-semibold">This page does not exist</h1>
      <p className="text-content-muted">The address may be mistyped, or what it pointed to was deleted or is not yours to see.</p>
      <Link to="/workspaces" className={buttonClass('primary')}>
        Go to workspaces
      </Link>
    </div>
  );
}
