import { useQuery } from '@tanstack/react-query';
import type { Organization } from '@warren/sdk/organizations';
import { useOutletContext, useSearchParams } from 'react-router';
import { provisionerDaemons, provisionerJobs } from '../../../api/queries/provisioners';
import { JOB_FILTERS, ProvisionerJobsPageView, type JobFilter } from './ProvisionerJobsPageView';

/** Queued and running jobs (or every recent one), with why a pending job waits. */
export function ProvisionerJobsPage() {
  const org = useOutletContext<Organization>();
  const [params, setParams] = useSearchParams();
  const filter: JobFilter = params.get('show') === 'all' ? 'all' : 'active';
  const jobs = useQuery(provisionerJobs(org.name, JOB_FILTERS[filter].status));
  const daemons = useQuery(provisionerDaemons(org.name));
  const error = (jobs.isError && !jobs.data ? jobs.error : undefined) ?? (daemons.isError && !daemons.data ? daemons.error : undefined);
  return (
    <ProvisionerJobsPageView
      organization={org.name}
      filter={filter}
      onFilterChange={(f) => setParams(f === 'all' ? { show: 'all' } : {})}
      jobs={jobs.data}
      daemons={daemons.data}
      error={error}
      onRetry={() => void Promise.all([jobs.refetch(), daemons.refetch()])}
    />
  );
}
