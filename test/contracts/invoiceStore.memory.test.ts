import { MemoryInvoiceStore } from '../../integrations/memory/memoryInvoiceStore';
import { describeInvoiceStoreContract } from './invoiceStore.contract';
import { memorySubject } from './subject';

describeInvoiceStoreContract(
  'in memory',
  memorySubject(() => new MemoryInvoiceStore()),
);
