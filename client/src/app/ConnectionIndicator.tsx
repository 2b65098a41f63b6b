import { useSyncExternalStore } from 'react';

import type { ConnectionMonitor, ConnectionState } from './connection-status';

import './ConnectionIndicator.css';

const labels: Record<ConnectionState, { short: string; long: string }> = {
  connecting: { short: 'Connecting…', long: 'Connecting to live updates' },
  connected: { short: 'Live', long: 'Live updates are on' },
  reconnecting: { short: 'Reconnecting…', long: 'Connection lost; reconnecting. Nothing will be missed.' },
  offline: { short: 'Offline', long: 'Offline; updates resume when the connection returns.' },
};

/** A small dot and word in the header, from the graphql-ws client's events. */
export const ConnectionIndicator = ({ monitor }: { monitor: ConnectionMonitor }) => {
  const { state } = useSyncExternalStore(monitor.subscribe, monitor.getSnapshot);
  const label = labels[state];
  return (
    <span className={`connection connection--${state}`} role="status" title={label.long}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__text" aria-hidden="true">
        {label.short}
      </span>
      <span className="visually-hidden">{label.long}</span>
    </span>
  );
};
