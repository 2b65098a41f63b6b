import { useSyncExternalStore } from 'react';
import { Link } from 'react-router';

import { toasts as defaultStore, type ToastStore } from './toasts';

import './Toaster.css';

/** The notices, in a polite live region so screen readers announce them without moving focus. */
export const Toaster = ({ store = defaultStore }: { store?: ToastStore }) => {
  const items = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return (
    <div className="toaster" role="status" aria-live="polite">
      {items.map((toast) => (
        <div key={toast.id} className={`toast toast--${toast.tone}`}>
          <p className="toast__message">{toast.message}</p>
          <div className="toast__actions">
            {toast.href && (
              <Link to={toast.href} onClick={() => store.dismiss(toast.id)}>
                View
              </Link>
            )}
            <button type="button" className="toast__close" aria-label="Dismiss notice" onClick={() => store.dismiss(toast.id)}>
              ×
            </button>
          </div>
        </div>
      ))}
    </div>
  );
};
