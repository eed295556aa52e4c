/** Turns the control plane's job messages into TerraformRunner inputs. */
import type { AcquiredJob, JobLog, JobMetadata, LogLevel, NameValue, VariableValue } from '@warren/sdk/provisionerd';
import type { WorkspaceMetadata, WorkspaceTransition } from '../terraform/types.js';

export type BuildJob = Extract<AcquiredJob['type'], { kind: 'workspace_build' }>;
export type ImportJob = Extract<AcquiredJob['type'], { kind: 'template_import' }>;
export type DryRunJob = Extract<AcquiredJob['type'], { kind: 'template_dry_run' }>;

/** The wire's `delete` is Coder's DESTROY transition: `terraform plan -destroy`. */
export function runnerTransition(transition: JobMetadata['workspaceTransition']): WorkspaceTransition {
  return transition === 'delete' ? 'destroy' : transition;
}

/** The job metadata as the runner takes it, without the transition (imports and dry-runs set their own). */
export function runnerMetadata(metadata: Partial<JobMetadata>, accessUrl: string): Omit<WorkspaceMetadata, 'workspaceTransition'> {
  return {
    coderUrl: metadata.coderUrl || accessUrl,
    workspaceName: metadata.workspaceName,
    workspaceId: metadata.workspaceId,
    workspaceBuildId: metadata.workspaceBuildId,
    workspaceOwner: metadata.workspaceOwner,
    workspaceOwnerId: metadata.workspaceOwnerId,
    workspaceOwnerEmail: metadata.workspaceOwnerEmail,
    workspaceOwnerName: metadata.workspaceOwnerName,
    workspaceOwnerSessionToken: metadata.workspaceOwnerSessionToken,
    workspaceOwnerOidcAccessToken: metadata.workspaceOwnerOidcAccessToken,
    workspaceOwnerGroups: metadata.workspaceOwnerGroups,
    workspaceOwnerSshPublicKey: metadata.workspaceOwnerSshPublicKey,
    workspaceOwnerSshPrivateKey: metadata.workspaceOwnerSshPrivateKey,
    workspaceOwnerLoginType: metadata.workspaceOwnerLoginType,
    workspaceOwnerRbacRoles: metadata.workspaceOwnerRbacRoles,
    templateId: metadata.templateId,
    templateName: metadata.templateName,
    templateVersion: metadata.templateVersion,
  };
}

/** Metadata of an import: as Coder, only the URL and the "Everyone" group unless the job says more. */
export function importMetadata(job: ImportJob, accessUrl: string): Omit<WorkspaceMetadata, 'workspaceTransition'> {
  const metadata = runnerMetadata(job.metadata, accessUrl);
  return { ...metadata, workspaceOwnerGroups: metadata.workspaceOwnerGroups ?? ['Everyone'] };
}

/** Metadata of a dry-run, with Coder's defaults for what a preview does not know yet. */
export function dryRunMetadata(job: DryRunJob, userName: string, accessUrl: string, newId: () => string) {
  const metadata = runnerMetadata(job.metadata, accessUrl);
  return {
    ...metadata,
    workspaceName: metadata.workspaceName || 'dryrun',
    workspaceOwner: metadata.workspaceOwner || userName || 'dryrunner',
    workspaceId: metadata.workspaceId || newId(),
    workspaceOwnerId: metadata.workspaceOwnerId || newId(),
  };
}

export function buildMetadata(job: BuildJob, accessUrl: string): WorkspaceMetadata {
  return { ...runnerMetadata(job.metadata, accessUrl), workspaceTransition: runnerTransition(job.metadata.workspaceTransition) };
}

export function nameValues(values: readonly NameValue[]): { name: string; value: string }[] {
  return values.map(({ name, value }) => ({ name, value }));
}

/** Template variable values for `-var`; sensitivity only matters to the control plane. */
export function variableValues(values: readonly VariableValue[]): { name: string; value: string }[] {
  return nameValues(values);
}

const levelRank: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

/**
 * Which terraform lines a build keeps: with a log level set on the build, lines below it are
 * dropped (as Coder's provisioner session does); without one, everything passes.
 */
export function logFilter(logLevel: string): (log: Pick<JobLog, 'level'>) => boolean {
  const minimum = levelRank[logLevel.toLowerCase() as LogLevel];
  if (minimum === undefined) return () => true;
  return (log) => levelRank[log.level] >= minimum;
}
