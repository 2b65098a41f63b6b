import { lazy, Suspense } from 'react';

const Markdown = lazy(() => import('./Markdown').then(({ Markdown: component }) => ({ default: component })));

/**
 * Markdown that is not what a page is opened for (a contract's terms, below its milestones): the
 * Markdown stack (react-markdown, remark, micromark: the biggest chunk after React and Apollo)
 * loads and runs after the page's first render instead of inside it, where on a phone it added a
 * tenth to the longest task. Until then the text shows as written, line breaks kept.
 */
export const DeferredMarkdown = ({ children, className }: { children: string; className?: string }) => (
  <Suspense fallback={<div className={`markdown markdown--source${className ? ` ${className}` : ''}`}>{children}</div>}>
    <Markdown className={className}>{children}</Markdown>
  </Suspense>
);
