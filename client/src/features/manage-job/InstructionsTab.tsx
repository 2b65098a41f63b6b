import { useQuery } from '@apollo/client/react';
import { useParams } from 'react-router';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDateTime } from '../../ui/format';
import { Markdown } from '../../ui/Markdown';
import { EmptyState, errorMessage, QueryGate } from '../../ui/QueryState';
import { useAcknowledgeInstructions } from './use-acknowledge-instructions';

export const InstructionsView_document = graphql(`
  fragment InstructionsView_document on InstructionDocument {
    id
    hasUnreadUpdate
    acknowledgedVersion
    publishedVersion
    publishedAt
    published {
      id
      version
      title
      body
      createdAt
      author {
        id
        name
      }
    }
  }
`);

/** The published instructions, rendered from Markdown, with "Updated since you last read". */
export const InstructionsView = (props: { document: FragmentType<typeof InstructionsView_document> }) => {
  const document = getFragmentData(InstructionsView_document, props.document);
  const { acknowledge, loading, error } = useAcknowledgeInstructions();
  const published = document.published;
  if (!published) return <EmptyState>The employer has not published instructions for this job yet.</EmptyState>;
  const acknowledged = document.acknowledgedVersion;
  // Most documents open with their title as a heading; then the page heading only labels it.
  const bodyHasTitle = published.body.trimStart().startsWith(`# ${published.title}`);

  return (
    <article className="instructions" aria-labelledby="instructions-title">
      {document.hasUnreadUpdate ? (
        <div className="banner banner--update" role="status">
          <div>
            <strong>Updated since you last read</strong>
            <p>
              {acknowledged
                ? `You acknowledged version ${acknowledged}; this is version ${published.version}.`
                : `Version ${published.version} has not been acknowledged yet.`}{' '}
              Read it, then confirm.
            </p>
          </div>
          <button
            type="button"
            className="button button--primary"
            onClick={() => acknowledge(document.id, published.version).catch(() => undefined)}
            disabled={loading}
          >
            {loading ? 'Saving…' : `Acknowledge version ${published.version}`}
          </button>
          {error && (
            <p className="form-error" role="alert">
              {errorMessage(error)}
            </p>
          )}
        </div>
      ) : (
        <p className="instructions__acknowledged" role="status">
          ✓ You have read version {acknowledged ?? published.version}.
        </p>
      )}
      <header className="instructions__header">
        <h2 id="instructions-title" className={bodyHasTitle ? 'visually-hidden' : undefined}>
          {published.title}
        </h2>
        <p className="instructions__meta">
          Version {published.version} · published by {published.author.name}
          {document.publishedAt && ` · ${formatDateTime(document.publishedAt)}`}
        </p>
      </header>
      <Markdown>{published.body}</Markdown>
    </article>
  );
};

const InstructionsTabQuery = graphql(`
  query InstructionsTab($contractId: ID!) {
    node(id: $contractId) {
      __typename
      id
      ... on Contract {
        instructions {
          id
          ...InstructionsView_document
        }
      }
    }
  }
`);

export const InstructionsTab = () => {
  const { contractId = '' } = useParams();
  const { data, error, refetch } = useQuery(InstructionsTabQuery, {
    variables: { contractId },
    fetchPolicy: 'cache-and-network',
  });
  const contract = data?.node?.__typename === 'Contract' ? data.node : null;
  return (
    <QueryGate data={contract} error={error} refetch={refetch} loadingLabel="Loading instructions…">
      {(loaded) =>
        loaded.instructions ? (
          <div className="card">
            <InstructionsView document={loaded.instructions} />
          </div>
        ) : (
          <EmptyState>The employer has not published instructions for this job yet.</EmptyState>
        )
      }
    </QueryGate>
  );
};
