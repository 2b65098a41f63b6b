import { useEffect, useRef } from 'react';

import type { ActivityType } from '../../gql/graphql';

interface Interest {
  types: ReadonlySet<ActivityType>;
  refetch: () => void;
}

/** The mounted screens' interests: what each refetches, on which live events. */
const interests = new Set<Interest>();

/**
 * Refetches a screen's query when a live event of one of `types` arrives, for as long as the
 * screen is mounted. Each screen declares its own interest next to its `useQuery`, so renaming
 * or moving a query cannot silently break its live refresh (a central table of operation names
 * could), and the live feed needs to know no screen.
 */
export const useRefetchOnLive = (types: readonly ActivityType[], refetch: () => Promise<unknown>): void => {
  const latest = useRef(refetch);
  // eslint-disable-next-line react-hooks/refs -- the latest-callback ref: read only by the subscription, never during render
  latest.current = refetch;
  const key = [...types].sort().join(' ');
  useEffect(() => {
    const interest: Interest = {
      types: new Set(key.split(' ') as ActivityType[]),
      refetch: () => void latest.current().catch(() => undefined),
    };
    interests.add(interest);
    return () => {
      interests.delete(interest);
    };
  }, [key]);
};

/** Refetches every mounted screen that asked for events of this type. */
export const refetchInterested = (type: ActivityType): void => {
  for (const interest of interests) {
    if (interest.types.has(type)) interest.refetch();
  }
};
