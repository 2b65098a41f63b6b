import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import type { UpdateCalendarEventInput } from '../../gql/graphql';

export const UpdateCalendarEventMutation = graphql(`
  mutation UpdateCalendarEvent($input: UpdateCalendarEventInput!) {
    updateCalendarEvent(input: $input) {
      calendarEvent {
        id
        ...CalendarEventDetail_event
      }
    }
  }
`);

export const CancelCalendarEventMutation = graphql(`
  mutation CancelCalendarEvent($input: CancelCalendarEventInput!) {
    cancelCalendarEvent(input: $input) {
      calendarEvent {
        id
        ...CalendarEventDetail_event
      }
    }
  }
`);

/** Employer: changes an event (only the fields given); attendees see it move, live. */
export const useUpdateCalendarEvent = () => {
  const [mutate, { loading }] = useMutation(UpdateCalendarEventMutation);
  const update = useCallback(
    async (input: UpdateCalendarEventInput) => {
      await mutate({ variables: { input } });
    },
    [mutate],
  );
  return { update, loading };
};

/** Employer: cancels an event; it stays on calendars, marked cancelled. */
export const useCancelCalendarEvent = () => {
  const [mutate, { loading }] = useMutation(CancelCalendarEventMutation);
  const cancel = useCallback(
    async (eventId: string) => {
      await mutate({ variables: { input: { eventId } } });
    },
    [mutate],
  );
  return { cancel, loading };
};
