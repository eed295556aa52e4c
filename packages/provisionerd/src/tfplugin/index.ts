// Warren's Terraform plugin framework: declare a provider with the schema DSL and typed handlers,
// then serve it in-process to terraform (serveReattach) or as a plugin process (servePluginProcess).
export { attribute, block, t } from './schema.js';
export type {
  AttributeOptions, BlockSchema, ConfigOf, MaybeUnknown, NestedBlockOptions, ResourceSchema, TypeOf, ValueOf, WithUnknowns,
} from './schema.js';
export { providerKit } from './provider.js';
export type { DataSourceDefinition, HandlerContext, JsonObject, ProviderDefinition, ResourceDefinition, ValidateContext } from './provider.js';
export { Diagnostics, ProviderError } from './diagnostics.js';
export type { AttributePath, DiagnosticOptions, PathStep } from './diagnostics.js';
export { CtyDynamic, isUnknown, Unknown } from './cty/value.js';
export type { CtyNumber, CtyValue, Refinements } from './cty/value.js';
export type { CtyType } from './cty/types.js';
export { serveReattach } from './reattach.js';
export type { ReattachEntry, ReattachOptions, ReattachServer } from './reattach.js';
export { servePluginProcess } from './plugin-process.js';
