/** ConvertState: Terraform plan/state JSON plus `terraform graph` output → Coder resources. */
export { convertState } from './convert-state.js';
export type { ConvertStateOptions } from './convert-state.js';
export { ConvertStateError } from './errors.js';
export type { Warn } from './errors.js';
export { planModules, stateModules } from './terraform-json.js';
export type { TfPlan, TfState, TfStateModule, TfStateResource } from './terraform-json.js';
export { agentToProtoJson, resourceToProtoJson, richParameterToProtoJson, stateToProtoJson } from './proto-json.js';
export type { ProtoJson, ProtoJsonValue } from './proto-json.js';
export * from '@warren/sdk/provisioner-resources';
