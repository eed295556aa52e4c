import { describe, expect, it } from 'vitest';
import { appUrl, portUrl, vscodeUrl } from './app-urls';
import type { Workspace, WorkspaceAgent, WorkspaceApp } from './workspaces';

type App = WorkspaceApp;
const workspace = { owner_name: 'alice', name: 'dev' } as Workspace;
const agent = { name: 'main' } as WorkspaceAgent;
const deployment = new URL('https://warren.example.com');
const app = (a: Partial<App>) => ({ slug: 'code', url: 'http://localhost:8080', external: false, subdomain: false, display_name: 'Code', ...a }) as App;

describe('appUrl', () => {
  it('puts path apps under the workspace, with the trailing slash', () => {
    expect(appUrl({ deployment, appHost: '', workspace, agent, app: app({}) })).toBe('https://warren.example.com/@alice/dev.main/apps/code/');
  });
  it('puts subdomain apps on the wildcard host', () => {
    const url = appUrl({ deployment, appHost: '*.apps.example.com', workspace, agent, app: app({ subdomain: true, subdomain_name: 'code--main--dev--alice' }) });
    expect(url).toBe('https://code--main--dev--alice.apps.example.com/');
  });
  it('falls back to the path when the deployment has no wildcard host', () => {
    expect(appUrl({ deployment, appHost: '', workspace, agent, app: app({ subdomain: true, subdomain_name: 'x' }) })).toContain('/apps/code/');
  });
  it('fills $SESSION_TOKEN into external links', () => {
    const external = app({ external: true, url: 'jetbrains-gateway://connect#token=$SESSION_TOKEN&x=$SESSION_TOKEN' });
    expect(appUrl({ deployment, appHost: '', workspace, agent, app: external, token: 'k-1' })).toBe('jetbrains-gateway://connect#token=k-1&x=k-1');
  });
  it('opens command apps in the web terminal', () => {
    const url = new URL(appUrl({ deployment, appHost: '', workspace, agent, app: app({ url: '', command: 'htop -d 5' }) }));
    expect(url.pathname).toBe('/@alice/dev.main/terminal');
    expect(url.searchParams.get('command')).toBe('htop -d 5');
  });
});

describe('portUrl', () => {
  it('names the port, agent, workspace and owner on the wildcard host', () => {
    expect(portUrl({ deployment, appHost: '*.apps.example.com', workspace, agent, port: 8080 })).toBe('https://8080--main--dev--alice.apps.example.com/');
    expect(portUrl({ deployment, appHost: '*.apps.example.com', workspace, agent, port: 8443, https: true })).toBe('https://8443s--main--dev--alice.apps.example.com/');
  });
  it('has none without a wildcard host', () => {
    expect(portUrl({ deployment, appHost: '', workspace, agent, port: 8080 })).toBeUndefined();
  });
});

describe('vscodeUrl', () => {
  it("builds the extension's link with every part encoded", () => {
    const link = new URL(vscodeUrl({ deployment: 'https://w.example.com', owner: 'alice', workspace: 'dev', folder: '/home/a b', token: 't&x' }));
    expect(link.protocol).toBe('vscode:');
    expect(Object.fromEntries(link.searchParams)).toEqual({ owner: 'alice', workspace: 'dev', folder: '/home/a b', url: 'https://w.example.com', token: 't&x' });
  });
});
