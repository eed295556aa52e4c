import { useQuery } from '@tanstack/react-query';
import type { Organization } from '@warren/sdk/organizations';
import { useOutletContext } from 'react-router';
import { provisionerDaemons } from '../../../api/queries/provisioners';
import { ProvisionersPageView } from './ProvisionersPageView';

/** The organization's provisioner daemons, asked again every few seconds. */
export function ProvisionersPage() {
  const org = useOutletContext<Organization>();
  const daemons = useQuery(provisionerDaemons(org.name));
  return (
    <ProvisionersPageView
      organization={org.name}
      daemons={daemons.data}
      error={daemons.isError && !daemons.data ? daemons.error : undefined}
      onRetry={() => void daemons.refetch()}
    />
  );
}
