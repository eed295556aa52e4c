// @warren/provisionerd: what the server and the CLI use to run provisioner daemons.
// Resource and job message types live in @warren/sdk (provisioner-resources, provisionerd).

// The job loop.
export {
  canceledJobError,
  ProvisionerDaemon,
  type ProvisionerDaemonOptions,
  type ProvisionerDaemonPool,
  type ProvisionerDaemonPoolOptions,
  shutdownJobError,
  startProvisionerDaemons,
} from './daemon/index.js';

// Running terraform as Coder's provisioner does.
export {
  type Clock,
  findTerraform,
  type FindTerraformOptions,
  minimumTerraformVersion,
  parameterEnvName,
  previousParameterEnvName,
  systemClock,
  type TerraformBinary,
  TerraformRunner,
  TerraformUnavailableError,
} from './terraform/index.js';
export type {
  BuildOptions,
  BuildResult,
  DryRunOptions,
  DryRunResult,
  ImportOptions,
  ImportResult,
  PlannedTransition,
  ProvisionLog,
  TerraformRunnerOptions,
  WorkspaceMetadata,
} from './terraform/index.js';

// Warren's `coder/coder` Terraform provider, served in-process through TF_REATTACH_PROVIDERS.
export {
  CODER_PROVIDER_ADDRESS,
  coderProvider,
  type CoderProviderOptions,
  resolveParameter,
  serveCoderProvider,
  type ServeCoderProviderOptions,
} from './provider/index.js';

// ConvertState: plan/state JSON and the graph into Coder resources.
export {
  convertState,
  type ConvertStateOptions,
  ConvertStateError,
  planModules,
  stateModules,
  type TfPlan,
  type TfState,
} from './convert/index.js';

export { daemonLoopFactory, type DaemonLoopOptions } from './daemon/loop-factory.js';
export {
  DEFAULT_IN_PROCESS_PROVIDERS,
  IN_PROCESS_PROVIDERS_OPTION,
  type InProcessProviderName,
  resolveInProcessProviders,
} from './daemon/in-process-providers.js';

// Warren's `kreuzwerker/docker` Terraform provider, served in-process beside coder/coder.
export { DOCKER_PROVIDER_ADDRESS, dockerProvider, serveDockerProvider } from './docker/index.js';

// External daemons: the job protocol over the serve WebSocket.
export { RemoteProvisionerApi, type RemoteAuth, type RemoteConnectionOptions } from './remote/connection.js';
export { RefusedError } from './remote/dial.js';
export { startExternalProvisioner, type ExternalProvisioner, type ExternalProvisionerOptions } from './remote/start.js';
export { resolveProvisionerStartConfig, type ProvisionerStartConfig } from './remote/options.js';
