// Resources attached to an agent or another resource: `coder_script`, `coder_env`,
// `coder_metadata`, `coder_devcontainer` and `coder_external_agent` (provider v2 schemas).
import { randomUUID } from 'node:crypto';
import { attribute, block, ProviderError, t } from '../tfplugin/index.js';
import { kit } from './kit.js';
import { id, isValidUrl, known, oneOf, quote } from './validators.js';

const forceNew = { optional: true, forceNew: true } as const;
const agentId = attribute(t.string, { required: true, forceNew: true });

/**
 * Checks the shape of a script's cron schedule as Coder reads it: seconds first, day of week
 * optional, or a descriptor such as `@daily`. Returns [warnings, error].
 */
export function checkCron(expression: string): [string[], string | undefined] {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  const warnings = fields.length === 5
    ? [`The cron expression '${expression}' appears to be in Unix 5-field format. Coder uses 6-field format (seconds minutes hours day month day-of-week). Consider prefixing with '0 ' to run at the start of each minute: '0 ${expression}'`]
    : [];
  if (fields[0]?.startsWith('@') && fields.length <= 2) return [warnings, undefined];
  if (fields.length === 5 || fields.length === 6) return [warnings, undefined];
  return [warnings, `${expression} is not a valid cron expression: expected 5 to 6 fields, found ${fields.length}: [${fields.join(' ')}]`];
}

const script = kit.resource({
  schema: {
    version: 1,
    attributes: {
      id,
      agent_id: agentId,
      display_name: attribute(t.string, { required: true, forceNew: true }),
      script: attribute(t.string, { required: true, forceNew: true }),
      icon: attribute(t.string, forceNew),
      log_path: attribute(t.string, forceNew),
      cron: attribute(t.string, forceNew),
      start_blocks_login: attribute(t.bool, { ...forceNew, default: false }),
      run_on_start: attribute(t.bool, { ...forceNew, default: false }),
      run_on_stop: attribute(t.bool, { ...forceNew, default: false }),
      timeout: attribute(t.number, {
        ...forceNew, default: 0, validate: (value) => (value >= 1 ? undefined : `expected timeout to be at least (1), got ${value}`),
      }),
    },
  },
  validate: ({ config, diagnostics }) => {
    const cron = known(config.cron);
    if (typeof cron !== 'string') return;
    const [warnings, error] = checkCron(cron);
    for (const warning of warnings) diagnostics.warning(warning, { path: ['cron'] });
    if (error) diagnostics.error('Invalid value for "cron"', { detail: error, path: ['cron'] });
  },
  create: ({ config }) => {
    const runOnStart = config.run_on_start ?? false;
    if (!runOnStart && !(config.run_on_stop ?? false) && !config.cron) {
      throw new ProviderError('at least one of "run_on_start", "run_on_stop", or "cron" must be set');
    }
    if (!runOnStart && (config.start_blocks_login ?? false)) {
      throw new ProviderError('"start_blocks_login" can only be set if "run_on_start" is "true"');
    }
    return { id: randomUUID() };
  },
});

const env = kit.resource({
  schema: {
    version: 1,
    attributes: {
      id,
      agent_id: agentId,
      name: attribute(t.string, {
        required: true, forceNew: true,
        validate: (name) => (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) ? undefined : 'invalid value for name (must be a valid environment variable name)'),
      }),
      value: attribute(t.string, forceNew),
      merge_strategy: attribute(t.string, { ...forceNew, default: 'replace', validate: oneOf('merge_strategy', ['replace', 'append', 'prepend', 'error']) }),
    },
  },
  create: () => ({ id: randomUUID() }),
});

const metadata = kit.resource({
  schema: {
    version: 1,
    attributes: {
      id,
      resource_id: attribute(t.string, { required: true, forceNew: true }),
      hide: attribute(t.bool, forceNew),
      icon: attribute(t.string, { ...forceNew, validate: isValidUrl }),
      daily_cost: attribute(t.number, forceNew),
    },
    blocks: {
      item: block.list({
        attributes: {
          key: attribute(t.string, { required: true, forceNew: true }),
          value: attribute(t.string, forceNew),
          sensitive: attribute(t.bool, { ...forceNew, default: false }),
          is_null: attribute(t.bool, { computed: true, forceNew: true }),
        },
      }, { forceNew: true }),
    },
  },
  create: ({ config }) => {
    const keys = new Set<string>();
    for (const { key } of config.item) {
      if (keys.has(key)) throw new ProviderError(`duplicate metadata key ${quote(key)}`);
      keys.add(key);
    }
    return {
      id: randomUUID(),
      item: config.item.map((item) => ({ ...item, sensitive: item.sensitive ?? false, is_null: item.value === null })),
    };
  },
});

const devcontainer = kit.resource({
  schema: {
    version: 1,
    attributes: {
      id,
      agent_id: agentId,
      workspace_folder: attribute(t.string, {
        required: true, forceNew: true, validate: (folder) => (folder === '' ? 'workspace_folder must not be empty' : undefined),
      }),
      config_path: attribute(t.string, forceNew),
      subagent_id: attribute(t.string, { computed: true }),
    },
  },
  create: () => ({ id: randomUUID(), subagent_id: randomUUID() }),
});

const externalAgent = kit.resource({
  schema: { version: 1, attributes: { id, agent_id: agentId } },
  create: () => ({ id: randomUUID() }),
});

export const agentExtraResources = {
  coder_script: script,
  coder_env: env,
  coder_metadata: metadata,
  coder_devcontainer: devcontainer,
  coder_external_agent: externalAgent,
};
