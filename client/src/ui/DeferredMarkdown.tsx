import { lazy, startTransition, Suspense, useEffect, useState } from 'react';

/** How long after its first render deferred Markdown asks for the Markdown stack. */
const AFTER_FIRST_PAINT_MS = 500;

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
 *   is now requested once the page is on screen (half a second after the tab's first render).
 * The switch is a transition, so the text as written stays until the Markdown chunk is here.
 */
export const DeferredMarkdown = ({ children, className }: { children: string; className?: string }) => {
  const [asMarkdown, setAsMarkdown] = useState(false);
  useEffect(() => {
    // Half a second after this render, then an idle moment. Its effects run before the frame that
    // draws the page is on screen: measured on the Contract tab, that frame reached the screen
    // 70-90 ms after them, after two animation frames had already fired, so the Markdown request
    // still went out beside the page's own first paint.
    let cancelIdle = () => {};
    const show = () => startTransition(() => setAsMarkdown(true));
    const timer = setTimeout(() => {
      if (typeof requestIdleCallback === 'function') {
        const idle = requestIdleCallback(show, { timeout: 1_000 });
        cancelIdle = () => cancelIdleCallback(idle);
      } else show();
    }, AFTER_FIRST_PAINT_MS);
    return () => {
      clearTimeout(timer);
      cancelIdle();
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
