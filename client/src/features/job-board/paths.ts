/** The job board (browse and search open jobs). */
export const jobBoardPath = '/find-work';

/**
 * A job posting's own page. `/job/…`, singular, because `/jobs/:contractId` is a contract's
 * manage view (the trainer's "My Jobs"), keyed by a contract, not a job.
 */
export const jobPath = (jobId: string): string => `/job/${jobId}`;
