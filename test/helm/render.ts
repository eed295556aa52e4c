/** Renders a chart with the real helm and parses the manifests, for the chart tests. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { kubeTools, run, type RunResult } from '../support/kube-tools';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHARTS = { warren: path.join(REPO_ROOT, 'helm/warren'), provisioner: path.join(REPO_ROOT, 'helm/provisioner') };
export const VALUES = path.join(REPO_ROOT, 'test/helm/values');

/** A Kubernetes object as rendered: only the fields the tests read are typed. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // Kubernetes specs are deep and varied; the tests read them field by field.
  spec?: any;
  rules?: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
  subjects?: { kind: string; name: string; namespace?: string }[];
  roleRef?: { kind: string; name: string };
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; fieldRef?: { fieldPath: string } };
}

export async function helm(args: string[]): Promise<RunResult> {
  const { helm } = await kubeTools();
  return run(helm, args);
}

/** `helm template` of a chart; throws with helm's message when rendering fails. */
export async function render(chart: keyof typeof CHARTS, options: { values?: string[]; set?: string[]; namespace?: string } = {}): Promise<Manifest[]> {
  const args = ['template', 'coder', CHARTS[chart], '--namespace', options.namespace ?? 'coder'];
  for (const file of options.values ?? []) args.push('--values', path.join(VALUES, file));
  for (const pair of options.set ?? []) args.push('--set', pair);
  const result = await helm(args);
  if (result.code !== 0) throw new Error(result.stderr.trim());
  return parseAllDocuments(result.stdout)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`helm rendered invalid YAML: ${doc.errors[0]?.message}`);
      return doc.toJS() as Manifest | null;
    })
    .filter((m): m is Manifest => m !== null);
}

export function only(manifests: Manifest[], kind: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, rendered ${found.length}`);
  return found[0]!;
}

/** The first container of the Deployment. */
export function container(manifests: Manifest[]) {
  return only(manifests, 'Deployment').spec.template.spec.containers[0] as {
    image: string;
    imagePullPolicy: string;
    command: string[];
    args: string[];
    env: EnvVar[];
    envFrom?: unknown[];
    ports?: { name: string; containerPort: number }[];
    readinessProbe?: { httpGet: { path: string; port: string }; initialDelaySeconds: number; periodSeconds?: number; failureThreshold?: number };
    livenessProbe?: { httpGet: { path: string; port: string }; initialDelaySeconds: number; periodSeconds?: number; failureThreshold?: number };
    resources?: unknown;
    securityContext: Record<string, unknown>;
    volumeMounts: { name: string; mountPath: string }[] | null;
  };
}

export function env(manifests: Manifest[], name: string): EnvVar[] {
  return container(manifests).env.filter((e) => e.name === name);
}
