import { useQuery } from '@apollo/client/react';
import { useParams } from 'react-router';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDate, humanize } from '../../ui/format';
import { EmptyState, QueryGate } from '../../ui/QueryState';
import { useRefetchOnLive } from '../live/live-refetch';

export const AccessGrantItem_grant = graphql(`
  fragment AccessGrantItem_grant on AccessGrant {
    id
    kind
    name
    url
    note
    grantedAt
    revokedAt
    grantedBy {
      id
      name
    }
  }
`);

const AccessGrantItem = (props: { grant: FragmentType<typeof AccessGrantItem_grant>; actions?: React.ReactNode }) => {
  const grant = getFragmentData(AccessGrantItem_grant, props.grant);
  const revoked = grant.revokedAt != null;
  return (
    <li className={`access-grant${revoked ? ' access-grant--revoked' : ''}`}>
      <div className="access-grant__top">
        <span className="kind-tag">{humanize(grant.kind)}</span>
        <strong className="access-grant__name">
          {grant.url && !revoked ? (
            <a href={grant.url} target="_blank" rel="noreferrer">
              {grant.name}
            </a>
          ) : (
            grant.name
          )}
        </strong>
      </div>
      {grant.note && <p className="access-grant__note">{grant.note}</p>}
      <p className="access-grant__meta">
        Granted by {grant.grantedBy.name} on {formatDate(grant.grantedAt)}
        {grant.revokedAt && <> · revoked on {formatDate(grant.revokedAt)}</>}
      </p>
      {props.actions}
    </li>
  );
};

export const AccessTabQuery = graphql(`
  query AccessTab($contractId: ID!) {
    node(id: $contractId) {
      __typename
      id
      ... on Contract {
        accessGrants(first: 50, includeRevoked: true) {
          edges {
            cursor
            node {
              id
              name
              revokedAt
              ...AccessGrantItem_grant
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

interface AccessTabProps {
  /** The employer console's Revoke, next to each current grant. */
  renderGrantActions?: (grant: { id: string; name: string }) => React.ReactNode;
  /** The employer console's "Grant access" form. */
  grantForm?: React.ReactNode;
}

/** Access: what the employer gave the trainer, and what was taken back (with dates). */
export const AccessTab = ({ renderGrantActions, grantForm }: AccessTabProps = {}) => {
  const { contractId = '' } = useParams();
  const { data, error, refetch } = useQuery(AccessTabQuery, {
    variables: { contractId },
    fetchPolicy: 'cache-and-network',
  });
  useRefetchOnLive(['ACCESS_GRANTED', 'ACCESS_REVOKED'], refetch);
  const contract = data?.node?.__typename === 'Contract' ? data.node : null;
  return (
    <QueryGate data={contract} error={error} refetch={refetch} loadingLabel="Loading access…">
      {(loaded) => {
        const grants = loaded.accessGrants.edges.map((edge) => edge.node);
        const current = grants.filter((grant) => !grant.revokedAt);
        const revoked = grants.filter((grant) => grant.revokedAt);
        return (
          <div className="access-tab">
            <section className="card" aria-labelledby="access-current-title">
              <h2 id="access-current-title">Current access</h2>
              {current.length === 0 ? (
                <EmptyState>No access granted yet.</EmptyState>
              ) : (
                <ul className="access-list">
                  {current.map((grant) => (
                    <AccessGrantItem key={grant.id} grant={grant} actions={renderGrantActions?.(grant)} />
                  ))}
                </ul>
              )}
              {grantForm}
            </section>
            {revoked.length > 0 && (
              <section className="card" aria-labelledby="access-revoked-title">
                <h2 id="access-revoked-title">Revoked</h2>
                <ul className="access-list">
                  {revoked.map((grant) => (
                    <AccessGrantItem key={grant.id} grant={grant} />
                  ))}
                </ul>
              </section>
            )}
          </div>
        );
      }}
    </QueryGate>
  );
};
