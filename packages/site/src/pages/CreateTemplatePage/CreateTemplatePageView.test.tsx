import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TemplateExample } from '@warren/sdk/templates';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../../testing/render';
import { StarterTemplatesPageView } from '../StarterTemplatesPage/StarterTemplatesPageView';
import { CreateTemplatePageView } from './CreateTemplatePageView';

const docker: TemplateExample = { id: 'docker', url: '', name: 'Docker Containers', description: 'A workspace in a container', icon: '/icon/docker.png', tags: ['docker', 'container'], markdown: '' };

describe('starting a template from a starter template', () => {
  it('lists the starter templates, each leading to the form', async () => {
    renderView(<StarterTemplatesPageView examples={[docker]} />);
    expect(await screen.findByRole('heading', { name: 'Docker Containers' })).toBeInTheDocument();
    expect(screen.getByText('docker · container')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Use template Docker Containers' })).toHaveAttribute('href', '/templates/new?exampleId=docker');
  });

  it("suggests the example's name, checks it as the server does, and creates", async () => {
    const onCreate = vi.fn();
    renderView(<CreateTemplatePageView example={docker} onCreate={onCreate} creating={false} />);
    const name = await screen.findByLabelText('Name');
    expect(name).toHaveValue('docker');
    await userEvent.clear(name);
    await userEvent.type(name, 'my docker');
    await userEvent.click(screen.getByRole('button', { name: 'Create template' }));
    expect(onCreate).not.toHaveBeenCalled();
    expect(name).toHaveAttribute('aria-invalid', 'true');
    await userEvent.clear(name);
    await userEvent.type(name, 'my-docker');
    await userEvent.click(screen.getByRole('button', { name: 'Create template' }));
    expect(onCreate).toHaveBeenCalledWith({ name: 'my-docker', displayName: 'Docker Containers' });
  });

  it('says the import is running', async () => {
    renderView(<CreateTemplatePageView example={docker} onCreate={vi.fn()} creating />);
    expect(await screen.findByRole('status')).toHaveTextContent('Importing the template');
  });
});
