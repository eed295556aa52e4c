/**
 * Coder's ConvertState: Terraform plan/state modules plus the `terraform graph` text → workspace
 * resources with their agents, apps, scripts, envs and metadata, and the template's parameters,
 * presets, external auth providers and AI tasks. Pure: no I/O.
 */
import { addressToLabel, addressToModulePath } from './addresses.js';
import { attachAgentChildren } from './agent-children.js';
import { agentFromResource, checkAgentName } from './agents.js';
import { findNodeByLabel, parseDotGraph } from './dot-graph.js';
import type { DotGraph } from './dot-graph.js';
import { ConvertStateError, quote } from './errors.js';
import type { Warn } from './errors.js';
import { nearestHostLabel } from './nearest-resource.js';
import { convertParameters } from './parameters.js';
import { convertPresets } from './presets.js';
import { indexResources } from './resource-index.js';
import type { ResourceIndex } from './resource-index.js';
import { decorationsByLabel } from './resource-metadata.js';
import { aiTasks, declaresExternalAgent, externalAuthProviders } from './template-extras.js';
import type { TfStateModule, TfStateResource } from './terraform-json.js';
import type { Agent, ConvertedState, Resource } from '@warren/sdk/provisioner-resources';

export interface ConvertStateOptions {
  /** Id for an app whose id is not known yet (plans); a random UUID by default. */
  newId?: () => string;
  /** Told about things that are accepted but look wrong. */
  warn?: Warn;
}

/** Coder resource types that are not shown as workspace resources themselves. */
const HIDDEN_TYPES = new Set(['coder_script', 'coder_agent', 'coder_agent_instance', 'coder_app', 'coder_metadata']);

/** Resource types whose agents authenticate by instance identity, and the attribute holding it. */
const INSTANCE_ID_ATTRIBUTE: Record<string, string> = {
  google_compute_instance: 'instance_id',
  aws_instance: 'id',
  aws_spot_instance_request: 'spot_instance_id',
  azurerm_linux_virtual_machine: 'virtual_machine_id',
  azurerm_windows_virtual_machine: 'virtual_machine_id',
};

/** Resource types whose instance type is recorded, and the attribute holding it. */
const INSTANCE_TYPE_ATTRIBUTE: Record<string, string> = {
  google_compute_instance: 'machine_type',
  aws_instance: 'instance_type',
  aws_spot_instance_request: 'instance_type',
  azurerm_linux_virtual_machine: 'size',
  azurerm_windows_virtual_machine: 'size',
};

/**
 * Converts `modules` (see `planModules` / `stateModules`) using the graph `dot`.
 * Throws {@link ConvertStateError} with Coder's message when the template is invalid.
 */
export function convertState(modules: TfStateModule[], dot: string, options: ConvertStateOptions = {}): ConvertedState {
  const newId = options.newId ?? (() => globalThis.crypto.randomUUID());
  const warn = options.warn ?? (() => undefined);
  let graph: DotGraph;
  try {
    graph = parseDotGraph(dot);
  } catch (error) {
    throw new ConvertStateError(error instanceof Error ? error.message : String(error));
  }
  const index = indexResources(modules);

  const agentsByHost = placeAgents(graph, index);
  const agents = [...agentsByHost.values()].flat();
  applyAgentInstances(index, agents);
  attachAgentChildren(graph, index, agents, { newId, warn });
  const decorations = decorationsByLabel(graph, index);

  const resources: Resource[] = [];
  for (const resource of index.all()) {
    if (resource.mode !== 'managed' || HIDDEN_TYPES.has(resource.type)) continue;
    const label = addressToLabel(resource.address);
    const hostAgents = agentsByHost.get(label) ?? [];
    applyAutomaticInstanceId(resource, hostAgents);
    const decoration = decorations.get(label);
    resources.push({
      name: resource.name,
      type: resource.type,
      agents: hostAgents,
      metadata: decoration?.metadata ?? [],
      hide: decoration?.hide ?? false,
      icon: decoration?.icon ?? '',
      dailyCost: decoration?.dailyCost ?? 0,
      instanceType: stringAttribute(resource, INSTANCE_TYPE_ATTRIBUTE[resource.type]),
      modulePath: addressToModulePath(resource.address),
    });
  }

  const parameters = convertParameters(index.inWalkOrder('coder_parameter'));
  const tasks = aiTasks(index);
  return {
    resources,
    parameters,
    presets: convertPresets(index.inWalkOrder('coder_workspace_preset'), parameters, warn),
    externalAuthProviders: externalAuthProviders(index),
    aiTasks: tasks,
    hasAITasks: tasks.length > 0,
    hasExternalAgents: declaresExternalAgent(graph),
  };
}

/** Puts each agent on the closest host resource that depends on it; agents with none are dropped. */
function placeAgents(graph: DotGraph, index: ResourceIndex): Map<string, Agent[]> {
  const agentsByHost = new Map<string, Agent[]>();
  const names = new Set<string>();
  for (const resource of index.ofType('coder_agent')) {
    checkAgentName(resource.name, names);
    const agent = agentFromResource(resource);
    const label = addressToLabel(resource.address);
    const node = findNodeByLabel(graph, label);
    if (!node) throw new ConvertStateError(`couldn't find node on graph: ${quote(label)}`);
    const host = nearestHostLabel(graph, index, node.name, 'dependents');
    if (host === undefined) continue;
    agentsByHost.set(host, [...(agentsByHost.get(host) ?? []), agent]);
  }
  return agentsByHost;
}

/** `coder_agent_instance` gives an instance-auth agent its instance id. */
function applyAgentInstances(index: ResourceIndex, agents: Agent[]): void {
  for (const resource of index.ofType('coder_agent_instance')) {
    const agentId = resource.values?.['agent_id'];
    const instanceId = resource.values?.['instance_id'];
    if (typeof agentId !== 'string' || typeof instanceId !== 'string') continue;
    const agent = agents.find((candidate) => candidate.id === agentId);
    if (agent?.auth.kind === 'instance') agent.auth = { kind: 'instance', instanceId };
  }
}

/** Cloud machines known to Coder give their instance-auth agents the machine's identity. */
function applyAutomaticInstanceId(resource: TfStateResource, agents: Agent[]): void {
  const instanceId = stringAttribute(resource, INSTANCE_ID_ATTRIBUTE[resource.type]);
  if (instanceId === '') return;
  for (const agent of agents) {
    if (agent.auth.kind === 'instance' && agent.auth.instanceId === '') {
      agent.auth = { kind: 'instance', instanceId };
    }
  }
}

function stringAttribute(resource: TfStateResource, key: string | undefined): string {
  const value = key === undefined ? undefined : resource.values?.[key];
  return typeof value === 'string' ? value : '';
}
