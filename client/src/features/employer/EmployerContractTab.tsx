import { useParams } from 'react-router';

import { ContractMeetings } from '../calendar/ContractMeetings';
import { ContractTab } from '../manage-job/ContractTab';
import type { MilestoneActionsRenderer } from '../manage-job/MilestoneItem';
import { ContractActions } from './ContractActions';
import { CreateMilestoneForm } from './CreateMilestoneForm';
import { MilestoneActions } from './MilestoneActions';
import { ScheduleMeetingForm } from './ScheduleMeetingForm';

import './Employer.css';

const renderActions: MilestoneActionsRenderer = (milestone, contractStatus, budget) => (
  <MilestoneActions milestone={milestone} contractStatus={contractStatus} budget={budget} />
);

/**
 * `/jobs/:contractId/contract` for employers: the trainer's contract tab plus the moves on the
 * contract (pause, resume, end) and on each milestone.
 */
export const EmployerContractTab = () => {
  const { contractId = '' } = useParams();
  return (
    <>
      <ContractTab
        renderMilestoneActions={renderActions}
        renderContractActions={(contract) => <ContractActions contract={contract} />}
        addMilestone={<CreateMilestoneForm contractId={contractId} />}
      />
      <ContractMeetings contractId={contractId} editable />
      <ScheduleMeetingForm contractId={contractId} />
    </>
  );
};
