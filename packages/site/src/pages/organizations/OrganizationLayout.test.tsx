import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import type { Organization } from '@warren/sdk/organizations';
import type { User } from '@warren/sdk/users';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { organizationRoutes } from './routes';

const org: Organization = { id: 'o1', name: 'coder', display_name: 'Coder', description: '', icon: '', created_at: '', updated_at: '', is_default: true };
const user = (roles: string[]) => ({ id: 'u1', username: 'alice', organization_ids: ['o1'], roles: roles.map((name) => ({ name, display_name: name })) }) as unknown as User;

function renderAt(path: string, roles: string[]) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity, refetchInterval: false } } });
  queryClient.setQueryData(['users', 'me'], user(roles));
  queryClient.setQueryData(['organizations', 'coder'], org);
  // Lists the pages would fetch, answered from the cache.
  queryClient.setQueryData(['organizations', 'coder', 'provisionerkeys'], []);
  queryClient.setQueryData(['organizations', 'coder', 'provisionerdaemons'], []);
  const router = createMemoryRouter(organizationRoutes, { initialEntries: [path] });
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

describe('the organization pages', () => {
  it('are for owners: a member gets the 404 page', async () => {
    renderAt('/organizations/coder/provisioner-keys', ['member']);
    expect(await screen.findByRole('heading', { name: 'This page does not exist' }, { timeout: 15_000 })).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Organization' })).toBeNull();
  });

  it('show an owner the side navigation with the current page marked, and open on the provisioners', async () => {
    renderAt('/organizations/coder/provisioner-keys', ['owner']);
    expect(await screen.findByRole('heading', { name: 'Provisioner keys' }, { timeout: 15_000 })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Provisioner keys' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'Provisioners' })).toHaveAttribute('href', '/organizations/coder/provisioners');
    expect(screen.getByRole('link', { name: 'Provisioner jobs' })).toHaveAttribute('href', '/organizations/coder/provisioner-jobs');
    const router = renderAt('/organizations/coder', ['owner']);
    await screen.findAllByRole('heading', { name: 'Provisioners' }, { timeout: 15_000 });
    expect(router.state.location.pathname).toBe('/organizations/coder/provisioners');
  });
});
