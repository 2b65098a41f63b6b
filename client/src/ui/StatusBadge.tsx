import { humanize } from './format';

import './StatusBadge.css';

/** Words for statuses where the product uses its own names (milestones, see DESIGN.md). */
const labels: Record<string, string> = {
  FUNDED: 'Active & funded',
  SUBMITTED: 'Pending approval',
  NOT_FUNDED: 'Not funded',
  PAID: 'Paid',
};

const tones: Record<string, 'good' | 'warn' | 'bad' | 'info' | 'neutral'> = {
  ACTIVE: 'good',
  PAID: 'good',
  HIRED: 'good',
  FUNDED: 'info',
  SHORTLISTED: 'info',
  OPEN: 'info',
  ISSUED: 'info',
  REQUESTED: 'info',
  SUBMITTED: 'warn',
  CHANGES_REQUESTED: 'warn',
  PAUSED: 'warn',
  UNREVIEWED: 'neutral',
  NOT_FUNDED: 'neutral',
  ENDED: 'neutral',
  CLOSED: 'neutral',
  WITHDRAWN: 'neutral',
  DISPUTED: 'bad',
  DECLINED: 'bad',
  CANCELLED: 'bad',
  FAILED: 'bad',
  VOID: 'bad',
};

export const statusLabel = (status: string): string => labels[status] ?? humanize(status);

export const StatusBadge = ({ status, label }: { status: string; label?: string }) => (
  <span className={`status-badge status-badge--${tones[status] ?? 'neutral'}`}>{label ?? statusLabel(status)}</span>
);
