/** External auth providers, AI tasks and external agents a template declares. */
import type { DotGraph } from './dot-graph.js';
import { ConvertStateError } from './errors.js';
import type { ResourceIndex } from './resource-index.js';
import { compareStrings, decode } from './resource-index.js';
import type { AITask, ExternalAuthProvider } from '@warren/sdk/provisioner-resources';

/**
 * `data "coder_external_auth"` (and the legacy `coder_git_auth`, which loses on equal ids), one per
 * id, sorted by id.
 */
export function externalAuthProviders(index: ResourceIndex): ExternalAuthProvider[] {
  const byId = new Map<string, ExternalAuthProvider>();
  for (const resource of [...index.ofType('coder_git_auth'), ...index.ofType('coder_external_auth')]) {
    const id = resource.values?.['id'];
    if (typeof id !== 'string') throw new ConvertStateError('external auth id is not a string');
    const optional = resource.values?.['optional'];
    byId.set(id, { id, optional: typeof optional === 'boolean' && optional });
  }
  return [...byId.values()].sort((a, b) => compareStrings(a.id, b.id));
}

/** Each `coder_ai_task` instance; the deprecated `sidebar_app` block names the app when `app_id` does not. */
export function aiTasks(index: ResourceIndex): AITask[] {
  return index.ofType('coder_ai_task').map((resource) =>
    decode('ai task', resource, (attrs) => {
      const appId = attrs.string('app_id') || (attrs.blocks('sidebar_app')[0]?.string('id') ?? '');
      return { id: attrs.string('id'), appId, sidebarApp: { id: appId } };
    }),
  );
}

/** Whether the configuration declares a `coder_external_agent`, whatever its count. */
export function declaresExternalAgent(graph: DotGraph): boolean {
  for (const node of graph.nodes.values()) {
    const label = node.label ?? '';
    if (label.startsWith('coder_external_agent.') || label.includes('.coder_external_agent.')) return true;
  }
  return false;
}
