import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { isNotFound, isUnauthorized } from './api/client';
import { createRouter } from './router';
import { applyTheme, storedPreference } from './theme';
import './index.css';

applyTheme(storedPreference());

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A missing session or resource will not change by asking again.
      retry: (count, err) => !isUnauthorized(err) && !isNotFound(err) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={createRouter()} />
    </QueryClientProvider>
  </StrictMode>,
);
