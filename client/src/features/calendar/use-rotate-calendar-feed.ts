import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import { setCalendarFeedUrl } from '../live/cache-updates';

export const RotateCalendarFeedMutation = graphql(`
  mutation RotateCalendarFeed {
    rotateCalendarFeed {
      url
    }
  }
`);

/** `rotateCalendarFeed`: a new private ICS address (the old one stops working). */
export const useRotateCalendarFeed = (viewerId: string) => {
  const [mutate, { loading, error }] = useMutation(RotateCalendarFeedMutation, {
    update(cache, { data }) {
      if (data) setCalendarFeedUrl(cache, viewerId, data.rotateCalendarFeed.url);
    },
  });
  const rotate = useCallback(() => mutate(), [mutate]);
  return { rotate, loading, error };
};
