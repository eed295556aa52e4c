/**
 * The parts of `terraform show -json` output that ConvertState reads, and how the module list is
 * taken from a plan or a state.
 */

/** A module of a plan's `planned_values` / `prior_state.values`, or of a state's `values`. */
export interface TfStateModule {
  address?: string;
  resources?: TfStateResource[];
  child_modules?: TfStateModule[];
}

export interface TfStateResource {
  /** e.g. `module.a.null_resource.b[0]`, `coder_app.apps["x"]`. */
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: number | string;
  provider_name?: string;
  schema_version?: number;
  /** Attribute values; attributes unknown at plan time are absent. */
  values?: Record<string, unknown>;
}

/** `terraform show -json` of a state file. */
export interface TfState {
  values?: { root_module?: TfStateModule };
}

/** `terraform show -json` of a plan file. */
export interface TfPlan {
  planned_values?: { root_module?: TfStateModule };
  prior_state?: TfState;
}

/** Modules to convert after `terraform apply`: the state's root module. */
export function stateModules(state: TfState): TfStateModule[] {
  const root = state.values?.root_module;
  return root ? [root] : [];
}

/**
 * Modules to convert after `terraform plan`: first the data sources of the prior state (data
 * sources read during plan, such as `coder_parameter`, appear only there), then the planned values.
 * Prior managed resources are left out so resources a stop deletes are not counted.
 */
export function planModules(plan: TfPlan): TfStateModule[] {
  const modules: TfStateModule[] = [];
  const prior = plan.prior_state?.values?.root_module;
  if (prior) modules.push(onlyDataResources(prior));
  const planned = plan.planned_values?.root_module;
  if (planned) modules.push(planned);
  return modules;
}

function onlyDataResources(module: TfStateModule): TfStateModule {
  return {
    ...module,
    resources: (module.resources ?? []).filter((resource) => resource.mode === 'data'),
    child_modules: (module.child_modules ?? []).map(onlyDataResources),
  };
}
