import { Money } from '../../graphql/money.js';
import type { Organization } from '../accounts/organization.entity.js';
import type { User } from '../accounts/user.entity.js';
import type { Contract } from '../contracts/contract.entity.js';
import type { Milestone } from '../milestones/milestone.entity.js';
import type { Invoice } from './invoice.entity.js';

export interface InvoiceDocumentData {
  invoice: Invoice;
  contract: Contract;
  milestone: Milestone | null;
  trainer: User;
  organization: Organization;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : '—');

/** A printable, self-contained HTML invoice (no external assets), every value escaped. */
export function renderInvoiceHtml({ invoice, contract, milestone, trainer, organization }: InvoiceDocumentData): string {
  const money = (cents: number) => escapeHtml(new Money(cents, invoice.currency).formatted);
  const line = milestone ? `Milestone ${milestone.number}: ${milestone.title}` : contract.title;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Invoice ${escapeHtml(invoice.number)}</title>
<style>
  body { font: 14px/1.5 system-ui, sans-serif; color: #111; max-width: 720px; margin: 40px auto; padding: 0 16px; }
  h1 { font-size: 22px; margin: 0 0 4px; } table { width: 100%; border-collapse: collapse; margin-top: 24px; }
  th, td { text-align: left; padding: 8px; border-bottom: 1px solid #ddd; } td.amount, th.amount { text-align: right; }
  .muted { color: #555; } .total td { font-weight: 600; border-bottom: 2px solid #111; }
</style>
</head>
<body>
<h1>Invoice ${escapeHtml(invoice.number)}</h1>
<p class="muted">Status: ${escapeHtml(invoice.status)} · Issued ${day(invoice.issuedAt)} · Paid ${day(invoice.paidAt)}</p>
<p><strong>From</strong> ${escapeHtml(trainer.name)} (trainer)<br><strong>For</strong> ${escapeHtml(organization.name)}<br>
<strong>Contract</strong> ${escapeHtml(contract.title)}</p>
<table>
  <thead><tr><th>Description</th><th class="amount">Amount</th></tr></thead>
  <tbody>
    <tr><td>${escapeHtml(line)}</td><td class="amount">${money(invoice.grossCents)}</td></tr>
    <tr><td>Workroom marketplace fee</td><td class="amount">−${money(invoice.feeCents)}</td></tr>
    <tr class="total"><td>Net paid to the trainer</td><td class="amount">${money(invoice.netCents)}</td></tr>
  </tbody>
</table>
<p class="muted">Amounts in ${escapeHtml(invoice.currency)}.</p>
</body>
</html>
`;
}
