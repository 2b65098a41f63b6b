/**
 * Threads on screen right now. A live message in one of them is marked read by the thread itself,
 * so the unread total need not be refreshed for it.
 */
const open = new Map<string, number>();

export const markChannelOpen = (channelId: string): (() => void) => {
  open.set(channelId, (open.get(channelId) ?? 0) + 1);
  return () => {
    const count = (open.get(channelId) ?? 1) - 1;
    if (count <= 0) open.delete(channelId);
    else open.set(channelId, count);
  };
};

export const isChannelOpen = (channelId: string): boolean => open.has(channelId) && (typeof document === 'undefined' || document.visibilityState !== 'hidden');
