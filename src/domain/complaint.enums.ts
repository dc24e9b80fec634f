export const COMPLAINT_STATUSES = ['new', 'acknowledged', 'in_progress', 'pending_customer', 'resolved', 'closed', 'withdrawn'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const CHANNELS = ['front_desk', 'call_center', 'web', 'email', 'social', 'regulator'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CATEGORIES = ['billing', 'network', 'service_attitude', 'product', 'price', 'benefit', 'process', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['ordinary', 'serious', 'major'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const NOTE_VISIBILITIES = ['internal', 'customer'] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];

export const EVENT_TYPES = [
  'created',
  'triaged',
  'acknowledged',
  'assigned',
  'status_changed',
  'note_added',
  'sla_warning',
  'sla_breached',
  'escalated',
  'sla_recalculated',
  'priority_changed',
  'compensation_proposed',
  'compensation_decided',
  'compensation_offered',
  'compensation_accepted',
  'compensation_declined',
  'compensation_fulfilled',
  'compensation_fulfilment_failed',
  'compensation_fulfilment_retried',
  'revisit_scheduled',
  'revisit_due',
  'revisit_attempted',
  'revisit_completed',
  'revisit_unreachable',
  'revisit_cancelled',
  'recovery_plan_started',
  'recovery_plan_ended',
  'reopened',
  'root_cause_drafted',
  'root_cause_updated',
  'root_cause_submitted',
  'root_cause_confirmed',
  'root_cause_reopened',
  'root_cause_solution_proposed',
  'root_cause_solution_chosen',
  'root_cause_action_added',
  'root_cause_action_updated',
  'root_cause_published',
  'problem_linked',
] as const;
export type ComplaintEventType = (typeof EVENT_TYPES)[number];
