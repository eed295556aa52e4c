// `coder_app`: a shortcut to an application in the workspace (provider v2 schema).
import { randomUUID } from 'node:crypto';
import { attribute, block, t, type ValidateContext } from '../tfplugin/index.js';
import { kit } from './kit.js';
import { id, isValidUrl, known, maxLength, quote } from './validators.js';

const forceNew = { optional: true, forceNew: true } as const;
const slugPattern = /^[a-z0-9](-?[a-z0-9])*$/;

export function slugError(slug: string): string | undefined {
  if (slugPattern.test(slug)) return undefined;
  return `invalid "coder_app" slug, must be a valid hostname (${quote(slugPattern.source)}, cannot contain two consecutive hyphens or start/end with a hyphen): ${quote(slug)}`;
}

const appSchema = {
  version: 1,
  attributes: {
    id,
    agent_id: attribute(t.string, { required: true, forceNew: true }),
    command: attribute(t.string, forceNew),
    display_name: attribute(t.string, { ...forceNew, validate: maxLength('display name is too long (max 64 characters)', 64) }),
    external: attribute(t.bool, { ...forceNew, default: false }),
    group: attribute(t.string, { ...forceNew, validate: maxLength('group name is too long (max 64 characters)', 64) }),
    hidden: attribute(t.bool, { ...forceNew, default: false }),
    icon: attribute(t.string, { ...forceNew, validate: isValidUrl }),
    open_in: attribute(t.string, {
      ...forceNew, default: 'slim-window',
      validate: (value) => (['tab', 'slim-window'].includes(value) ? undefined
        : `invalid "coder_app" open_in value, must be one of "tab", "slim-window": ${quote(value)}`),
    }),
    order: attribute(t.number, forceNew),
    share: attribute(t.string, {
      ...forceNew, default: 'owner',
      validate: (value) => (['owner', 'authenticated', 'organization', 'public'].includes(value) ? undefined
        : `invalid app share ${quote(value)}, must be one of "owner", "authenticated", "organization", "public"`),
    }),
    slug: attribute(t.string, { required: true, forceNew: true, validate: slugError }),
    subdomain: attribute(t.bool, forceNew),
    tooltip: attribute(t.string, { ...forceNew, validate: maxLength('tooltip is too long (max 2048 characters)', 2048) }),
    url: attribute(t.string, forceNew),
  },
  blocks: {
    healthcheck: block.set({
      attributes: {
        url: attribute(t.string, { required: true, forceNew: true }),
        interval: attribute(t.number, { required: true, forceNew: true }),
        threshold: attribute(t.number, { required: true, forceNew: true }),
      },
    }, { maxItems: 1, forceNew: true }),
  },
};

/** SDK-style ConflictsWith: an argument set (or unknown) next to one it excludes. */
function conflicts(ctx: ValidateContext<typeof appSchema>, name: string, others: string[]): void {
  const config = ctx.config as Record<string, unknown>;
  const isSet = (key: string) => {
    const value = config[key];
    return value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0) && value !== false;
  };
  if (!isSet(name)) return;
  for (const other of others) {
    if (isSet(other)) ctx.diagnostics.error('Conflicting configuration arguments', { detail: `"${name}": conflicts with ${other}`, path: [name] });
  }
}

const app = kit.resource({
  schema: appSchema,
  validate: (ctx) => {
    conflicts(ctx, 'command', ['url']);
    conflicts(ctx, 'url', ['command']);
    conflicts(ctx, 'healthcheck', ['command']);
    conflicts(ctx, 'external', ['healthcheck', 'command', 'subdomain', 'share']);
  },
  create: ({ config, diagnostics }) => {
    if (known(config.hidden) === true) {
      for (const name of ['display_name', 'icon', 'order'] as const) {
        if (config[name] !== null && config[name] !== '' && config[name] !== 0) diagnostics.warning(`\`${name}\` set when app is hidden`);
      }
    }
    return { id: randomUUID() };
  },
});

export const appResources = { coder_app: app };
