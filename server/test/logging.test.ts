import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../src/app.js';

describe('request logs', () => {
  it('keep capability secrets out: calendar feed tokens and signed download links', () => {
    expect(redactSecrets('/calendar/AbC123_-xyz.ics')).toBe('/calendar/[redacted].ics');
    expect(redactSecrets('/invoices/SW52b2ljZTo.html?token=eyJhbGciOi.x.y')).toBe('/invoices/SW52b2ljZTo.html?token=[redacted]');
    expect(redactSecrets('/graphql')).toBe('/graphql');
  });
});
