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
export const absoluteFeedUrl = (path: string, origin: string = window.location.origin): string => new URL(path, origin).href;

export const webcalUrl = (httpUrl: string): string => httpUrl.replace(/^https?:/, 'webcal:');

/** "Subscribe in your calendar app", or a button that creates the private feed first. */
export const CalendarFeed = (props: { viewer: FragmentType<typeof CalendarFeed_viewer> }) => {
  const viewer = getFragmentData(CalendarFeed_viewer, props.viewer);
  const { rotate, loading, error } = useRotateCalendarFeed(viewer.id);
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  const addressId = useId();

  if (!viewer.calendarFeedUrl) {
    return (
      <div className="calendar-feed">
        <p className="calendar-feed__text">See your calls and milestone deadlines in Google Calendar, Outlook or Apple Calendar.</p>
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
      setCopied('done');
      setTimeout(() => setCopied('idle'), 4000);
    } catch {
      // No clipboard (an insecure origin, a denied permission): show the address, selected.
      setCopied('failed');
      const details = document.getElementById(addressId)?.closest('details');
      if (details) details.open = true;
      requestAnimationFrame(() => (document.getElementById(addressId) as HTMLInputElement | null)?.select());
    }
  };
  return (
    <div className="calendar-feed">
      <div className="calendar-feed__actions">
        <a className="button" href={webcalUrl(url)}>
          Subscribe in your calendar app
        </a>
        <button type="button" className="button" onClick={copy}>
          {copied === 'done' ? 'Copied ✓' : 'Copy feed address'}
        </button>
      </div>
      <p className="calendar-feed__copied" role="status">
        {copied === 'done'
          ? 'The feed address is copied: paste it into your calendar app ("Subscribe from URL").'
          : copied === 'failed'
            ? 'Copying is not available here: the address is selected below, copy it with Ctrl+C (⌘C on a Mac).'
            : ''}
      </p>
      <details className="calendar-feed__details">
        <summary>Feed address</summary>
        <label htmlFor={addressId}>Private address (anyone with it can read your calendar)</label>
        <div className="calendar-feed__address">
          <input id={addressId} readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
        </div>
        <button type="button" className="button button--small button--quiet" onClick={() => rotate().catch(() => undefined)} disabled={loading}>
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
