import { describe, expect, it } from 'vitest';
import { baseEnv, hostTerraformVariableWarnings, parameterEnvName, previousParameterEnvName, provisionEnv } from './environment.js';

const settings = { pluginCacheDir: '/cache/plugins', cliConfigFile: '/cache/terraform.tfrc' };

describe('baseEnv', () => {
  it('drops CODER_* host variables and sets the CLI config, plugin cache and extra variables', () => {
    const env = baseEnv(
      { PATH: '/bin', CODER_SESSION_TOKEN: 'secret', CODER_PG_CONNECTION_URL: 'postgres://', TF_CLI_CONFIG_FILE: '/missing', UNSET: undefined },
      { ...settings, extraEnv: { TF_REATTACH_PROVIDERS: '{}' } },
    );
    expect(env).toEqual({
      PATH: '/bin',
      TF_CLI_CONFIG_FILE: '/cache/terraform.tfrc',
      TF_PLUGIN_CACHE_DIR: '/cache/plugins',
      TF_REATTACH_PROVIDERS: '{}',
    });
  });
});

describe('provisionEnv', () => {
  it('gives an import plan empty workspace fields and the transition, URL and groups', () => {
    const env = provisionEnv(
      { PATH: '/bin' },
      { metadata: { coderUrl: 'https://warren.example', workspaceTransition: 'stop', workspaceOwnerGroups: ['Everyone'] }, agentScripts: {} },
    );
    expect(env).toMatchObject({
      PATH: '/bin',
      CODER_AGENT_URL: 'https://warren.example',
      CODER_WORKSPACE_TRANSITION: 'stop',
      CODER_WORKSPACE_NAME: '',
      CODER_WORKSPACE_OWNER_GROUPS: '["Everyone"]',
      CODER_WORKSPACE_OWNER_RBAC_ROLES: 'null',
      CODER_WORKSPACE_BUILD_ID: '',
      CODER_TASK_ID: '00000000-0000-0000-0000-000000000000',
      AWS_SDK_UA_APP_ID: 'APN_1.1/pc_cdfmjwn8i6u8l9fwz8h82e4w3$',
    });
    expect(env).not.toHaveProperty('CODER_WORKSPACE_IS_PREBUILD');
    expect(env).not.toHaveProperty('TF_LOG');
  });

  it('exports the workspace, owner, template, parameters, scripts and tokens', () => {
    const env = provisionEnv(
      { AWS_SDK_UA_APP_ID: 'mine' },
      {
        metadata: {
          coderUrl: 'https://warren.example',
          workspaceTransition: 'start',
          workspaceName: 'dev',
          workspaceOwner: 'alice',
          workspaceOwnerGroups: null,
          workspaceOwnerRbacRoles: [{ name: 'owner', orgId: '' }, { name: 'organization-member', orgId: 'org-1' }],
          templateName: 'docker',
          templateVersion: 'v1',
          prebuiltWorkspaceBuildStage: 'claim',
          runningAgentAuthTokens: [{ agentId: 'agent-1', token: 'tok' }],
        },
        agentScripts: { linux_amd64: '#!/bin/sh\necho amd64' },
        parameters: [{ name: 'region', value: 'eu' }],
        previousParameters: [{ name: 'region', value: 'us' }],
        externalAuth: [{ id: 'github', accessToken: 'gho_x' }],
        debugLogging: true,
      },
    );
    expect(env).toMatchObject({
      CODER_WORKSPACE_NAME: 'dev',
      CODER_WORKSPACE_OWNER: 'alice',
      CODER_WORKSPACE_OWNER_GROUPS: 'null',
      CODER_WORKSPACE_OWNER_RBAC_ROLES: '[{"name":"owner"},{"name":"organization-member","org_id":"org-1"}]',
      CODER_WORKSPACE_TEMPLATE_NAME: 'docker',
      CODER_WORKSPACE_TEMPLATE_VERSION: 'v1',
      CODER_WORKSPACE_IS_PREBUILD_CLAIM: 'true',
      CODER_RUNNING_WORKSPACE_AGENT_TOKEN_e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855: 'tok',
      CODER_AGENT_SCRIPT_linux_amd64: '#!/bin/sh\necho amd64',
      CODER_PARAMETER_c697d2981bf416569a16cfbcdec1542b5398f3cc77d2b905819aa99c46ecf6f6: 'eu',
      CODER_PARAMETER_PREVIOUS_c697d2981bf416569a16cfbcdec1542b5398f3cc77d2b905819aa99c46ecf6f6: 'us',
      CODER_GIT_AUTH_ACCESS_TOKEN_github: 'gho_x',
      CODER_EXTERNAL_AUTH_ACCESS_TOKEN_github: 'gho_x',
      AWS_SDK_UA_APP_ID: 'mine APN_1.1/pc_cdfmjwn8i6u8l9fwz8h82e4w3$',
      TF_LOG: 'JSON',
    });
  });

  it('names running agent tokens by agent id when there are several', () => {
    const env = provisionEnv(
      {},
      {
        metadata: { coderUrl: '', workspaceTransition: 'start', runningAgentAuthTokens: [{ agentId: 'a', token: '1' }, { agentId: 'b', token: '2' }] },
        agentScripts: {},
      },
    );
    expect(env.CODER_RUNNING_WORKSPACE_AGENT_TOKEN_ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb).toBe('1');
  });
});

describe('parameter variable names', () => {
  it('hash the parameter name', () => {
    expect(parameterEnvName('region')).toBe('CODER_PARAMETER_c697d2981bf416569a16cfbcdec1542b5398f3cc77d2b905819aa99c46ecf6f6');
    expect(previousParameterEnvName('region')).toBe('CODER_PARAMETER_PREVIOUS_c697d2981bf416569a16cfbcdec1542b5398f3cc77d2b905819aa99c46ecf6f6');
  });
});

describe('hostTerraformVariableWarnings', () => {
  it('redacts values that may hold secrets and skips what the provisioner replaces', () => {
    expect(hostTerraformVariableWarnings({ TF_LOG: 'debug', TF_TOKEN_app_terraform_io: 'secret', TF_CLI_CONFIG_FILE: '/x', PATH: '/bin' })).toEqual([
      'terraform environment variable: TF_LOG=debug',
      'terraform environment variable: TF_TOKEN_app_terraform_io=<value redacted>',
    ]);
  });
});
