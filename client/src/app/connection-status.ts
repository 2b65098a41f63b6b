import type { Client } from 'graphql-ws';

/**
 * The live connection as a person would describe it: `connected`; `reconnecting` after it dropped
 * (graphql-ws is retrying with backoff); `offline` when the browser has no network or several
 * attempts in a row failed; `connecting` before the first connection.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Failed attempts since the last successful connection. */
  failures: number;
}

type Listener = () => void;

/** Consecutive failures after which we stop saying "reconnecting" and say "offline". */
const OFFLINE_AFTER_FAILURES = 3;

/** A tiny external store (for `useSyncExternalStore`) fed by graphql-ws client events. */
export class ConnectionMonitor {
  private status: ConnectionStatus = { state: 'connecting', failures: 0 };
  private readonly listeners = new Set<Listener>();
  private everConnected = false;

  getSnapshot = (): ConnectionStatus => this.status;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Follows a graphql-ws client; returns a function that stops following it. */
  attach(client: Client): () => void {
    const offs = [
      client.on('connected', () => {
        this.everConnected = true;
        this.set({ state: 'connected', failures: 0 });
      }),
      client.on('closed', () => {
        const failures = this.status.state === 'connected' ? 0 : this.status.failures + 1;
        this.set({ state: this.stateAfterFailure(failures), failures });
      }),
    ];
    const goOffline = () => this.set({ state: 'offline', failures: this.status.failures });
    const goOnline = () => {
      if (this.status.state === 'offline') this.set({ state: 'reconnecting', failures: 0 });
    };
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);
    if (typeof navigator !== 'undefined' && navigator.onLine === false) goOffline();
    return () => {
      offs.forEach((off) => off());
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
    };
  }

  private stateAfterFailure(failures: number): ConnectionState {
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return 'offline';
    if (failures >= OFFLINE_AFTER_FAILURES) return 'offline';
    return this.everConnected ? 'reconnecting' : 'connecting';
  }

  private set(next: ConnectionStatus): void {
    if (next.state === this.status.state && next.failures === this.status.failures) return;
    this.status = next;
    this.listeners.forEach((listener) => listener());
  }
}
