import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * Markdown as every screen renders it (GitHub-flavoured: tables, task lists). react-markdown
 * builds React elements and drops raw HTML, so a document cannot inject markup.
 */
export const Markdown = ({ children, className }: { children: string; className?: string }) => (
  <div className={className ? `markdown ${className}` : 'markdown'}>
    <ReactMarkdown remarkPlugins={[remarkGfm]}>{children}</ReactMarkdown>
  </div>
);
