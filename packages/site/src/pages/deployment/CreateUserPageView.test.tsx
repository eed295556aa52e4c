import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '@warren/sdk/client';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../../testing/render';
import { CreateUserPageView } from './CreateUserPageView';

describe('CreateUserPageView', () => {
  it('creates a password user, checking each field as it is typed', async () => {
    const onCreate = vi.fn();
    renderView(<CreateUserPageView onCreate={onCreate} pending={false} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Create user' }));
    expect(onCreate).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter a password for the user.');
    await userEvent.type(screen.getByLabelText('Username'), 'Bad Name');
    expect(screen.getByLabelText('Username')).toHaveAccessibleDescription('Must be alphanumeric with single hyphens between words.');
    await userEvent.clear(screen.getByLabelText('Username'));
    await userEvent.type(screen.getByLabelText('Username'), 'carol');
    await userEvent.type(screen.getByLabelText('Email'), 'carol@');
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Must be a valid email address.');
    await userEvent.type(screen.getByLabelText('Email'), 'example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'C4rol-has-a-long-pass');
    await userEvent.click(screen.getByRole('button', { name: 'Create user' }));
    expect(onCreate).toHaveBeenCalledWith({ username: 'carol', email: 'carol@example.com', login_type: 'password', password: 'C4rol-has-a-long-pass' });
  });

  it('asks the server about the password as it is typed', async () => {
    const checkPassword = vi.fn(async () => ({ valid: false, details: 'Password must be at least 6 characters long.' }));
    renderView(<CreateUserPageView onCreate={vi.fn()} pending={false} checkPassword={checkPassword} />);
    await userEvent.type(await screen.findByLabelText('Password'), 'abc');
    await waitFor(() => expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Password must be at least 6 characters long.'));
    expect(checkPassword).toHaveBeenCalledWith('abc');
  });

  it('needs no password for a user who does not sign in', async () => {
    const onCreate = vi.fn();
    renderView(<CreateUserPageView onCreate={onCreate} pending={false} />);
    await userEvent.type(await screen.findByLabelText('Username'), 'robot');
    await userEvent.type(screen.getByLabelText('Email'), 'robot@example.com');
    await userEvent.type(screen.getByLabelText('Full name (optional)'), 'CI Robot');
    await userEvent.selectOptions(screen.getByLabelText('Login type'), 'None');
    expect(screen.queryByLabelText('Password')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Create user' }));
    expect(onCreate).toHaveBeenCalledWith({ username: 'robot', email: 'robot@example.com', name: 'CI Robot', login_type: 'none' });
  });

  it('shows the server’s password verdict at the field, and other errors as a sentence', async () => {
    const weak = new ApiError(400, { message: 'Password not strong enough!', validations: [{ field: 'password', detail: 'Password is too easy to guess.' }] });
    const { unmount } = renderView(<CreateUserPageView onCreate={vi.fn()} pending={false} error={weak} />);
    expect(await screen.findByLabelText('Password')).toHaveAccessibleDescription('Password is too easy to guess.');
    expect(screen.queryByRole('alert')).toBeNull();
    unmount();
    renderView(<CreateUserPageView onCreate={vi.fn()} pending={false} error={new ApiError(409, { message: 'User already exists.', detail: 'A user with this email already exists.' })} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('User already exists. A user with this email already exists.');
  });

  it('offers OpenID Connect only when the deployment signs in with it, and then needs no password', async () => {
    const { unmount } = renderView(<CreateUserPageView onCreate={vi.fn()} pending={false} />);
    expect((await screen.findAllByRole('option')).map((o) => o.textContent)).toEqual(['Password', 'None']);
    unmount();
    const onCreate = vi.fn();
    renderView(<CreateUserPageView onCreate={onCreate} pending={false} oidcEnabled />);
    await userEvent.type(await screen.findByLabelText('Username'), 'dora');
    await userEvent.type(screen.getByLabelText('Email'), 'dora@corp.example');
    await userEvent.selectOptions(screen.getByLabelText('Login type'), 'OpenID Connect');
    expect(screen.queryByLabelText('Password')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Create user' }));
    expect(onCreate).toHaveBeenCalledWith({ username: 'dora', email: 'dora@corp.example', login_type: 'oidc' });
  });
});
