export { type Clock, systemClock } from './clock.js';
export { parameterEnvName, previousParameterEnvName } from './environment.js';
export {
  findTerraform,
  type FindTerraformOptions,
  minimumTerraformVersion,
  type TerraformBinary,
  TerraformUnavailableError,
} from './terraform-binary.js';
export type * from './job-types.js';
export type { TerraformCommandName } from './terraform-commands.js';
export { TerraformRunner } from './terraform-runner.js';
export type * from './types.js';
