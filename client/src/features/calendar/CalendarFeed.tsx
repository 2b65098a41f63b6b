import { useId, useState } from 'react';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { errorMessage } from '../../ui/QueryState';
import { useRotateCalendarFeed } from './use-rotate-calendar-feed';

export const CalendarFeed_viewer = graphql(`
  fragment CalendarFeed_viewer on Viewer {
    id
    calendarFeedUrl
  }
`);

/** The feed address is a path on the API's origin, which is this page's origin. */
export const absoluteFeedUrl = (path: string, origin: string = window.location.origin): string =>
  new URL(path, origin).href;

export const webcalUrl = (httpUrl: string): string => httpUrl.replace(/^https?:/, 'webcal:');

/** "Subscribe in your calendar app", or a button that creates the private feed first. */
export const CalendarFeed = (props: { viewer: FragmentType<typeof CalendarFeed_viewer> }) => {
  const viewer = getFragmentData(CalendarFeed_viewer, props.viewer);
  const { rotate, loading, error } = useRotateCalendarFeed(viewer.id);
  const [copied, setCopied] = useState(false);
  const addressId = useId();

  if (!viewer.calendarFeedUrl) {
    return (
      <div className="calendar-feed">
        <p className="calendar-feed__text">
          See your calls and milestone deadlines in Google Calendar, Outlook or Apple Calendar.
        </p>
        <button type="button" className="button" onClick={() => rotate().catch(() => undefined)} disabled={loading}>
          {loading ? 'Creating…' : 'Create a calendar feed'}
        </button>
        {error && (
          <p className="form-error" role="alert">
            {errorMessage(error)}
          </p>
        )}
      </div>
    );
  }

  const url = absoluteFeedUrl(viewer.calendarFeedUrl);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      setTimeout(() => setCopied(false), 2500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="calendar-feed">
      <a className="button" href={webcalUrl(url)}>
        Subscribe in your calendar app
      </a>
      <details className="calendar-feed__details">
        <summary>Feed address</summary>
        <label htmlFor={addressId}>Private address (anyone with it can read your calendar)</label>
        <div className="calendar-feed__address">
          <input id={addressId} readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
          <button type="button" className="button button--small" onClick={copy}>
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
        <button
          type="button"
          className="button button--small button--quiet"
          onClick={() => rotate().catch(() => undefined)}
          disabled={loading}
        >
          {loading ? 'Resetting…' : 'Reset address (the old one stops working)'}
        </button>
        {error && (
          <p className="form-error" role="alert">
            {errorMessage(error)}
          </p>
        )}
      </details>
    </div>
  );
};
