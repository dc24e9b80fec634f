import { CustomerTier } from '../domain/customer.enums';
import { RevisitAssignment, SlaPolicyEntity } from './sla-policy.entity';

/** A retry delay: `90s`, `30m`, `2h`, `2d`, or `next_working_day` (the opening of the next business day). */
export const RETRY_DELAY_PATTERN = /^(?:[1-9][0-9]{0,6}[smhd]|next_working_day)$/;

/** What a policy promises about revisits, with the defaults filled in (pure). */
export interface RevisitSettings {
  calendarId: string | null;
  /** Business seconds from resolution to the revisit call. */
  revisitWithinSeconds: number;
  /** Once due, business seconds to reach the customer before the revisit clock is breached. */
  reachWithinSeconds: number;
  assignTo: RevisitAssignment;
  retryDelays: string[];
  maxAttempts: number;
  secondRevisitTiers: CustomerTier[];
  secondRevisitAfterSeconds: number;
  recoveryContactEveryDays: number;
}

export const REVISIT_DEFAULTS: Omit<RevisitSettings, 'calendarId'> = {
  revisitWithinSeconds: 48 * 3600,
  reachWithinSeconds: 24 * 3600,
  assignTo: 'first_contact',
  retryDelays: ['2h', 'next_working_day', '2d'],
  maxAttempts: 4,
  secondRevisitTiers: ['diamond', 'platinum'],
  secondRevisitAfterSeconds: 7 * 24 * 3600,
  recoveryContactEveryDays: 30,
};

/** The revisit settings of a policy (null: no policy governs the complaint, the defaults on 24x7). */
export function revisitSettings(policy: SlaPolicyEntity | null): RevisitSettings {
  if (!policy) return { calendarId: null, ...REVISIT_DEFAULTS };
  return {
    calendarId: policy.calendarId,
    revisitWithinSeconds: policy.revisitWithinSeconds ?? REVISIT_DEFAULTS.revisitWithinSeconds,
    reachWithinSeconds: policy.revisitReachWithinSeconds ?? REVISIT_DEFAULTS.reachWithinSeconds,
    assignTo: policy.revisitAssignTo ?? REVISIT_DEFAULTS.assignTo,
    retryDelays: policy.revisitRetryDelays?.length ? policy.revisitRetryDelays : REVISIT_DEFAULTS.retryDelays,
    maxAttempts: policy.revisitMaxAttempts ?? REVISIT_DEFAULTS.maxAttempts,
    secondRevisitTiers: policy.secondRevisitTiers ?? REVISIT_DEFAULTS.secondRevisitTiers,
    secondRevisitAfterSeconds: policy.secondRevisitAfterSeconds ?? REVISIT_DEFAULTS.secondRevisitAfterSeconds,
    recoveryContactEveryDays: policy.recoveryContactEveryDays ?? REVISIT_DEFAULTS.recoveryContactEveryDays,
  };
}
