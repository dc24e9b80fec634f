export const CUSTOMER_TIERS = ['diamond', 'platinum', 'gold', 'silver', 'standard'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

export const VALUE_SEGMENTS = ['A', 'B', 'C', 'D'] as const;
export type ValueSegment = (typeof VALUE_SEGMENTS)[number];

export const LIFECYCLE_STAGES = ['acquisition', 'growth', 'maturity', 'decline', 'churn'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** Tiers whose customers are treated as high value (VIP). */
export const HIGH_VALUE_TIERS: readonly CustomerTier[] = ['diamond', 'platinum'];
