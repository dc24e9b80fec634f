import type { AnalysisStatus } from '../domain/root-cause';
import { categoryLabel } from '../knowledge/dto/knowledge.dto';
import { ActionResponse, AnalysisResponse, SolutionResponse } from './dto/analysis.dto';
import { rankSolutions } from './rules/solution-scoring';
import type { AnalysisContent, Why } from './rules/why-chain';

/** An analysis row, camel-cased. */
export interface AnalysisRecord extends AnalysisContent {
  id: string;
  complaintId: string;
  status: AnalysisStatus;
  authorId: string | null;
  authors: string[];
  submittedBy: string | null;
  submittedAt: Date | null;
  confirmedBy: string | null;
  confirmedAt: Date | null;
  reopenReason: string | null;
  chosenSolutionId: string | null;
  choiceReason: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const ANALYSIS_SELECT = `SELECT a.id, a.complaint_id, a.status, a.problem_statement, a.expected, a.actual, a.whys, a.root_cause, a.category, a.author_id, a.authors,
       a.submitted_by, a.submitted_at, a.confirmed_by, a.confirmed_at, a.reopen_reason, a.chosen_solution_id, a.choice_reason, a.version, a.created_at, a.updated_at
  FROM root_cause_analyses a`;

type Row = Record<string, unknown>;
const date = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(v as string));
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function analysisFromRow(r: Row): AnalysisRecord {
  return {
    id: r.id as string,
    complaintId: r.complaint_id as string,
    status: r.status as AnalysisStatus,
    problemStatement: r.problem_statement as string,
    expected: (r.expected as string | null) ?? null,
    actual: (r.actual as string | null) ?? null,
    whys: r.whys as Why[],
    rootCause: r.root_cause as string,
    category: r.category as string,
    authorId: (r.author_id as string | null) ?? null,
    authors: (r.authors as string[]) ?? [],
    submittedBy: (r.submitted_by as string | null) ?? null,
    submittedAt: date(r.submitted_at),
    confirmedBy: (r.confirmed_by as string | null) ?? null,
    confirmedAt: date(r.confirmed_at),
    reopenReason: (r.reopen_reason as string | null) ?? null,
    chosenSolutionId: (r.chosen_solution_id as string | null) ?? null,
    choiceReason: (r.choice_reason as string | null) ?? null,
    version: r.version as number,
    createdAt: date(r.created_at)!,
    updatedAt: date(r.updated_at)!,
  };
}

export const contentOf = (a: AnalysisContent): AnalysisContent => ({
  problemStatement: a.problemStatement,
  expected: a.expected,
  actual: a.actual,
  whys: a.whys,
  rootCause: a.rootCause,
  category: a.category,
});

export function analysisResponse(a: AnalysisRecord, extra: { solutions?: SolutionResponse[]; actions?: ActionResponse[] } = {}): AnalysisResponse {
  return {
    id: a.id,
    complaintId: a.complaintId,
    status: a.status,
    problemStatement: a.problemStatement,
    expected: a.expected,
    actual: a.actual,
    whys: a.whys,
    rootCause: a.rootCause,
    category: a.category,
    categoryLabel: categoryLabel(a.category),
    authorId: a.authorId,
    authors: a.authors,
    submittedBy: a.submittedBy,
    submittedAt: iso(a.submittedAt),
    confirmedBy: a.confirmedBy,
    confirmedAt: iso(a.confirmedAt),
    reopenReason: a.reopenReason,
    chosenSolutionId: a.chosenSolutionId,
    choiceReason: a.choiceReason,
    version: a.version,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    ...extra,
  };
}

export function solutionFromRow(r: Row, chosenSolutionId: string | null): SolutionResponse {
  return {
    id: r.id as string,
    analysisId: r.analysis_id as string,
    description: r.description as string,
    risk: Number(r.risk),
    timing: Number(r.timing),
    resources: Number(r.resources),
    effort: Number(r.effort),
    score: Number(r.score),
    chosen: r.id === chosenSolutionId,
    proposedBy: (r.proposed_by as string | null) ?? null,
    createdAt: date(r.created_at)!.toISOString(),
  };
}

/** Solutions best first with their rank (scoring and tie-breaks of rankSolutions). */
export function rankedSolutions(solutions: SolutionResponse[]): SolutionResponse[] {
  return rankSolutions(solutions.map((s) => ({ ...s, createdAt: new Date(s.createdAt) }))).map(({ createdAt, ...s }) => ({ ...s, createdAt: createdAt.toISOString() }));
}

export function actionFromRow(r: Row, now = new Date()): ActionResponse {
  const dueAt = date(r.due_at)!;
  const status = r.status as string;
  return {
    id: r.id as string,
    analysisId: (r.analysis_id as string | null) ?? null,
    problemId: (r.problem_id as string | null) ?? null,
    complaintId: (r.complaint_id as string | null) ?? null,
    kind: r.kind as string,
    description: r.description as string,
    ownerId: r.owner_id as string,
    dueAt: dueAt.toISOString(),
    status,
    overdue: (status === 'open' || status === 'in_progress') && dueAt.getTime() < now.getTime(),
    doneAt: iso(date(r.done_at)),
    verifiedBy: (r.verified_by as string | null) ?? null,
    verifiedAt: iso(date(r.verified_at)),
    notifiedAt: iso(date(r.notified_at)),
    createdBy: (r.created_by as string | null) ?? null,
    version: r.version as number,
    createdAt: date(r.created_at)!.toISOString(),
    updatedAt: date(r.updated_at)!.toISOString(),
  };
}
