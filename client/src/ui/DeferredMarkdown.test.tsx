import { render, screen } from '@testing-library/react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

import { DeferredMarkdown } from './DeferredMarkdown';

const terms = '- Payment: **Net 7**\n- Fee: 10%';

describe('DeferredMarkdown', () => {
  it('renders the text as written first, line breaks kept', () => {
    // A first render (what the server's renderer shows too) has the source, not the Markdown.
    const first = document.createElement('div');
    first.innerHTML = renderToString(<DeferredMarkdown>{terms}</DeferredMarkdown>);
    expect(first.textContent).toBe(terms);
    expect(first.querySelector('.markdown--source')).not.toBeNull();
  });

  it('then renders it as Markdown', async () => {
    render(<DeferredMarkdown>{terms}</DeferredMarkdown>);
    // Half a second after the first render, then the Markdown chunk's import (DeferredMarkdown.tsx).
    const strong = await screen.findByText('Net 7', undefined, { timeout: 5_000 });
    expect(strong.tagName).toBe('STRONG');
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['Payment: Net 7', 'Fee: 10%']);
  });
});
