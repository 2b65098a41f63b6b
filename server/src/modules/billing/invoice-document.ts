import { createHash } from 'node:crypto';
import { Money } from '../../graphql/money.js';
import type { Organization } from '../accounts/organization.entity.js';
import type { User } from '../accounts/user.entity.js';
import type { Contract } from '../contracts/contract.entity.js';
import type { Milestone } from '../milestones/milestone.entity.js';
import { InvoiceStatus, type Invoice } from './invoice.entity.js';

export interface InvoiceDocumentData {
  invoice: Invoice;
  contract: Contract;
  milestone: Milestone | null;
  trainer: User;
  organization: Organization;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);

/** A calendar day in UTC, for example "6 December 2026" (the document says the dates are UTC). */
const day = (date: Date) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);

/**
 * The Print / Save as PDF button's script. The page is served with a Content-Security-Policy that
 * allows this script alone (by its hash), so nothing written into the document can ever run.
 */
const printScript = "document.getElementById('print').addEventListener('click', function () { window.print(); });";
export const invoiceContentSecurityPolicy = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  `script-src 'sha256-${createHash('sha256').update(printScript).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const statusLine: Record<InvoiceStatus, string> = {
  [InvoiceStatus.ISSUED]: 'Issued: the milestone is paid; the net amount is not yet paid out to the trainer.',
  [InvoiceStatus.PAID]: 'Paid: the net amount has been paid out to the trainer.',
  [InvoiceStatus.VOID]: 'Void: this invoice is cancelled and is not payable.',
};

/**
 * A printable, self-contained HTML invoice (no external assets), every value escaped. Workroom
 * keeps no postal addresses, so the parties are named by what the marketplace knows: the
 * trainer's name and the organization's name. The payment date appears only once the invoice is
 * paid out; an unpaid invoice has no paid line at all.
 */
export function renderInvoiceHtml({ invoice, contract, milestone, trainer, organization }: InvoiceDocumentData): string {
  const money = (cents: number) => escapeHtml(new Money(cents, invoice.currency).formatted);
  const line = milestone ? `Milestone ${milestone.number}: ${milestone.title}` : contract.title;
  const dates = [
    `<dt>Invoice number</dt><dd>${escapeHtml(invoice.number)}</dd>`,
    `<dt>Issue date</dt><dd><time datetime="${invoice.issuedAt.toISOString()}">${day(invoice.issuedAt)}</time></dd>`,
    invoice.status === InvoiceStatus.PAID && invoice.paidAt
      ? `<dt>Payment date</dt><dd><time datetime="${invoice.paidAt.toISOString()}">${day(invoice.paidAt)}</time></dd>`
      : '',
    `<dt>Status</dt><dd>${escapeHtml(statusLine[invoice.status])}</dd>`,
  ].join('\n    ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Invoice ${escapeHtml(invoice.number)}</title>
<style>
  :root { color-scheme: light; }
  body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111; background: #fff; max-width: 760px; margin: 32px auto; padding: 0 16px; }
  header { display: flex; justify-content: space-between; align-items: flex-start; gap: 16px; border-bottom: 2px solid #111; padding-bottom: 12px; }
  h1 { font-size: 24px; margin: 0; } .brand { font-weight: 700; letter-spacing: .02em; }
  .parties { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin: 20px 0; }
  .parties h2, .facts h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: #444; margin: 0 0 4px; }
  .parties p { margin: 0; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; } dt { color: #444; } dd { margin: 0; }
  table { width: 100%; border-collapse: collapse; margin-top: 24px; }
  th, td { text-align: left; padding: 8px; border-bottom: 1px solid #bbb; } .amount { text-align: right; white-space: nowrap; }
  thead th { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: #444; }
  .total td { font-weight: 700; border-bottom: 2px solid #111; }
  .note { color: #444; font-size: 13px; margin-top: 16px; }
  button { font: inherit; padding: 8px 14px; border: 1px solid #1d4ed8; background: #1d4ed8; color: #fff; border-radius: 6px; cursor: pointer; }
  button:focus-visible { outline: 3px solid #93c5fd; outline-offset: 2px; }
  @page { size: A4; margin: 18mm; }
  @media print {
    body { margin: 0; max-width: none; padding: 0; font-size: 12px; }
    .no-print { display: none; }
    a { color: inherit; text-decoration: none; }
    tr { break-inside: avoid; }
  }
</style>
</head>
<body>
<header>
  <div>
    <div class="brand">Workroom</div>
    <h1>Invoice ${escapeHtml(invoice.number)}</h1>
  </div>
  <button type="button" id="print" class="no-print">Print / Save as PDF</button>
</header>
<main>
<section class="parties" aria-label="Parties">
  <div>
    <h2>From (the trainer)</h2>
    <p>${escapeHtml(trainer.name)}</p>
  </div>
  <div>
    <h2>Billed to (the organization)</h2>
    <p>${escapeHtml(organization.name)}</p>
  </div>
</section>
<section class="facts" aria-label="Invoice details">
  <dl>
    ${dates}
    <dt>Contract</dt><dd>${escapeHtml(contract.title)}</dd>
  </dl>
</section>
<table>
  <thead><tr><th scope="col">Description</th><th scope="col" class="amount">Amount (${escapeHtml(invoice.currency)})</th></tr></thead>
  <tbody>
    <tr><td>${escapeHtml(line)} (gross, paid by ${escapeHtml(organization.name)})</td><td class="amount">${money(invoice.grossCents)}</td></tr>
    <tr><td>Workroom marketplace fee, withheld from the trainer's earning</td><td class="amount">−${money(invoice.feeCents)}</td></tr>
    <tr class="total"><td>Net to the trainer</td><td class="amount">${money(invoice.netCents)}</td></tr>
  </tbody>
</table>
<p class="note">The organization paid the gross amount (the milestone amount) and no fee on top. Workroom's marketplace fee
is borne by the trainer: it is withheld from the gross before the net is paid out. Amounts in ${escapeHtml(invoice.currency)};
dates in UTC.</p>
</main>
<script>${printScript}</script>
</body>
</html>
`;
}
