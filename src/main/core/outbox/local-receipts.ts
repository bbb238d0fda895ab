/**
 * Delivery receipts this computer already holds (pulled and stored by the receipts room), as a
 * port: reconcile asks it first, because a row whose serial number has a receipt was certainly
 * sent, and asking costs no call to Tencent. The composition root wires the receipts room in;
 * without it nothing is known locally.
 */
export interface LocalReceipt {
  phone: string;
  delivered: boolean;
  at: number;
}

export interface LocalReceipts {
  /** The receipts held for these serial numbers (absent: none held). */
  receiptsFor(serialNos: string[]): Map<string, LocalReceipt>;
}

export const noLocalReceipts: LocalReceipts = { receiptsFor: () => new Map() };
