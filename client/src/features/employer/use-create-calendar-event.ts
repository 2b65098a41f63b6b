import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import type { CreateCalendarEventInput } from '../../gql/graphql';

export const CreateCalendarEventMutation = graphql(`
  mutation CreateCalendarEvent($input: CreateCalendarEventInput!) {
    createCalendarEvent(input: $input) {
      calendarEvent {
        id
        title
        startsAt
        endsAt
      }
    }
  }
`);

/** Schedules an event on a job (optionally about one contract) with its attendees; the calendar refetches. */
export const useCreateCalendarEvent = () => {
  const [mutate, { loading }] = useMutation(CreateCalendarEventMutation);
  const create = useCallback(
    async (input: CreateCalendarEventInput) => {
      const result = await mutate({ variables: { input }, refetchQueries: 'active' });
      return result.data?.createCalendarEvent.calendarEvent ?? null;
    },
    [mutate],
  );
  return { create, loading };
};
