import { ACTION_STATUSES, ActionStatus, AnalysisStatus } from '../../domain/root-cause';

/**
 * Sign-off of an analysis: draft → submitted (by an author of the chain) → confirmed (by a
 * supervisor, manager or admin who wrote none of it: four eyes). A submitted analysis can be
 * sent back, and a confirmed one reopened, to draft with a reason.
 */
export type AnalysisStep = 'edit' | 'submit' | 'confirm' | 'reopen';

const FROM: Readonly<Record<AnalysisStep, readonly AnalysisStatus[]>> = {
  edit: ['draft'],
  submit: ['draft'],
  confirm: ['submitted'],
  reopen: ['submitted', 'confirmed'],
};
const TO: Readonly<Record<AnalysisStep, AnalysisStatus>> = { edit: 'draft', submit: 'submitted', confirm: 'confirmed', reopen: 'draft' };

/** The steps possible from a status (what a 409 lists as `allowed`). */
export function allowedSteps(status: AnalysisStatus): AnalysisStep[] {
  return (Object.keys(FROM) as AnalysisStep[]).filter((s) => FROM[s].includes(status));
}

/** The status after the step, or null when the step is not possible from this status. */
export function nextStatus(status: AnalysisStatus, step: AnalysisStep): AnalysisStatus | null {
  return FROM[step].includes(status) ? TO[step] : null;
}

export type SignOffRefusal = 'not_an_author' | 'four_eyes' | 'role';
export const CONFIRMER_ROLES = ['supervisor', 'manager', 'admin'] as const;

/**
 * Who may take a step: submit — an author of the chain; confirm — a supervisor, manager or
 * admin who is not an author (four eyes). Null when allowed.
 */
export function signOffRefusal(step: 'submit' | 'confirm', actor: { id: string | null; role: string }, authors: readonly string[]): SignOffRefusal | null {
  const isAuthor = actor.id !== null && authors.includes(actor.id);
  if (step === 'submit') return isAuthor ? null : 'not_an_author';
  if (isAuthor) return 'four_eyes';
  return (CONFIRMER_ROLES as readonly string[]).includes(actor.role) ? null : 'role';
}

/**
 * Corrective and preventive actions: open → in_progress → done → verified. Work may start
 * and finish in one step (open → done), go back (in_progress → open; done → in_progress when
 * the check fails), and `verified` is final. Verification is by someone other than the owner.
 */
export const ACTION_TRANSITIONS: Readonly<Record<ActionStatus, readonly ActionStatus[]>> = {
  open: ['in_progress', 'done'],
  in_progress: ['open', 'done'],
  done: ['in_progress', 'verified'],
  verified: [],
};

export type ActionMoveRefusal = 'illegal' | 'four_eyes' | 'not_owner' | null;

/**
 * Whether `actor` may move an action from `from` to `to`: the owner (or a supervisor, manager
 * or admin) works it; verifying needs a supervisor, manager or admin who is not the owner.
 */
export function actionMoveRefusal(from: ActionStatus, to: ActionStatus, actor: { id: string | null; role: string }, ownerId: string): ActionMoveRefusal {
  if (!ACTION_TRANSITIONS[from].includes(to)) return 'illegal';
  const lead = (CONFIRMER_ROLES as readonly string[]).includes(actor.role);
  if (to === 'verified') return actor.id === ownerId ? 'four_eyes' : lead ? null : 'not_owner';
  return actor.id === ownerId || lead ? null : 'not_owner';
}

/** An action counts as overdue while it is not done and its due time has passed. */
export const OPEN_ACTION_STATUSES: readonly ActionStatus[] = ACTION_STATUSES.filter((s) => s === 'open' || s === 'in_progress');
export const isOverdue = (a: { status: ActionStatus; dueAt: Date }, now: Date) => OPEN_ACTION_STATUSES.includes(a.status) && a.dueAt.getTime() < now.getTime();
