import { useParams } from 'react-router';

import { ContractTab } from '../manage-job/ContractTab';
import type { MilestoneActionsRenderer } from '../manage-job/MilestoneItem';
import { CreateMilestoneForm } from './CreateMilestoneForm';
import { MilestoneActions } from './MilestoneActions';
import { ScheduleMeetingForm } from './ScheduleMeetingForm';

import './Employer.css';

const renderActions: MilestoneActionsRenderer = (milestone, contractStatus) => (
  <MilestoneActions
    milestoneId={milestone.id}
    milestoneTitle={milestone.title}
    status={milestone.status}
    contractStatus={contractStatus}
  />
);

/** `/jobs/:contractId/contract` for employers: the trainer's contract tab plus the milestone moves. */
export const EmployerContractTab = () => {
  const { contractId = '' } = useParams();
  return (
    <>
      <ContractTab renderMilestoneActions={renderActions} addMilestone={<CreateMilestoneForm contractId={contractId} />} />
      <ScheduleMeetingForm contractId={contractId} />
    </>
  );
};
