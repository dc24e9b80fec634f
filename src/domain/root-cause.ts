import taxonomy from './root-cause-categories.json';

/**
 * The vocabulary of root-cause analysis. The category taxonomy is data
 * (root-cause-categories.json): the six churn categories of the domain brief and the process
 * causes of repeat complaints, each with Chinese and English labels.
 */
export interface RootCauseCategory {
  key: string;
  group: 'churn' | 'repeat_process';
  labels: { zh: string; en: string };
  description: string;
}

export const ROOT_CAUSE_TAXONOMY_VERSION: number = taxonomy.version;
export const ROOT_CAUSE_CATEGORIES: readonly RootCauseCategory[] = taxonomy.categories as RootCauseCategory[];
export const ROOT_CAUSE_CATEGORY_KEYS: readonly string[] = ROOT_CAUSE_CATEGORIES.map((c) => c.key);
export const isRootCauseCategory = (key: unknown): key is string => typeof key === 'string' && ROOT_CAUSE_CATEGORY_KEYS.includes(key);

/** What a why's answer is checked against: the brief's data sources and the people involved. */
export const EVIDENCE_KINDS = ['order', 'bill', 'service_log', 'call_record', 'interview', 'document', 'note'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** A chain has 1 to 7 whys ("ask why five times", with room either side). */
export const MIN_WHYS = 1;
export const MAX_WHYS = 7;

export const ANALYSIS_STATUSES = ['draft', 'submitted', 'confirmed'] as const;
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number];

export const ACTION_KINDS = ['corrective', 'preventive'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'verified'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const PROBLEM_STATUSES = ['open', 'resolved', 'closed'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

/** Severities whose complaints cannot be closed without a confirmed analysis. */
export const ROOT_CAUSE_REQUIRED_SEVERITIES = ['serious', 'major'] as const;

/** The root-cause categories a complaint category usually points to (similar-problem suggestions rank these first). */
export function rootCauseCategoriesFor(complaintCategory: string): string[] {
  return (taxonomy.complaintCategories as Record<string, string[]>)[complaintCategory] ?? [];
}
