import { useQuery } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';

import { useCurrentViewer } from '../../app/viewer-context';
import { graphql } from '../../gql';
import { ConfirmDangerousAction } from '../../ui/ConfirmDangerousAction';
import { FormFooter } from '../../ui/FormFooter';
import { errorMessage, QueryGate } from '../../ui/QueryState';
import { toasts } from '../../ui/toasts';
import { useRefetchOnLive } from '../live/live-refetch';
import { useJobPeople } from './job-people';
import { MemberPicker, usePickedMembers } from './MemberPicker';
import { useAddChannelMembers } from './use-add-channel-members';
import { useRemoveChannelMember } from './use-remove-channel-member';

export const GroupChannelMembersQuery = graphql(`
  query GroupChannelMembers($channelId: ID!) {
    node(id: $channelId) {
      __typename
      id
      ... on Channel {
        name
        members {
          id
          name
        }
      }
    }
  }
`);

interface GroupChannelMembersProps {
  channelId: string;
  /** The contract whose job the channel is on: its trainers are the ones who may be added. */
  contractId: string;
}

/**
 * Employer: who is in a group channel of the job, with Remove for each (after a confirmation)
 * and Add people (the job's trainers and colleagues not in it yet). The people concerned see the
 * channel appear or leave their job tab live.
 */
export const GroupChannelMembers = ({ channelId, contractId }: GroupChannelMembersProps) => {
  const viewer = useCurrentViewer();
  const people = useJobPeople(contractId);
  const { data, error, refetch } = useQuery(GroupChannelMembersQuery, { variables: { channelId }, fetchPolicy: 'cache-and-network' });
  useRefetchOnLive(['CHANNEL_MEMBERS_CHANGED'], refetch);
  const { add, loading: adding } = useAddChannelMembers();
  const { remove, loading: removing } = useRemoveChannelMember();
  const [confirming, setConfirming] = useState<{ id: string; name: string } | null>(null);
  const [adder, setAdder] = useState(false);
  const picked = usePickedMembers([]);
  const [problem, setProblem] = useState<string | null>(null);
  const titleId = useId();
  const problemId = useId();
  const channel = data?.node?.__typename === 'Channel' ? data.node : null;
  const trainerIds = new Set(people?.trainers.map((trainer) => trainer.id));

  const onRemove = async (member: { id: string; name: string }) => {
    setProblem(null);
    try {
      await remove(channelId, member.id);
      toasts.show({ message: `Removed ${member.name} from #${channel?.name ?? 'the channel'}.`, tone: 'success' });
      setConfirming(null);
    } catch (failure) {
      setProblem(errorMessage(failure instanceof Error ? failure : null));
    }
  };

  const onAdd = async (event: FormEvent) => {
    event.preventDefault();
    if (picked.selected.size === 0) {
      setProblem('Pick at least one person to add.');
      return;
    }
    setProblem(null);
    try {
      await add(channelId, [...picked.selected]);
      toasts.show({ message: `Added ${picked.selected.size === 1 ? 'one person' : `${picked.selected.size} people`}.`, tone: 'success' });
      picked.reset();
      setAdder(false);
    } catch (failure) {
      setProblem(errorMessage(failure instanceof Error ? failure : null));
    }
  };

  return (
    <section className="card channel-members employer-panel" aria-labelledby={titleId}>
      <QueryGate data={channel} error={error} refetch={refetch} loadingLabel="Loading the members…" errorTitle="The members could not be loaded">
        {(loaded) => {
          const memberIds = new Set(loaded.members.map((member) => member.id));
          // You first, then by name (people who joined together have no order of their own).
          const members = [...loaded.members].sort((a, b) => Number(b.id === viewer.id) - Number(a.id === viewer.id) || a.name.localeCompare(b.name));
          return (
            <>
              <h2 id={titleId} className="channel-members__title">
                Members of #{loaded.name}
              </h2>
              <ul className="channel-members__list">
                {members.map((member) => (
                  <li key={member.id} className="channel-members__member">
                    <span>
                      {member.name}
                      <span className="member-picker__note"> ({member.id === viewer.id ? 'you' : trainerIds.has(member.id) ? 'trainer' : 'colleague'})</span>
                    </span>
                    {member.id !== viewer.id && confirming?.id !== member.id && (
                      <button
                        type="button"
                        className="button button--quiet"
                        aria-label={`Remove ${member.name}`}
                        onClick={() => {
                          setProblem(null);
                          setConfirming(member);
                        }}
                        disabled={removing}
                      >
                        Remove
                      </button>
                    )}
                    {confirming?.id === member.id && (
                      <ConfirmDangerousAction
                        className="channel-members__confirm"
                        label={`Remove ${member.name}`}
                        question={`Remove ${member.name} from #${loaded.name}? They keep what was posted until now and see nothing after.`}
                        confirmLabel="Remove"
                        workingLabel="Removing…"
                        working={removing}
                        busy={removing}
                        describedBy={problem ? problemId : undefined}
                        onConfirm={() => void onRemove(member)}
                        onCancel={() => setConfirming(null)}
                      />
                    )}
                  </li>
                ))}
              </ul>
              {problem && !adder && (
                <p id={problemId} className="form-error" role="alert">
                  {problem}
                </p>
              )}
              {adder ? (
                <form className="channel-members__add" onSubmit={onAdd} noValidate aria-label={`Add people to #${loaded.name}`}>
                  <MemberPicker
                    legend="Add people"
                    others={people?.trainers ?? []}
                    exclude={memberIds}
                    selected={picked.selected}
                    onChange={picked.setSelected}
                  />
                  <FormFooter
                    problem={problem}
                    loading={adding}
                    submitLabel="Add to channel"
                    busyLabel="Adding…"
                    onCancel={() => {
                      setAdder(false);
                      setProblem(null);
                      picked.reset();
                    }}
                  />
                </form>
              ) : (
                <div className="form-actions">
                  <button
                    type="button"
                    className="button"
                    onClick={() => {
                      setProblem(null);
                      setAdder(true);
                    }}
                  >
                    Add people
                  </button>
                </div>
              )}
            </>
          );
        }}
      </QueryGate>
    </section>
  );
};
