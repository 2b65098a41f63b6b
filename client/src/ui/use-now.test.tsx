import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { formatRelative } from './format';
import { useNow } from './use-now';

const Ago = ({ iso }: { iso: string }) => <p>{formatRelative(iso, useNow())}</p>;

describe('useNow', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(new Date('2026-11-23T12:00:00.000Z'));
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('moves on every minute while a time is on screen', () => {
    render(<Ago iso="2026-11-23T12:00:00.000Z" />);
    expect(screen.getByText('just now')).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(3 * 60_000);
    });
    expect(screen.getByText('3 minutes ago')).toBeTruthy();
  });

  it('starts from the real time after a quiet spell, so a message that just arrived is "just now"', () => {
    // Something showed a time once, then nothing did for a while: the shared clock stopped.
    const first = render(<Ago iso="2026-11-23T12:00:00.000Z" />);
    first.unmount();
    vi.setSystemTime(new Date('2026-11-23T12:04:30.000Z'));

    render(<Ago iso="2026-11-23T12:04:29.000Z" />);
    expect(screen.getByText('just now')).toBeTruthy();
    expect(screen.queryByText(/^in /)).toBeNull();
  });

  it('catches up when the minute timer is late (a background tab), on every screen showing a time', async () => {
    render(<Ago iso="2026-11-23T12:00:00.000Z" />);
    // The clock moves four minutes without the interval firing (browsers throttle hidden tabs).
    vi.setSystemTime(new Date('2026-11-23T12:04:00.000Z'));
    await act(async () => {
      render(<Ago iso="2026-11-23T12:03:59.000Z" />);
    });
    expect(screen.getByText('just now')).toBeTruthy();
    // The time already on screen moved on with it.
    expect(screen.getByText('4 minutes ago')).toBeTruthy();
  });
});
