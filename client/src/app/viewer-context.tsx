import { createContext, useContext } from 'react';

import type { UserRole } from '../gql/graphql';

export interface CurrentViewer {
  /** `Viewer.id`: the signed-in user's global id. */
  id: string;
  name: string;
  role: UserRole;
}

const ViewerContext = createContext<CurrentViewer | null>(null);

export const ViewerProvider = ViewerContext.Provider;

/** The signed-in user, inside the app shell. */
export const useCurrentViewer = (): CurrentViewer => {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useCurrentViewer must be used inside the signed-in app shell');
  return viewer;
};

/** The signed-in user, or null outside the shell (for components that also render elsewhere). */
export const useOptionalViewer = (): CurrentViewer | null => useContext(ViewerContext);
