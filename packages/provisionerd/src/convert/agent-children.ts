/**
 * Attaching `coder_devcontainer`, `coder_app`, `coder_env` and `coder_script` resources to the
 * agent (or dev container sub-agent) whose id they name in `agent_id`. In a plan those ids are not
 * known yet, so a direct graph edge from the resource to the agent decides instead.
 */
import type { DotGraph } from './dot-graph.js';
import { ConvertStateError, quote } from './errors.js';
import type { Warn } from './errors.js';
import { decode } from './resource-index.js';
import type { ResourceIndex } from './resource-index.js';
import type { TfStateResource } from './terraform-json.js';
import type { Agent, App, Devcontainer, Env, Script } from '@warren/sdk/provisioner-resources';
import { AppOpenIn, AppSharingLevel } from '@warren/sdk/provisioner-resources';

const APP_SLUG_PATTERN = '^[a-z0-9](-?[a-z0-9])*$';
const APP_SLUG = new RegExp(APP_SLUG_PATTERN);

export interface AttachOptions {
  newId: () => string;
  warn: Warn;
}

/** The parent an item names in `agent_id`: an agent, or a dev container's sub-agent. */
interface Parent {
  kind: 'coder_agent' | 'coder_devcontainer';
  name: string;
  /** The agent id, or the dev container's sub-agent id; empty in plans. */
  id: string;
}

/**
 * Whether `child` (whose `agent_id` is `agentId`) belongs to `parent`: equal ids, or in a plan,
 * where neither id is known, a direct graph edge from the child to the parent (module prefix ignored).
 */
function dependsOn(graph: DotGraph, parent: Parent, child: TfStateResource, agentId: string): boolean {
  if (parent.id !== '' || agentId !== '') return parent.id === agentId;
  const childSuffix = `] ${child.type}.${child.name} (expand)`;
  const parentSuffix = `] ${parent.kind}.${parent.name} (expand)`;
  return graph.edges.some((edge) => edge.from.endsWith(childSuffix) && edge.to.endsWith(parentSuffix));
}

const asParent = (agent: Agent): Parent => ({ kind: 'coder_agent', name: agent.name, id: agent.id });

export function attachAgentChildren(
  graph: DotGraph,
  index: ResourceIndex,
  agents: Agent[],
  options: AttachOptions,
): void {
  for (const resource of index.ofType('coder_devcontainer')) {
    const { agentId, devcontainer } = decode('devcontainer', resource, (attrs) => ({
      agentId: attrs.string('agent_id'),
      devcontainer: {
        id: attrs.string('id'),
        name: resource.name,
        workspaceFolder: attrs.string('workspace_folder'),
        configPath: attrs.string('config_path'),
        subagentId: attrs.string('subagent_id'),
      },
    }));
    for (const agent of agents) {
      if (dependsOn(graph, asParent(agent), resource, agentId)) {
        agent.devcontainers.push({ ...devcontainer, apps: [], scripts: [], envs: [] });
      }
    }
  }

  /** Gives an item to the first agent its resource belongs to, else to the first such dev container. */
  const attach = (
    resource: TfStateResource,
    agentId: string,
    toAgent: (agent: Agent) => void,
    toDevcontainer: (devcontainer: Devcontainer) => void,
  ): void => {
    const agent = agents.find((candidate) => dependsOn(graph, asParent(candidate), resource, agentId));
    if (agent) return toAgent(agent);
    const devcontainer = agents
      .flatMap((candidate) => candidate.devcontainers)
      .find((candidate) =>
        dependsOn(graph, { kind: 'coder_devcontainer', name: candidate.name, id: candidate.subagentId }, resource, agentId),
      );
    if (devcontainer) toDevcontainer(devcontainer);
  };

  const slugs = new Set<string>();
  for (const resource of index.ofType('coder_app')) {
    const { agentId, app } = readApp(resource, options);
    if (slugs.has(app.slug)) {
      throw new ConvertStateError(`duplicate app slug, they must be unique per template: ${quote(app.slug)}`);
    }
    slugs.add(app.slug);
    attach(resource, agentId, (agent) => agent.apps.push(app), (devcontainer) => devcontainer.apps.push(app));
  }

  for (const resource of index.ofType('coder_env')) {
    const { agentId, env } = decode('env', resource, (attrs) => ({
      agentId: attrs.string('agent_id'),
      env: {
        name: attrs.string('name'),
        value: attrs.string('value'),
        mergeStrategy: attrs.string('merge_strategy'),
      } satisfies Env,
    }));
    attach(resource, agentId, (agent) => agent.extraEnvs.push(env), (devcontainer) => devcontainer.envs.push(env));
  }

  for (const resource of index.ofType('coder_script')) {
    const { agentId, script } = decode('script', resource, (attrs) => ({
      agentId: attrs.string('agent_id'),
      script: {
        displayName: attrs.string('display_name'),
        icon: attrs.string('icon'),
        script: attrs.string('script'),
        cron: attrs.string('cron'),
        startBlocksLogin: attrs.boolean('start_blocks_login'),
        runOnStart: attrs.boolean('run_on_start'),
        runOnStop: attrs.boolean('run_on_stop'),
        timeoutSeconds: attrs.integer('timeout'),
        logPath: attrs.string('log_path'),
      } satisfies Script,
    }));
    attach(
      resource,
      agentId,
      (agent) => agent.scripts.push(script),
      (devcontainer) => devcontainer.scripts.push(script),
    );
  }
}

function readApp(resource: TfStateResource, options: AttachOptions): { agentId: string; app: App } {
  const { agentId, app } = decode('app', resource, (attrs) => {
    const slug = attrs.string('slug') || resource.name;
    const [healthcheck] = attrs.blocks('healthcheck');
    return {
      agentId: attrs.string('agent_id'),
      app: {
        id: attrs.string('id'),
        slug,
        // `name` is the deprecated spelling of `display_name`.
        displayName: attrs.string('display_name') || attrs.string('name') || slug,
        command: attrs.string('command'),
        url: attrs.string('url'),
        icon: attrs.string('icon'),
        subdomain: attrs.boolean('subdomain'),
        healthcheck: healthcheck && {
          url: healthcheck.string('url'),
          interval: healthcheck.integer('interval'),
          threshold: healthcheck.integer('threshold'),
        },
        sharingLevel: sharingLevel(attrs.string('share')),
        external: attrs.boolean('external'),
        order: attrs.integer('order'),
        hidden: attrs.boolean('hidden'),
        openIn: openIn(attrs.string('open_in')),
        group: attrs.string('group'),
        tooltip: attrs.string('tooltip'),
      } satisfies App,
    };
  });
  if (!APP_SLUG.test(app.slug)) {
    throw new ConvertStateError(`app slug ${quote(app.slug)} does not match regex ${quote(APP_SLUG_PATTERN)}`);
  }
  if (app.id === '') {
    app.id = options.newId();
    options.warn('coder_app has no id, using a random one', { address: resource.address, id: app.id });
  }
  return { agentId, app };
}

function sharingLevel(share: string): AppSharingLevel {
  switch (share.toLowerCase()) {
    case 'authenticated':
      return AppSharingLevel.AUTHENTICATED;
    case 'public':
      return AppSharingLevel.PUBLIC;
    case 'organization':
      return AppSharingLevel.ORGANIZATION;
    default:
      return AppSharingLevel.OWNER;
  }
}

function openIn(value: string): AppOpenIn {
  return value.toLowerCase() === 'tab' ? AppOpenIn.TAB : AppOpenIn.SLIM_WINDOW;
}
