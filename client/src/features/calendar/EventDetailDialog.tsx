import { useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef } from 'react';

import { graphql } from '../../gql';
import { QueryGate } from '../../ui/QueryState';
import { CalendarEventDetail } from './CalendarEventDetail';

const CalendarEventDetailQuery = graphql(`
  query CalendarEventDetail($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on CalendarEvent {
        ...CalendarEventDetail_event
      }
    }
  }
`);

export { CalendarEventDetailQuery };

/**
 * The calendar's event, opened from its entry: a modal dialog (Esc or Close returns to the
 * calendar, and focus to where it was).
 */
export const EventDetailDialog = ({ eventId, onClose }: { eventId: string; onClose: () => void }) => {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const { data, error, refetch } = useQuery(CalendarEventDetailQuery, { variables: { id: eventId }, fetchPolicy: 'cache-and-network' });
  const event = data?.node?.__typename === 'CalendarEvent' ? data.node : null;
  const missing = data && !event;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // jsdom has no showModal; the `open` attribute shows it there.
    if (typeof dialog.showModal === 'function') {
      if (!dialog.open) dialog.showModal();
    } else dialog.setAttribute('open', '');
    return () => {
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialogRef}
      className="event-dialog"
      aria-labelledby={headingId}
      onCancel={(cancelEvent) => {
        cancelEvent.preventDefault();
        onClose();
      }}
      onClick={(click) => {
        // A click on the backdrop (the dialog box itself, outside its content) closes it.
        if (click.target === dialogRef.current) onClose();
      }}
    >
      <div className="event-dialog__content">
        <QueryGate
          data={missing ? undefined : event}
          error={missing ? new Error('This event does not exist or is not on your calendar.') : error}
          refetch={refetch}
          loadingLabel="Loading the event…"
          errorTitle="This event could not be loaded"
        >
          {(loaded) => <CalendarEventDetail event={loaded} headingId={headingId} />}
        </QueryGate>
        {!event && (
          <h2 id={headingId} className="visually-hidden">
            Event
          </h2>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </dialog>
  );
};
