import type { EntityManager } from 'typeorm';
import { isEmployer, UserRole, type Viewer, type ViewerAccount } from '../../auth/viewer.js';
import { forbidden } from '../../errors/domain-error.js';
import type { ActivityEvent } from '../../events/activity-event.entity.js';
import { eventReaders } from '../../events/audience.js';
import { defineReadRule, inOrganization, type PolicyContext, type PolicyQuery } from '../../policy/policy.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';

// An organization's endpoints and their delivery logs are its employers' business alone.
defineReadRule(WebhookEndpoint, (endpoint, { viewer }) => inOrganization(viewer, endpoint.organizationId));
defineReadRule(WebhookDelivery, (delivery, { viewer }) => inOrganization(viewer, delivery.organizationId));

/** The WebhookEndpoint and WebhookDelivery rules as SQL: the viewer's organization's; a trainer has none. */
export function webhooksScope(query: PolicyQuery, viewer: Viewer, alias = query.alias): PolicyQuery {
  return isEmployer(viewer)
    ? query.andWhere(`${alias}.organization_id = :scopeOrganizationId`, { scopeOrganizationId: viewer.organizationId })
    : query.andWhere('FALSE');
}

/** The write rule: an employer manages their own organization's endpoints (the command finds the row among them only); answers the organization. */
export function authorizeWebhookChange({ viewer }: PolicyContext): string {
  if (!isEmployer(viewer)) throw forbidden('Only employers register webhooks, for their organization.');
  return viewer.organizationId;
}

/**
 * What an organization may receive: an event of the organization that one of its employers may
 * read, by the same audience rule (`eventReaders`) the live subscriptions use. Another
 * organization's events never qualify, whatever their audience; a channel's events only when an
 * employer of the organization is (or was, up to then) in the channel; a trainer's own (a payout)
 * never.
 */
export class OrganizationAudience {
  private employers: Viewer[] | undefined;

  constructor(
    readonly organizationId: string,
    private readonly manager: EntityManager,
  ) {}

  async mayReceive(event: ActivityEvent): Promise<boolean> {
    if (event.organizationId !== this.organizationId) return false;
    this.employers ??= await employersOf(this.manager, this.organizationId);
    if (this.employers.length === 0) return false;
    const reads = await eventReaders(event, this.manager);
    return this.employers.some(reads);
  }
}

async function employersOf(manager: EntityManager, organizationId: string): Promise<Viewer[]> {
  const rows: Array<{ id: string }> = await manager.query('SELECT id FROM users WHERE organization_id = $1 AND role = $2', [organizationId, UserRole.EMPLOYER]);
  // What the audience rules read of a viewer: who they are, their role and organization.
  return rows.map((row) => ({
    user: { id: row.id, role: UserRole.EMPLOYER, organizationId } as ViewerAccount,
    id: row.id,
    role: UserRole.EMPLOYER,
    organizationId,
  }));
}
