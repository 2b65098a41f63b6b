import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';

import { AuthProvider } from '../../app/auth-context';
import { SignInPage } from './SignInPage';

const jsonResponse = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

const renderSignIn = (from?: string) =>
  render(
    <MemoryRouter initialEntries={[{ pathname: '/sign-in', state: from ? { from } : null }]}>
      <AuthProvider>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="*" element={<p>Landed on the app</p>} />
        </Routes>
      </AuthProvider>
    </MemoryRouter>,
  );

describe('Sign-in screen', () => {
  it('lists every demo account', () => {
    renderSignIn();
    const demo = screen.getByRole('region', { name: 'Demo accounts' });
    const emails = within(demo)
      .getAllByRole('button')
      .map((button) => button.querySelector('.sign-in__account-email')?.textContent);
    expect(emails).toEqual([
      'trainer@example.com',
      'trainer2@example.com',
      'trainer3@example.com',
      'employer@example.com',
      'employer2@example.com',
      'helios@example.com',
    ]);
    expect(within(demo).getByText('workroom')).toBeTruthy();
  });

  it('says clearly why signing in failed and stays on the form', async () => {
    const user = userEvent.setup();
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      jsonResponse({
        data: null,
        errors: [{ message: 'That email and password do not match an account.', extensions: { code: 'UNAUTHENTICATED' } }],
      }),
    );
    renderSignIn();

    await user.type(screen.getByLabelText('Email'), 'trainer@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toBe('That email and password do not match an account.');
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('true');
    expect(localStorage.getItem('workroom.token')).toBeNull();
  });

  it('signs in with a demo account and returns to the deep link that asked for it', async () => {
    const user = userEvent.setup();
    const fetchMock = vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      jsonResponse({
        data: {
          signIn: {
            token: 'tok-123',
            viewer: { id: 'V1', name: 'Jordan Kim', email: 'trainer2@example.com', role: 'TRAINER' },
          },
        },
      }),
    );
    renderSignIn('/jobs/C1/contract');

    await user.click(screen.getByRole('button', { name: /Jordan Kim/ }));

    expect(await screen.findByText('Landed on the app')).toBeTruthy();
    expect(localStorage.getItem('workroom.token')).toBe('tok-123');
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the app sends a JSON string body
    const body = JSON.parse(String(fetchMock.mock.calls[0]?.[1]?.body)) as { variables: unknown };
    expect(body.variables).toEqual({ input: { email: 'trainer2@example.com', password: 'workroom' } });
  });
});
