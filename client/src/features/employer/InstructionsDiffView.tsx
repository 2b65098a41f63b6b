import { useQuery } from '@apollo/client/react';
import { useId, useState } from 'react';

import { graphql } from '../../gql';
import { DiffLines } from '../../ui/DiffLines';
import { QueryGate } from '../../ui/QueryState';

const InstructionsDiffQuery = graphql(`
  query InstructionsDiff($documentId: ID!, $fromVersion: Int!, $toVersion: Int!) {
    node(id: $documentId) {
      __typename
      id
      ... on InstructionDocument {
        diff(fromVersion: $fromVersion, toVersion: $toVersion) {
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
    }
  }
`);

interface InstructionsDiffViewProps {
  documentId: string;
  versions: number[];
  defaultFrom: number;
  defaultTo: number;
}

/** What changed in the body between two saved versions, line by line. */
export const InstructionsDiffView = ({ documentId, versions, defaultFrom, defaultTo }: InstructionsDiffViewProps) => {
  const [fromVersion, setFrom] = useState(defaultFrom);
  const [toVersion, setTo] = useState(defaultTo);
  const fromId = useId();
  const toId = useId();
  const same = fromVersion === toVersion;
  const { data, error, refetch } = useQuery(InstructionsDiffQuery, {
    variables: { documentId, fromVersion, toVersion },
    skip: same,
  });
  const diff = data?.node?.__typename === 'InstructionDocument' ? data.node.diff : null;
  const sorted = [...versions].sort((a, b) => a - b);

  return (
    <section className="instructions-diff" aria-labelledby="diff-title">
      <h3 id="diff-title">Compare versions</h3>
      <div className="instructions-diff__pickers">
        <VersionPicker id={fromId} label="From" versions={sorted} value={fromVersion} onChange={setFrom} />
        <VersionPicker id={toId} label="To" versions={sorted} value={toVersion} onChange={setTo} />
      </div>
      {same ? (
        <p className="field__hint">Pick two different versions.</p>
      ) : (
        <QueryGate data={diff} error={error} refetch={refetch} loadingLabel="Comparing…">
          {(loaded) => (
            <>
              <p className="instructions-diff__summary">
                Version {loaded.fromVersion} → {loaded.toVersion}: {loaded.added} added, {loaded.removed} removed
              </p>
              <DiffLines lines={loaded.hunks} label={`Changes from version ${loaded.fromVersion} to ${loaded.toVersion}`} />
            </>
          )}
        </QueryGate>
      )}
    </section>
  );
};

interface VersionPickerProps {
  id: string;
  label: string;
  versions: number[];
  value: number;
  onChange: (version: number) => void;
}

const VersionPicker = ({ id, label, versions, value, onChange }: VersionPickerProps) => (
  <div className="field">
    <label htmlFor={id}>{label}</label>
    <select id={id} value={value} onChange={(event) => onChange(Number(event.target.value))}>
      {versions.map((version) => (
        <option key={version} value={version}>
          Version {version}
        </option>
      ))}
    </select>
  </div>
);
