import { Router } from 'express';
import { canRead } from '../../policy/policy.js';
import { viewerOf } from '../../auth/viewer.js';
import { createContext, type AppServices } from '../../api/context.js';
import { parseGlobalId } from '../../graphql/global-id.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { Milestone } from '../milestones/milestone.entity.js';
import { invoiceContentSecurityPolicy, renderInvoiceHtml } from './invoice-document.js';
import { Invoice } from './invoice.entity.js';

export const invoiceDownloadPurpose = 'invoice-download';
/** A download link stays valid this long; `Invoice.downloadUrl` makes a fresh one on every read. */
export const invoiceDownloadTtlSeconds = 15 * 60;

/**
 * GET /invoices/<invoice id>.html?token=… : the invoice as a printable page. The token is a
 * short-lived, single-purpose signature for the signed-in user who asked for the link, and the
 * same read rule as the API applies; anything else is a plain 404.
 */
export function invoiceDownloadRouter(services: AppServices): Router {
  const router = Router();
  router.get('/invoices/:file', async (req, res, next) => {
    const notFound = () => res.status(404).type('text/plain').send('No such invoice, or the link has expired.');
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    const decoded = parseGlobalId(req.params.file.replace(/\.html$/, ''));
    if (!token || !decoded || decoded.typename !== 'Invoice') return notFound();
    const check = await services.tokens.verifyScoped(token, `${invoiceDownloadPurpose}:${decoded.id}`);
    if (!check.ok) return notFound();
    const user = await services.dataSource.getRepository(User).findOneBy({ id: check.claims.userId });
    if (!user) return notFound();
    const context = createContext(services, req.id, viewerOf(user), req.log);
    try {
      const invoice = await context.loaders.byId(Invoice).load(decoded.id);
      if (!invoice || !(await canRead(invoice, { viewer: context.viewer!, loaders: context.loaders }))) return notFound();
      const [contract, milestone, trainer, organization] = await Promise.all([
        context.loaders.byId(Contract).load(invoice.contractId),
        invoice.milestoneId ? context.loaders.byId(Milestone).load(invoice.milestoneId) : null,
        context.loaders.byId(User).load(invoice.trainerId),
        context.loaders.byId(Organization).load(invoice.organizationId),
      ]);
      res
        .status(200)
        .type('text/html; charset=utf-8')
        .setHeader('cache-control', 'private, no-store')
        .setHeader('content-security-policy', invoiceContentSecurityPolicy)
        .setHeader('referrer-policy', 'no-referrer')
        .setHeader('content-disposition', `inline; filename="${invoice.number}.html"`)
        .send(renderInvoiceHtml({ invoice, contract: contract!, milestone, trainer: trainer!, organization: organization! }));
    } catch (error) {
      next(error);
    } finally {
      await context.release();
    }
  });
  return router;
}
