import { describe, expect, it } from 'vitest';
import { agentFromResource } from './agents.js';
import { agentToProtoJson, stateToProtoJson } from './proto-json.js';

describe('proto JSON rendering', () => {
  const agent = agentFromResource({
    address: 'coder_agent.main',
    mode: 'managed',
    type: 'coder_agent',
    name: 'main',
    values: { auth: 'google-instance-identity', os: 'linux', env: {}, connection_timeout: 0, display_apps: [{}] },
  });

  it('leaves out zero values and empty maps but keeps set messages and the auth wrapper', () => {
    expect(agentToProtoJson(agent)).toEqual({
      name: 'main',
      operating_system: 'linux',
      Auth: { InstanceId: '' },
      display_apps: {},
      resources_monitoring: {},
      api_key_scope: 'all',
    });
  });

  it('renders env maps, devcontainers and presets with snake_case keys', () => {
    const rendered = stateToProtoJson({
      resources: [],
      parameters: [],
      presets: [
        {
          name: 'p',
          parameters: [{ name: 'a', value: '1' }],
          prebuild: { instances: 0, expirationPolicy: { ttl: 3600 } },
          default: true,
          description: '',
          icon: '',
        },
      ],
      externalAuthProviders: [{ id: 'github', optional: false }],
      aiTasks: [],
      hasAITasks: false,
      hasExternalAgents: false,
    });
    expect(rendered['Presets']).toEqual([
      { name: 'p', parameters: [{ name: 'a', value: '1' }], prebuild: { expiration_policy: { ttl: 3600 } }, default: true },
    ]);
    expect(rendered['ExternalAuthProviders']).toEqual([{ id: 'github' }]);
    expect(rendered['DLPPolicies']).toEqual([]);

    const withChildren = agentToProtoJson({
      ...agent,
      env: { A: 'b' },
      devcontainers: [
        { id: 'd', name: 'dc', workspaceFolder: '/w', configPath: '', subagentId: 's', apps: [], scripts: [], envs: [] },
      ],
    });
    expect(withChildren['env']).toEqual({ A: 'b' });
    expect(withChildren['devcontainers']).toEqual([{ workspace_folder: '/w', name: 'dc', id: 'd', subagent_id: 's' }]);
  });
});
