const TOKEN_KEY = 'workroom.token';

export const readToken = (): string | null => {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
};

export const writeToken = (token: string | null): void => {
  try {
    if (token === null) localStorage.removeItem(TOKEN_KEY);
    else localStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage can be unavailable (privacy mode); the token then lives only for this page view.
  }
};

const VIEWER_KEY = 'workroom.viewer';

export interface StoredViewer {
  id: string;
  name: string;
  email: string;
  role: string;
}

/**
 * Who the stored token belonged to when it was last checked, so a returning visit can draw the
 * shell and start the page's query while the check runs again (it is only a hint for the UI:
 * the server decides on every request, and a refused token signs out as before).
 */
export const readViewer = (): StoredViewer | null => {
  try {
    const raw = localStorage.getItem(VIEWER_KEY);
    const value = raw ? (JSON.parse(raw) as Partial<StoredViewer>) : null;
    return value && typeof value.id === 'string' && typeof value.name === 'string' && typeof value.role === 'string'
      ? { id: value.id, name: value.name, email: String(value.email ?? ''), role: value.role }
      : null;
  } catch {
    return null;
  }
};

export const writeViewer = (viewer: StoredViewer | null): void => {
  try {
    if (viewer === null) localStorage.removeItem(VIEWER_KEY);
    else localStorage.setItem(VIEWER_KEY, JSON.stringify(viewer));
  } catch {
    // As for the token.
  }
};
