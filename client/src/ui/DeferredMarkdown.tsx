import { lazy, startTransition, Suspense, useEffect, useState } from 'react';

/** The Markdown stack (about 42 KB compressed), fetched the first time deferred Markdown is shown. */
const LazyMarkdown = lazy(() => import('./Markdown').then((module) => ({ default: module.Markdown })));

/**
 * Markdown that is not what a page is opened for (a contract's terms, below its milestones),
 * rendered after the page has been painted instead of inside its first render: the text as written
 * first (line breaks kept), then the Markdown. Two reasons:
 * - Parsing Markdown is work React cannot split up; inside the tab's first data render it made the
 *   Contract page's longest task on a phone longer by a tenth (51-125 ms of Markdown at 4x).
 * - The Markdown stack is the biggest part of the Contract tab's download. Loaded with the page it
 *   was a fifth of the bytes before the page's first paint, on a slow line about 0.2 s of it; it
 *   is now requested once the page is on screen (the next frame after the first commit).
 * The switch is a transition, so the text as written stays until the Markdown chunk is here.
 */
export const DeferredMarkdown = ({ children, className }: { children: string; className?: string }) => {
  const [asMarkdown, setAsMarkdown] = useState(false);
  useEffect(() => {
    // A frame, then a task: after the browser has painted what this render committed.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setAsMarkdown(true)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  const source = <div className={`markdown markdown--source${className ? ` ${className}` : ''}`}>{children}</div>;
  if (!asMarkdown) return source;
  return (
    <Suspense fallback={source}>
      <LazyMarkdown className={className}>{children}</LazyMarkdown>
    </Suspense>
  );
};
