import { useParams } from 'react-router';

import { ContractMessagesTab } from '../manage-job/ContractMessagesTab';
import { CreateGroupChannelForm } from './CreateGroupChannelForm';

import './Employer.css';

/** `/jobs/:contractId/messages` for employers: the contract's conversations plus "New group channel". */
export const EmployerMessagesTab = () => {
  const { contractId = '' } = useParams();
  return (
    <>
      <ContractMessagesTab />
      <CreateGroupChannelForm contractId={contractId} />
    </>
  );
};
