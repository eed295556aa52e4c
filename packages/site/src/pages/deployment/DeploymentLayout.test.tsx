import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import type { User } from '@warren/sdk/users';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { me } from '../../api/queries/users';
import { userFixture } from '../../testing/users';
import { DeploymentLayout } from './DeploymentLayout';

function renderAs(user: User) {
  const queryClient = new QueryClient();
  queryClient.setQueryData(me().queryKey, user);
  const router = createMemoryRouter(
    [{ path: '/deployment', element: <DeploymentLayout />, children: [{ path: 'users', element: <p>the users page</p> }] }],
    { initialEntries: ['/deployment/users'] },
  );
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

describe('DeploymentLayout', () => {
  it('shows owners the deployment pages beside their navigation', async () => {
    renderAs(userFixture({ username: 'owner', roles: [{ name: 'owner', display_name: 'Owner', organization_id: '' }] }));
    expect(await screen.findByText('the users page')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Deployment' })).toContainElement(screen.getByRole('link', { name: 'Users' }));
    expect(screen.getByRole('link', { name: 'Users' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'Health' })).toHaveAttribute('href', '/health');
  });

  it('shows anyone else the page that does not exist', async () => {
    renderAs(userFixture({ username: 'member' }));
    expect(await screen.findByRole('heading', { name: 'This page does not exist' })).toBeInTheDocument();
    expect(screen.queryByText('the users page')).toBeNull();
  });
});
