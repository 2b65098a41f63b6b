import { useParams } from 'react-router';

import { ContractMessagesTab } from '../manage-job/ContractMessagesTab';
import { CreateGroupChannelForm } from './CreateGroupChannelForm';
import { GroupChannelMembers } from './GroupChannelMembers';

import './Employer.css';

/**
 * `/jobs/:contractId/messages` for employers: the job's conversations, the members of the open
 * group channel (add and remove), and "New group channel", which opens the new one right here.
 */
export const EmployerMessagesTab = () => {
  const { contractId = '' } = useParams();
  return (
    <ContractMessagesTab
      channelTools={(channel) => (channel.kind === 'GROUP' ? <GroupChannelMembers key={channel.id} channelId={channel.id} contractId={contractId} /> : null)}
      actions={<CreateGroupChannelForm contractId={contractId} />}
    />
  );
};
