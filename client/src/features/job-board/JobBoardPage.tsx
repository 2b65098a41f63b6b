import { useQuery } from '@apollo/client/react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';

import { graphql } from '../../gql';
import type { PaymentType } from '../../gql/graphql';
import { paymentTypeLabel } from '../../ui/format';
import { LoadMore } from '../../ui/LoadMore';
import { EmptyState, QueryGate } from '../../ui/QueryState';
import { dollarsToCents } from '../employer/CreateMilestoneForm';
import { useRefetchOnLive } from '../live/live-refetch';
import { JobBoardRow } from './JobBoardRow';

import './JobBoard.css';

export const JOB_BOARD_PAGE = 20;

export const JobBoardQuery = graphql(`
  query JobBoard($first: Int!, $after: String, $skills: [String!], $paymentType: [PaymentType!], $minRateCents: Int, $maxRateCents: Int, $search: String) {
    me: viewer {
      id
      user {
        id
        skills
      }
    }
    openJobs(
      first: $first
      after: $after
      skills: $skills
      paymentType: $paymentType
      minRateCents: $minRateCents
      maxRateCents: $maxRateCents
      search: $search
    ) {
      totalCount
      edges {
        cursor
        node {
          id
          ...JobBoardRow_job
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const paymentTypes: PaymentType[] = ['PAY_PER_HOUR', 'PAY_PER_LABEL', 'FIXED_PRICE'];
const isPaymentType = (value: string | null): value is PaymentType => paymentTypes.includes(value as PaymentType);

/** The filters, as kept in the address (`?q=&skill=&pay=&min=&max=`) so that a search can be shared and survives Back. */
interface Filters {
  q: string;
  skill: string;
  pay: string;
  min: string;
  max: string;
}

const filterKeys = ['q', 'skill', 'pay', 'min', 'max'] as const;

const readFilters = (params: URLSearchParams): Filters => ({
  q: params.get('q') ?? '',
  skill: params.get('skill') ?? '',
  pay: isPaymentType(params.get('pay')) ? params.get('pay')! : '',
  min: params.get('min') ?? '',
  max: params.get('max') ?? '',
});

/** Dollars as typed → cents; blank is no bound, anything else unreadable is null. */
const boundCents = (text: string): number | undefined | null => (text.trim() ? dollarsToCents(text) : undefined);

const countLabel = (count: number, filtered: boolean): string => {
  const jobs = count === 1 ? '1 open job' : `${count} open jobs`;
  if (!filtered) return jobs;
  return `${jobs} ${count === 1 ? 'matches' : 'match'} your filters`;
};

/**
 * `/find-work`: the job board. Open jobs, newest first, searched by text and filtered by skill,
 * payment type and pay range; each opens its job page, where the trainer applies.
 */
export const JobBoardPage = () => {
  const [params, setParams] = useSearchParams();
  const applied = readFilters(params);
  const [draft, setDraft] = useState<Filters>(applied);
  const [problem, setProblem] = useState<string | null>(null);
  // Back and Forward change the address, not the form: follow them.
  const paramsKey = params.toString();
  // eslint-disable-next-line react-hooks/set-state-in-effect -- the draft follows Back and Forward, which change only the address
  useEffect(() => setDraft(readFilters(new URLSearchParams(paramsKey))), [paramsKey]);
  const ids = { q: useId(), skill: useId(), skills: useId(), pay: useId(), min: useId(), max: useId(), payHint: useId(), problem: useId() };

  const minRateCents = boundCents(applied.min) ?? null;
  const maxRateCents = boundCents(applied.max) ?? null;
  const { data, error, refetch, fetchMore, loading } = useQuery(JobBoardQuery, {
    variables: {
      first: JOB_BOARD_PAGE,
      search: applied.q.trim() || null,
      skills: applied.skill.trim() ? [applied.skill.trim()] : null,
      paymentType: isPaymentType(applied.pay) ? [applied.pay] : null,
      minRateCents,
      maxRateCents,
    },
    fetchPolicy: 'cache-and-network',
  });
  // A proposal sent from another tab marks its job "You applied".
  useRefetchOnLive(['PROPOSAL_SUBMITTED', 'PROPOSAL_STATUS_CHANGED'], refetch);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const min = boundCents(draft.min);
    const max = boundCents(draft.max);
    if (min === null || max === null) return setProblem('Enter pay in dollars, such as 40 or 0.12, or leave it blank.');
    if (min !== undefined && max !== undefined && min > max) return setProblem('The maximum pay is below the minimum.');
    setProblem(null);
    const next = new URLSearchParams();
    for (const key of filterKeys) if (draft[key].trim()) next.set(key, draft[key].trim());
    setParams(next);
  };

  const clear = () => {
    setProblem(null);
    setDraft({ q: '', skill: '', pay: '', min: '', max: '' });
    setParams({});
  };

  const set = (key: keyof Filters) => (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [key]: event.target.value }));
  const filtered = filterKeys.some((key) => applied[key]);
  const describedBy = problem ? `${ids.payHint} ${ids.problem}` : ids.payHint;

  return (
    <section className="job-board" aria-labelledby="job-board-title">
      <div className="page-header">
        <h1 id="job-board-title">Find work</h1>
      </div>
      <form className="card job-board__filters" role="search" aria-label="Open jobs" onSubmit={onSubmit} noValidate>
        <div className="field job-board__search">
          <label htmlFor={ids.q}>Search</label>
          <input id={ids.q} type="search" value={draft.q} onChange={set('q')} placeholder="Title or description" />
        </div>
        <div className="field">
          <label htmlFor={ids.skill}>Skill</label>
          <input id={ids.skill} value={draft.skill} onChange={set('skill')} list={ids.skills} autoComplete="off" />
          <datalist id={ids.skills}>
            {data?.me?.user.skills.map((skill) => (
              <option key={skill} value={skill} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor={ids.pay}>Payment type</label>
          <select id={ids.pay} value={draft.pay} onChange={set('pay')}>
            <option value="">Any</option>
            {paymentTypes.map((type) => (
              <option key={type} value={type}>
                {paymentTypeLabel(type)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.min}>Minimum pay (USD)</label>
          <input id={ids.min} inputMode="decimal" value={draft.min} onChange={set('min')} aria-describedby={describedBy} />
        </div>
        <div className="field">
          <label htmlFor={ids.max}>Maximum pay (USD)</label>
          <input id={ids.max} inputMode="decimal" value={draft.max} onChange={set('max')} aria-describedby={describedBy} />
        </div>
        <p id={ids.payHint} className="field__hint job-board__hint">
          Pay is the rate per hour or per label, or the whole price of a fixed-price job.
        </p>
        <div className="form-actions job-board__actions">
          <button type="submit" className="button button--primary">
            Search jobs
          </button>
          {filtered && (
            <button type="button" className="button button--quiet" onClick={clear}>
              Clear filters
            </button>
          )}
        </div>
        {problem && (
          <p id={ids.problem} className="form-error job-board__problem" role="alert">
            {problem}
          </p>
        )}
      </form>
      <QueryGate data={data?.openJobs} error={error} refetch={refetch} loadingLabel="Loading open jobs…">
        {(connection) => {
          if (connection.edges.length === 0) {
            return <EmptyState>{filtered ? 'No open jobs match these filters.' : 'No open jobs right now.'}</EmptyState>;
          }
          return (
            <>
              <p className="page-lead job-board__count" role="status">
                {countLabel(connection.totalCount, filtered)}
              </p>
              <ul className="job-board__list">
                {connection.edges.map(({ node }) => (
                  <JobBoardRow key={node.id} job={node} />
                ))}
              </ul>
              <LoadMore pageInfo={connection.pageInfo} fetchMore={fetchMore} loading={loading} label="Show more jobs" />
            </>
          );
        }}
      </QueryGate>
    </section>
  );
};
