import { useQuery } from '@apollo/client/react';
import { useId, useState } from 'react';

import { useCurrentViewer } from '../../app/viewer-context';
import { graphql } from '../../gql';
import { LoadMore } from '../../ui/LoadMore';
import { EmptyState, QueryGate } from '../../ui/QueryState';

/** One page size for every read of the colleagues list, so the pickers share one cached list. */
export const COLLEAGUES_PAGE = 50;

export const ColleaguesQuery = graphql(`
  query Colleagues($first: Int!, $after: String) {
    viewer {
      id
      organization {
        id
        members(first: $first, after: $after) {
          totalCount
          edges {
            cursor
            node {
              id
              name
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

export interface PickablePerson {
  id: string;
  name: string;
  /** Shown after the name, such as "trainer". */
  note?: string;
}

interface MemberPickerProps {
  legend: string;
  /** People from outside the organization offered first: the trainers on the job. */
  others: PickablePerson[];
  /** People not to offer, such as a channel's current members. */
  exclude?: ReadonlySet<string>;
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
}

/** Above this many people, a name filter helps more than it clutters. */
const FILTER_FROM = 8;

const nobody: ReadonlySet<string> = new Set();

/**
 * Checkboxes for who takes part (a group channel's members, a meeting's attendees): the trainers
 * on the job and the viewer's colleagues, by name, each checkbox inside the label with its name
 * (the whole line is clickable). The viewer is always included, so they are not offered.
 */
export const MemberPicker = ({ legend, others: offered, exclude = nobody, selected, onChange }: MemberPickerProps) => {
  const viewer = useCurrentViewer();
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const { data, error, refetch, fetchMore, loading } = useQuery(ColleaguesQuery, {
    variables: { first: COLLEAGUES_PAGE },
    fetchPolicy: 'cache-and-network',
  });
  const members = data?.viewer?.organization?.members;
  const colleagues = (members?.edges ?? []).map((edge) => edge.node).filter((person) => person.id !== viewer.id && !exclude.has(person.id));
  const others = offered.filter((person) => person.id !== viewer.id && !exclude.has(person.id));
  const offeredCount = others.length + colleagues.length;
  const needle = filter.trim().toLowerCase();
  const matches = (person: PickablePerson) => !needle || person.name.toLowerCase().includes(needle);

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onChange(next);
  };

  const option = (person: PickablePerson) => (
    <li key={person.id}>
      <label className="member-picker__option">
        <input type="checkbox" checked={selected.has(person.id)} onChange={(event) => toggle(person.id, event.target.checked)} />
        <span>
          {person.name}
          {person.note && (
            <>
              {' '}
              <span className="member-picker__note">({person.note})</span>
            </>
          )}
        </span>
      </label>
    </li>
  );

  return (
    <fieldset className="member-picker">
      <legend>{legend}</legend>
      <p className="field__hint">You are always included. {selected.size > 0 && `${selected.size} selected.`}</p>
      {offeredCount > FILTER_FROM && (
        <div className="field">
          <label htmlFor={filterId}>Filter by name</label>
          <input id={filterId} type="search" value={filter} onChange={(event) => setFilter(event.target.value)} />
        </div>
      )}
      {others.length > 0 && (
        <ul className="member-picker__list" aria-label="On this job">
          {others.filter(matches).map(option)}
        </ul>
      )}
      <QueryGate data={data?.viewer} error={error} refetch={refetch} loadingLabel="Loading your colleagues…" errorTitle="Your colleagues could not be loaded">
        {() => (
          <>
            {colleagues.length === 0 ? (
              <EmptyState>{exclude.size > 0 ? 'No other colleagues to add.' : 'No colleagues in your organization yet.'}</EmptyState>
            ) : (
              <ul className="member-picker__list" aria-label="Colleagues">
                {colleagues.filter(matches).map((person) => option({ ...person, note: 'colleague' }))}
              </ul>
            )}
            <LoadMore pageInfo={members?.pageInfo} fetchMore={fetchMore} loading={loading} label="Show more colleagues" />
          </>
        )}
      </QueryGate>
    </fieldset>
  );
};

/**
 * A picker's selection, starting from `initial` (such as the trainer) until the employer changes
 * it: the default follows `initial` while it is still loading, and never after a change.
 */
export const usePickedMembers = (initial: string[]) => {
  const [picked, setPicked] = useState<Set<string> | null>(null);
  const selected: ReadonlySet<string> = picked ?? new Set(initial);
  return { selected, setSelected: setPicked, reset: () => setPicked(null) };
};
