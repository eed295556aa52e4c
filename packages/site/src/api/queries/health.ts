import type { QueryClient } from '@tanstack/react-query';
import type { HealthSection, HealthSettings } from '@warren/sdk/health';
import { client } from '../client';

const reportKey = ['debug', 'health'] as const;
const settingsKey = ['debug', 'health', 'settings'] as const;

/** The deployment health report (owners only); the server answers a report up to 10 s old. */
export const healthReport = () => ({
  queryKey: reportKey,
  queryFn: () => client.debugHealth(),
  refetchInterval: 30_000,
});

export const healthSettings = () => ({
  queryKey: settingsKey,
  queryFn: () => client.healthSettings(),
});

/** Runs every check now (`?force=true`) and shows its result. */
export const refreshHealth = (queryClient: QueryClient) => ({
  mutationFn: () => client.debugHealth(true),
  onSuccess: (report: Awaited<ReturnType<typeof client.debugHealth>>) => queryClient.setQueryData(reportKey, report),
});

/** Dismisses or restores one section, then reloads the report so its severity counts again (or not). */
export const setSectionDismissed = (queryClient: QueryClient) => ({
  mutationFn: async ({ section, dismissed, current }: { section: HealthSection; dismissed: boolean; current: HealthSettings }) => {
    const others = current.dismissed_healthchecks.filter((s) => s !== section);
    const next = { dismissed_healthchecks: dismissed ? [...others, section] : others };
    await client.updateHealthSettings(next);
    return next;
  },
  onSuccess: async (next: HealthSettings) => {
    queryClient.setQueryData(settingsKey, next);
    await queryClient.invalidateQueries({ queryKey: reportKey, exact: true });
  },
});
