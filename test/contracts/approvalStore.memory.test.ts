import { MemoryApprovalStore } from '../../integrations/memory/memoryApprovalStore';
import { describeApprovalStoreContract } from './approvalStore.contract';
import { memorySubject } from './subject';

describeApprovalStoreContract(
  'in memory',
  memorySubject(() => new MemoryApprovalStore()),
);
