/** What the fulfilment provider is asked to deliver. */
export interface FulfilmentRequest {
  proposalId: string;
  complaintId: string;
  customerId: string;
  type: string;
  amount: number | null;
  currency: string | null;
  points: number | null;
  value: number;
  valueCurrency: string;
  description: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/**
 * Delivers an accepted remedy (a billing credit, points, a service activation). Must be
 * idempotent by proposal id: the same proposal may be sent again after a timeout or a crash.
 * Resolves with the provider's reference; rejects when the delivery did not happen.
 */
export interface FulfilmentPort {
  deliver(request: FulfilmentRequest): Promise<{ reference: string }>;
}

export const FULFILMENT_PORT = Symbol('FULFILMENT_PORT');
