import { useQuery } from '@tanstack/react-query';
import { client } from '../../api/client';
import { DeploymentSettingsPageView } from './DeploymentSettingsPageView';

/** `/deployment/settings`: the server's options, read-only (owners; secrets withheld by the server). */
export function DeploymentSettingsPage() {
  const config = useQuery({ queryKey: ['deployment', 'config'], queryFn: () => client.deploymentConfig() });
  return <DeploymentSettingsPageView options={config.data?.options} error={config.error ?? undefined} onRetry={() => void config.refetch()} />;
}
