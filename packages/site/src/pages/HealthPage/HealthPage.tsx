import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { healthReport, healthSettings, refreshHealth, setSectionDismissed } from '../../api/queries/health';
import { HealthPageView } from './HealthPageView';

/** Coder's deployment health page (`/health`): each section with its severity, refresh, dismiss toggles. */
export function HealthPage() {
  const queryClient = useQueryClient();
  const report = useQuery(healthReport());
  const settings = useQuery(healthSettings());
  const refresh = useMutation(refreshHealth(queryClient));
  const dismiss = useMutation(setSectionDismissed(queryClient));
  return (
    <HealthPageView
      report={report.data}
      error={report.isError && !report.data ? report.error : undefined}
      onRetry={() => void report.refetch()}
      refreshing={refresh.isPending}
      onRefresh={() => refresh.mutate()}
      dismissing={dismiss.isPending ? dismiss.variables?.section : undefined}
      onDismissChange={(section, dismissed) =>
        dismiss.mutate({ section, dismissed, current: settings.data ?? { dismissed_healthchecks: [] } })
      }
      actionError={refresh.error ?? dismiss.error ?? undefined}
    />
  );
}
