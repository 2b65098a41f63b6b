import { useQuery } from '@apollo/client/react';
import { useParams } from 'react-router';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { DiffLines } from '../../ui/DiffLines';
import { formatDateTime } from '../../ui/format';
import { Markdown } from '../../ui/Markdown';
import { EmptyState, errorMessage, QueryGate } from '../../ui/QueryState';
import { useAcknowledgeInstructions } from './use-acknowledge-instructions';

import './InstructionsTab.css';

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
      changeNote
      createdAt
      author {
        id
        name
      }
    }
    changesSinceAcknowledged {
      fromVersion
      toVersion
      added
      removed
      hunks {
        kind
        text
      }
    }
  }
`);

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * The published instructions, rendered from Markdown, with "Updated since you last read": the
 * employer's change note and what changed since the version the trainer acknowledged.
 */
export const InstructionsView = (props: { document: FragmentType<typeof InstructionsView_document> }) => {
  const document = getFragmentData(InstructionsView_document, props.document);
  const { acknowledge, loading, error } = useAcknowledgeInstructions();
  const published = document.published;
  if (!published) return <EmptyState>The employer has not published instructions for this job yet.</EmptyState>;
  const acknowledged = document.acknowledgedVersion;
  const changes = document.hasUnreadUpdate ? document.changesSinceAcknowledged : null;
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
            {published.changeNote && (
              <p className="instructions__change-note">
                <strong>What changed:</strong> {published.changeNote}
              </p>
            )}
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
        {!document.hasUnreadUpdate && published.changeNote && (
          <p className="instructions__change-note">
            <strong>Change note:</strong> {published.changeNote}
          </p>
        )}
      </header>
      {changes && (
        <details className="instructions__changes" open>
          <summary>
            What changed since version {changes.fromVersion} ({plural(changes.added, 'line')} added, {plural(changes.removed, 'line')} removed)
          </summary>
          <DiffLines lines={changes.hunks} label={`Changes from version ${changes.fromVersion} to ${changes.toVersion}`} />
        </details>
      )}
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
