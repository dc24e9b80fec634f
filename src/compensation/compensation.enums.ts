/** What a remedy can be; the goal is one the customer perceives as valuable, not the largest sum. */
export const COMPENSATION_TYPES = ['bill_credit', 'refund', 'points', 'discount', 'value_added_service', 'gift'] as const;
export type CompensationType = (typeof COMPENSATION_TYPES)[number];

/** Types given as money in minor units with a currency. */
export const MONEY_TYPES: readonly CompensationType[] = ['bill_credit', 'refund', 'discount'];
/** Types given in kind; their stated value (minor units, currency) is what limits and budgets count. */
export const IN_KIND_TYPES: readonly CompensationType[] = ['value_added_service', 'gift'];
/** Types that are not money in the customer's hand (gestures). */
export const NON_MONETARY_TYPES: readonly CompensationType[] = ['points', 'value_added_service', 'gift'];

export const PROPOSAL_STATUSES = ['pending_approval', 'approved', 'rejected', 'offered', 'accepted', 'declined', 'fulfilled', 'fulfilment_failed'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** Statuses whose value counts against the per-customer 30-day cap and the team budget: the company has committed to the remedy. */
export const COMMITTED_STATUSES: readonly ProposalStatus[] = ['approved', 'offered', 'accepted', 'fulfilled', 'fulfilment_failed'];
/** The customer said yes (the remedy is owed or given). */
export const ACCEPTED_STATUSES: readonly ProposalStatus[] = ['accepted', 'fulfilled', 'fulfilment_failed'];

/** Largest amount (minor units) or number of points one proposal may name: anything above is a typing error. */
export const MAX_AMOUNT_MINOR = 10_000_000_000; // 100 million in a two-decimal currency
export const MAX_POINTS = 1_000_000_000;
