import { render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { ActivityType } from '../../gql/graphql';
import { refetchInterested, useRefetchOnLive } from './live-refetch';

const Screen = ({ types, refetch }: { types: ActivityType[]; refetch: () => Promise<unknown> }) => {
  useRefetchOnLive(types, refetch);
  return null;
};

describe('live refresh of the screens on view', () => {
  it('refetches a mounted screen on the event types it asked for, and nothing else', () => {
    const calendar = vi.fn(() => Promise.resolve());
    const access = vi.fn(() => Promise.resolve());
    const view = render(
      <>
        <Screen types={['CALENDAR_EVENT_SCHEDULED', 'MILESTONE_CREATED']} refetch={calendar} />
        <Screen types={['ACCESS_GRANTED']} refetch={access} />
      </>,
    );
    refetchInterested('MILESTONE_CREATED');
    expect(calendar).toHaveBeenCalledTimes(1);
    expect(access).not.toHaveBeenCalled();
    refetchInterested('MESSAGE_ADDED');
    expect(calendar).toHaveBeenCalledTimes(1);
    view.unmount();
    refetchInterested('MILESTONE_CREATED');
    refetchInterested('ACCESS_GRANTED');
    expect(calendar).toHaveBeenCalledTimes(1);
    expect(access).not.toHaveBeenCalled();
  });

  it('keeps a failed refetch to itself', async () => {
    const failing = vi.fn(() => Promise.reject(new Error('offline')));
    const view = render(<Screen types={['PAYOUT_COMPLETED']} refetch={failing} />);
    expect(() => refetchInterested('PAYOUT_COMPLETED')).not.toThrow();
    await Promise.resolve();
    expect(failing).toHaveBeenCalledTimes(1);
    view.unmount();
  });
});
