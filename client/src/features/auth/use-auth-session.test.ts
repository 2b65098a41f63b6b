import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { readViewer, writeToken, writeViewer } from './token-storage';
import { useAuthSession } from './use-auth-session';

const viewer = { id: 'VXNlcjox', name: 'Tara Trainer', email: 'tara@example.com', role: 'TRAINER' };

const answer = (body: unknown) =>
  vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }));

afterEach(() => {
  vi.restoreAllMocks();
  localStorage.clear();
});

describe('useAuthSession on a returning visit', () => {
  it('is signed in at once with the remembered viewer, and checks the token meanwhile', async () => {
    writeToken('stored-token');
    writeViewer(viewer);
    const fetched = answer({ data: { viewer: { ...viewer, name: 'Tara T.' } } });
    const { result } = renderHook(() => useAuthSession());
    expect(result.current.session).toEqual({ status: 'signed-in', token: 'stored-token', viewer, provisional: true });
    await waitFor(() => expect(result.current.session).toEqual({ status: 'signed-in', token: 'stored-token', viewer: { ...viewer, name: 'Tara T.' } }));
    expect(fetched).toHaveBeenCalledTimes(1);
    expect(readViewer()?.name).toBe('Tara T.');
  });

  it('signs out and forgets both when the check refuses the token', async () => {
    writeToken('expired-token');
    writeViewer(viewer);
    answer({ errors: [{ message: 'Your session has expired.', extensions: { code: 'UNAUTHENTICATED' } }] });
    const { result } = renderHook(() => useAuthSession());
    await waitFor(() => expect(result.current.session).toEqual({ status: 'signed-out', notice: 'Your session has expired.' }));
    expect(readViewer()).toBeNull();
    expect(localStorage.getItem('workroom.token')).toBeNull();
  });

  it('checks first, as before, when no viewer is remembered', async () => {
    writeToken('stored-token');
    answer({ data: { viewer } });
    const { result } = renderHook(() => useAuthSession());
    expect(result.current.session).toEqual({ status: 'checking', token: 'stored-token' });
    await waitFor(() => expect(result.current.session.status).toBe('signed-in'));
    expect(readViewer()).toEqual(viewer);
  });

  it('leaves the check to the app’s own query with `recheck: false`, and follows what it confirms', () => {
    writeToken('stored-token');
    writeViewer(viewer);
    const fetched = answer({ data: { viewer } });
    const { result } = renderHook(() => useAuthSession({ recheck: false }));
    const remembered = result.current.session;
    expect(remembered).toEqual({ status: 'signed-in', token: 'stored-token', viewer, provisional: true });
    act(() => result.current.confirmViewer({ id: viewer.id, name: viewer.name, role: viewer.role }));
    expect(result.current.session).toBe(remembered);
    act(() => result.current.confirmViewer({ id: viewer.id, name: 'Tara T.', role: viewer.role }));
    expect(result.current.session).toEqual({ status: 'signed-in', token: 'stored-token', viewer: { ...viewer, name: 'Tara T.' } });
    expect(readViewer()).toEqual({ ...viewer, name: 'Tara T.' });
    expect(fetched).not.toHaveBeenCalled();
  });
});
