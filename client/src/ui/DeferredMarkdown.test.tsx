import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { DeferredMarkdown } from './DeferredMarkdown';

describe('DeferredMarkdown', () => {
  it('shows the text as written at once, then rendered as Markdown', async () => {
    const { container } = render(<DeferredMarkdown>{'- Payment: **Net 7**\n- Fee: 10%'}</DeferredMarkdown>);
    // Before the Markdown stack has loaded: the source, line breaks kept.
    expect(container.textContent).toBe('- Payment: **Net 7**\n- Fee: 10%');
    const strong = await screen.findByText('Net 7', {}, { timeout: 10_000 });
    expect(strong.tagName).toBe('STRONG');
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['Payment: Net 7', 'Fee: 10%']);
  });
});
