import { Button } from '../../components/Button';

/** Previous/next paging with the range shown. Pages count from 1. */
export function Pagination({ page, pageSize, count, onChange }: { page: number; pageSize: number; count: number; onChange: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const first = count === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(count, page * pageSize);
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm text-content-muted">
      <p>
        Showing {first}–{last} of {count}
      </p>
      <div className="flex items-center gap-2">
        <Button onClick={() => onChange(page - 1)} disabled={page <= 1}>
          Previous
        </Button>
        <span aria-current="page">
          Page {page} of {pages}
        </span>
        <Button onClick={() => onChange(page + 1)} disabled={page >= pages}>
          Next
        </Button>
      </div>
    </nav>
  );
}
