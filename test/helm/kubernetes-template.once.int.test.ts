/**
 * The kubernetes starter template, checked as far as this machine allows: no Kubernetes cluster
 * and no Terraform registry (for hashicorp/kubernetes) are reachable, so it is never built here.
 * What is checked: terraform's own formatter accepts it, Warren's template import reads its
 * variables, HashiCorp's HCL parser sees the parameters and resources a Coder user expects, and
 * the server lists it as a starter.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { packTemplateDir } from '../../packages/cli/src/template-archive';
import { parseTemplate } from '../../packages/provisionerd/src/daemon/template-variables';
import { listTemplateExamples } from '../../packages/server/src/templates/examples';
import { REPO_ROOT } from './render';

const DIR = path.join(REPO_ROOT, 'examples/templates/kubernetes');

interface Parsed {
  terraform: { required_providers: Record<string, { source: string }>[] }[];
  data: {
    coder_parameter: Record<string, { type?: string; default: string; mutable: boolean; option?: { value: string }[] }[]>;
  };
  resource: {
    kubernetes_pod: { main: { count: string; spec: { container: { command: string[]; env: { name: string }[]; volume_mount: { mount_path: string }[] }[]; volume: { persistent_volume_claim: { claim_name: string }[] }[] }[] }[] };
    kubernetes_persistent_volume_claim: { home: { spec: { access_modes: string[]; resources: { requests: { storage: string } }[] }[] }[] };
    coder_agent: Record<string, unknown>;
  };
}

describe('kubernetes starter template', () => {
  it('is formatted as terraform fmt writes it', async () => {
    const { stdout } = await promisify(execFile)('terraform', ['fmt', '-check', '-list=true', DIR]);
    expect(stdout).toBe('');
  });

  it("gives Warren's import its variables with types and defaults", async () => {
    const parsed = await parseTemplate(await packTemplateDir(DIR));
    expect(parsed.variables.map((v) => [v.name, v.type, v.defaultValue, v.required])).toEqual([
      ['image', 'string', 'codercom/enterprise-base:ubuntu', false],
      ['namespace', 'string', 'coder', false],
      ['use_kubeconfig', 'bool', 'false', false],
    ]);
  });

  it('has a pod per started workspace, its home on a claim, and the parameters of Coder\'s template', async () => {
    const hcl = (await parse('main.tf', await readFile(path.join(DIR, 'main.tf'), 'utf8'))) as Parsed;
    expect(hcl.terraform[0]?.required_providers[0]?.kubernetes?.source).toBe('hashicorp/kubernetes');
    const params = hcl.data.coder_parameter;
    expect(Object.keys(params).sort()).toEqual(['cpu', 'home_disk_size', 'memory']);
    expect(params.cpu?.[0]?.option?.map((o) => o.value)).toEqual(['2', '4', '8']);
    expect(params.memory?.[0]?.mutable).toBe(true);
    expect(params.home_disk_size?.[0]).toMatchObject({ type: 'number', default: '10', mutable: false });

    const pod = hcl.resource.kubernetes_pod.main[0]!;
    expect(pod.count).toBe('${data.coder_workspace.me.start_count}');
    const container = pod.spec[0]!.container[0]!;
    expect(container.command).toEqual(['sh', '-c', '${coder_agent.main.init_script}']);
    expect(container.env.map((e) => e.name)).toEqual(['CODER_AGENT_TOKEN']);
    expect(container.volume_mount[0]?.mount_path).toBe('/home/coder');
    expect(pod.spec[0]!.volume[0]?.persistent_volume_claim[0]?.claim_name).toBe('${kubernetes_persistent_volume_claim.home.metadata[0].name}');
    const claim = hcl.resource.kubernetes_persistent_volume_claim.home[0]!.spec[0]!;
    expect(claim.access_modes).toEqual(['ReadWriteOnce']);
    expect(claim.resources[0]?.requests.storage).toBe('${data.coder_parameter.home_disk_size.value}Gi');
    expect(Object.keys(hcl.resource.coder_agent)).toEqual(['main']);
  });

  it('is listed among the starter templates', async () => {
    const example = (await listTemplateExamples()).find((e) => e.id === 'kubernetes');
    expect(example).toMatchObject({ name: 'Kubernetes (pod)', tags: ['kubernetes', 'container'] });
  });
});
