import { useDeferredValue } from 'react';

import { Markdown } from './Markdown';

/**
 * Markdown that is not what a page is opened for (a contract's terms, below its milestones),
 * rendered just after the page's first render instead of inside it: parsing Markdown is work
 * React cannot split up, and inside the tab's first data render it made the Contract page's
 * longest task on a phone longer by a tenth (51-125 ms of Markdown at 4x). `useDeferredValue`
 * renders the text as written first (line breaks kept), then the Markdown in a render of its own,
 * which React runs as a separate task. The Markdown chunk itself still loads with the page.
 */
export const DeferredMarkdown = ({ children, className }: { children: string; className?: string }) => {
  const asMarkdown = useDeferredValue(true, false);
  return asMarkdown ? (
    <Markdown className={className}>{children}</Markdown>
  ) : (
    <div className={`markdown markdown--source${className ? ` ${className}` : ''}`}>{children}</div>
  );
};
