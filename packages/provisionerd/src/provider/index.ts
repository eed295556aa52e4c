// Warren's implementation of the `registry.terraform.io/coder/coder` Terraform provider.
export { agentInitScript, agentToken } from './agent.js';
export { type Env as ProviderEnv, EnvReader, parameterVariable, previousParameterVariable, runningAgentTokenVariable } from './env.js';
export { resolveParameter, type ParameterOutcome, type ParameterSpec, type ValidationRule } from './parameter-rules.js';
export { CODER_PROVIDER_ADDRESS, coderProvider, type CoderProviderOptions } from './provider.js';
export { serveCoderProvider, type ServeCoderProviderOptions } from './serve.js';
export { bootstrapLinux, defaultAgentScripts } from './agent-scripts.js';
