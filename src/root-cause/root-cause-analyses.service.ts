import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination/cursor';
import { WriteBatch } from '../database/write-batch';
import { KnowledgeArticleResponse } from '../knowledge/dto/knowledge.dto';
import { KnowledgeService } from '../knowledge/knowledge.service';
import { ComplaintChangeContext, ComplaintWorkflowService } from '../workflow/complaint-workflow.service';
import {
  ActionResponse,
  AddSolutionDto,
  AnalysisResponse,
  AnalysisVersionResponse,
  ChooseSolutionDto,
  PublishArticleDto,
  PutAnalysisDto,
  ReopenAnalysisDto,
  SignOffDto,
  SolutionResponse,
} from './dto/analysis.dto';
import { actionFromRow, ANALYSIS_SELECT, analysisFromRow, AnalysisRecord, analysisResponse, contentOf, rankedSolutions, solutionFromRow } from './analysis-record';
import { RC_CHOOSE_ROUTE, RC_CONFIRM_ROUTE, RC_PUBLISH_ROUTE, RC_PUT_ROUTE, RC_REOPEN_ROUTE, RC_SOLUTIONS_ROUTE, RC_SUBMIT_ROUTE } from './root-cause.routes';
import { allowedSteps, AnalysisStep, nextStatus, signOffRefusal } from './rules/sign-off';
import { scoreSolution } from './rules/solution-scoring';
import { AnalysisContent, changedFields, diffWhys, normaliseChain, validateAnalysis, WhyChange } from './rules/why-chain';

type Row = Record<string, unknown>;

/**
 * Owns root-cause analyses, their versions and candidate solutions. Every change runs as a
 * change of the complaint (ComplaintWorkflowService.change: the complaint's row lock serialises
 * the changes of its analysis, and the timeline event is written in the same statement), with
 * the analysis's own optimistic version.
 */
@Injectable()
export class RootCauseAnalysesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflow: ComplaintWorkflowService,
    private readonly knowledge: KnowledgeService,
  ) {}

  // ---- reads

  /** The analysis with its solutions (best first) and actions. */
  async get(complaintId: string): Promise<AnalysisResponse> {
    const [row]: Row[] = await this.dataSource.query(
      `${ANALYSIS_SELECT.replace('FROM root_cause_analyses a', `,
         (SELECT coalesce(json_agg(s ORDER BY s.created_at), '[]') FROM root_cause_solutions s WHERE s.analysis_id = a.id) AS solutions,
         (SELECT coalesce(json_agg(x ORDER BY x.due_at, x.id), '[]') FROM root_cause_actions x WHERE x.analysis_id = a.id) AS actions
        FROM root_cause_analyses a`)}
        WHERE a.complaint_id = $1`,
      [complaintId],
    );
    if (!row) throw notWritten(complaintId);
    const analysis = analysisFromRow(row);
    const solutions = rankedSolutions((row.solutions as Row[]).map((s) => solutionFromRow(s, analysis.chosenSolutionId)));
    const actions: ActionResponse[] = (row.actions as Row[]).map((x) => actionFromRow(x));
    return analysisResponse(analysis, { solutions, actions });
  }

  /** The category of the complaint's analysis, null when it has none. */
  async categoryOf(complaintId: string): Promise<string | null> {
    const [row]: { category: string }[] = await this.dataSource.query(`SELECT category FROM root_cause_analyses WHERE complaint_id = $1`, [complaintId]);
    return row?.category ?? null;
  }

  /** Every version of the analysis, oldest first; the cursor is the last version seen. */
  async versions(complaintId: string, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<AnalysisVersionResponse>> {
    if (cursor !== undefined && !/^\d{1,9}$/.test(cursor)) throw AppException.validation([{ field: 'cursor', message: 'cursor is not a cursor this API issued' }]);
    const rows: Row[] = await this.dataSource.query(
      `SELECT v.version, v.step, v.status, v.content, v.why_changes, v.changed_fields, v.reason, v.actor_type, v.actor_id, v.actor_name, v.at
         FROM root_cause_analyses a JOIN root_cause_analysis_versions v ON v.analysis_id = a.id
        WHERE a.complaint_id = $1 AND v.version > $2
        ORDER BY v.version LIMIT $3`,
      [complaintId, Number(cursor ?? 0), limit + 1],
    );
    if (rows.length === 0 && cursor === undefined) throw notWritten(complaintId);
    const page = rows.slice(0, limit);
    return {
      items: page.map((v) => ({
        version: v.version as number,
        step: v.step as string,
        status: v.status as string,
        content: v.content as Record<string, unknown>,
        whyChanges: v.why_changes as WhyChange[],
        changedFields: v.changed_fields as string[],
        reason: (v.reason as string | null) ?? null,
        actor: { type: v.actor_type as string, id: (v.actor_id as string | null) ?? null, name: (v.actor_name as string | null) ?? null },
        at: (v.at as Date).toISOString(),
      })),
      nextCursor: rows.length > limit ? String(page[page.length - 1].version) : null,
    };
  }

  // ---- the analysis

  /** Writes the analysis (first version, or a new version of a draft). Answers it and whether it was created. */
  async put(complaintId: string, dto: PutAnalysisDto, actor: Actor, ifMatch?: number): Promise<{ created: boolean; analysis: AnalysisResponse }> {
    const errors = validateAnalysis(dto);
    if (errors.length) throw AppException.validation(errors);
    const content: AnalysisContent = {
      problemStatement: dto.problemStatement.trim(),
      expected: dto.expected?.trim() || null,
      actual: dto.actual?.trim() || null,
      whys: normaliseChain(dto.whys),
      rootCause: dto.rootCause.trim(),
      category: dto.category,
    };
    let created = false;
    const analysis = (await this.workflow.change<AnalysisResponse>(complaintId, undefined, async (ctx) => {
      this.workflow.requireWorkable(actor, ctx.complaint, RC_PUT_ROUTE);
      const existing = await this.find(ctx.tx, complaintId);
      AppException.assertVersion('root-cause analysis', existing?.version ?? 0, ifMatch ?? dto.version);
      const authors = addAuthor(existing?.authors ?? [], actor);
      if (!existing) {
        created = true;
        const record: AnalysisRecord = {
          ...content,
          id: randomUUID(),
          complaintId,
          status: 'draft',
          authorId: actor.type === 'user' ? actor.id : null,
          authors,
          submittedBy: null,
          submittedAt: null,
          confirmedBy: null,
          confirmedAt: null,
          reopenReason: null,
          chosenSolutionId: null,
          choiceReason: null,
          version: 1,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        };
        this.insert(ctx.batch, record);
        const whyChanges = diffWhys([], content.whys);
        this.addVersion(ctx, record, 'drafted', whyChanges, changedFields(null, content), null, actor);
        ctx.events.push(event(ctx, 'root_cause_drafted', actor, record, { whys: content.whys.length, category: content.category }));
        return analysisResponse(record);
      }
      this.requireStep(existing, 'edit');
      const fields = changedFields(existing, content);
      if (fields.length === 0) return analysisResponse(existing);
      const whyChanges = diffWhys(existing.whys, content.whys);
      const record: AnalysisRecord = { ...existing, ...content, authors, version: existing.version + 1, updatedAt: ctx.now };
      this.update(ctx.batch, record, { ...content, authors });
      this.addVersion(ctx, record, 'edited', whyChanges, fields, null, actor);
      ctx.events.push(event(ctx, 'root_cause_updated', actor, record, { whyChanges, changedFields: fields }));
      return analysisResponse(record);
    })) as AnalysisResponse;
    return { created, analysis };
  }

  submit(complaintId: string, dto: SignOffDto, actor: Actor, ifMatch?: number): Promise<AnalysisResponse> {
    return this.signOff(complaintId, 'submit', RC_SUBMIT_ROUTE, actor, ifMatch ?? dto.version, dto.note ?? null);
  }

  confirm(complaintId: string, dto: SignOffDto, actor: Actor, ifMatch?: number): Promise<AnalysisResponse> {
    return this.signOff(complaintId, 'confirm', RC_CONFIRM_ROUTE, actor, ifMatch ?? dto.version, dto.note ?? null);
  }

  reopen(complaintId: string, dto: ReopenAnalysisDto, actor: Actor, ifMatch?: number): Promise<AnalysisResponse> {
    return this.signOff(complaintId, 'reopen', RC_REOPEN_ROUTE, actor, ifMatch ?? dto.version, dto.reason.trim());
  }

  private async signOff(complaintId: string, step: 'submit' | 'confirm' | 'reopen', route: string, actor: Actor, expectedVersion: number | undefined, note: string | null) {
    return (await this.workflow.change<AnalysisResponse>(complaintId, undefined, async (ctx) => {
      this.workflow.requireWorkable(actor, ctx.complaint, route);
      const existing = await this.find(ctx.tx, complaintId);
      if (!existing) throw notWritten(complaintId);
      AppException.assertVersion('root-cause analysis', existing.version, expectedVersion);
      const to = this.requireStep(existing, step);
      if (step !== 'reopen') {
        const refusal = signOffRefusal(step, actor, existing.authors);
        if (refusal === 'four_eyes') {
          throw new AppException(ErrorCode.FOUR_EYES, 'An author of the analysis cannot confirm it: a supervisor, manager or admin who did not write it must', { authors: existing.authors });
        }
        if (refusal === 'not_an_author') throw new AppException(ErrorCode.FORBIDDEN, 'Only an author of the analysis submits it', { authors: existing.authors });
        if (refusal === 'role') throw new AppException(ErrorCode.FORBIDDEN, 'A supervisor, manager or admin confirms an analysis');
      }
      const at = ctx.now;
      const patch: Partial<AnalysisRecord> =
        step === 'submit'
          ? { submittedBy: actor.id, submittedAt: at, reopenReason: null }
          : step === 'confirm'
            ? { confirmedBy: actor.id, confirmedAt: at }
            : { submittedBy: null, submittedAt: null, confirmedBy: null, confirmedAt: null, reopenReason: note };
      const record: AnalysisRecord = { ...existing, ...patch, status: to, version: existing.version + 1, updatedAt: at };
      this.update(ctx.batch, record, { status: to, ...patch });
      const stepName = step === 'submit' ? 'submitted' : step === 'confirm' ? 'confirmed' : 'reopened';
      this.addVersion(ctx, record, stepName, [], [], note, actor);
      ctx.events.push(event(ctx, `root_cause_${stepName}`, actor, record, { from: existing.status, to, ...(note ? { [step === 'reopen' ? 'reason' : 'note']: note } : {}) }));
      return analysisResponse(record);
    })) as AnalysisResponse;
  }

  // ---- solutions

  async addSolution(complaintId: string, dto: AddSolutionDto, actor: Actor, idempotencyKey?: string): Promise<SolutionResponse> {
    return (await this.workflow.change<SolutionResponse>(
      complaintId,
      undefined,
      async (ctx) => {
        this.workflow.requireWorkable(actor, ctx.complaint, RC_SOLUTIONS_ROUTE);
        const analysis = await this.find(ctx.tx, complaintId);
        if (!analysis) throw notWritten(complaintId);
        const score = scoreSolution(dto);
        const solution: SolutionResponse = {
          id: randomUUID(),
          analysisId: analysis.id,
          description: dto.description.trim(),
          risk: dto.risk,
          timing: dto.timing,
          resources: dto.resources,
          effort: dto.effort,
          score,
          chosen: false,
          proposedBy: actor.id,
          createdAt: ctx.now.toISOString(),
        };
        ctx.batch.add(
          (p) =>
            `INSERT INTO root_cause_solutions (id, analysis_id, description, risk, timing, resources, effort, score, proposed_by, created_at)
             VALUES (${p(solution.id)}, ${p(solution.analysisId)}, ${p(solution.description)}, ${p(dto.risk)}, ${p(dto.timing)}, ${p(dto.resources)}, ${p(dto.effort)}, ${p(score)}, ${p(actor.id)}, ${p(ctx.now)})`,
        );
        ctx.events.push(event(ctx, 'root_cause_solution_proposed', actor, analysis, { solutionId: solution.id, description: solution.description, score, ratings: { risk: dto.risk, timing: dto.timing, resources: dto.resources, effort: dto.effort } }));
        return solution;
      },
      { key: idempotencyKey, scope: `${actor.type}:${actor.id ?? '-'}:POST /complaints/${complaintId}/root-cause/solutions`, body: dto },
    )) as SolutionResponse;
  }

  async chooseSolution(complaintId: string, solutionId: string, dto: ChooseSolutionDto, actor: Actor, ifMatch?: number): Promise<AnalysisResponse> {
    return (await this.workflow.change<AnalysisResponse>(complaintId, undefined, async (ctx) => {
      this.workflow.requireWorkable(actor, ctx.complaint, RC_CHOOSE_ROUTE);
      const analysis = await this.find(ctx.tx, complaintId);
      if (!analysis) throw notWritten(complaintId);
      AppException.assertVersion('root-cause analysis', analysis.version, ifMatch ?? dto.version);
      const [solution]: Row[] = await ctx.tx.query(`SELECT id, description, score FROM root_cause_solutions WHERE id = $1 AND analysis_id = $2`, [solutionId, analysis.id]);
      if (!solution) throw AppException.notFound('Solution', solutionId);
      const reason = dto.reason.trim();
      const record: AnalysisRecord = { ...analysis, chosenSolutionId: solutionId, choiceReason: reason, version: analysis.version + 1, updatedAt: ctx.now };
      this.update(ctx.batch, record, { chosenSolutionId: solutionId, choiceReason: reason });
      this.addVersion(ctx, record, 'solution_chosen', [], ['chosenSolutionId', 'choiceReason'], reason, actor);
      ctx.events.push(event(ctx, 'root_cause_solution_chosen', actor, record, { solutionId, description: solution.description, score: Number(solution.score), reason }));
      return analysisResponse(record);
    })) as AnalysisResponse;
  }

  // ---- knowledge

  /** Publishes a confirmed analysis as a knowledge article (again: a new revision of the same article). */
  async publish(complaintId: string, dto: PublishArticleDto, actor: Actor, idempotencyKey?: string): Promise<KnowledgeArticleResponse> {
    return (await this.workflow.change<KnowledgeArticleResponse>(
      complaintId,
      undefined,
      async (ctx) => {
        this.workflow.requireWorkable(actor, ctx.complaint, RC_PUBLISH_ROUTE);
        const analysis = await this.find(ctx.tx, complaintId);
        if (!analysis) throw notWritten(complaintId);
        if (analysis.status !== 'confirmed') {
          throw new AppException(ErrorCode.ILLEGAL_TRANSITION, `Only a confirmed analysis is published; this one is ${analysis.status}`, { analysisStatus: analysis.status, allowed: allowedSteps(analysis.status) });
        }
        const fix = dto.fix?.trim() || (await this.defaultFix(ctx.tx, analysis));
        if (!fix) throw AppException.validation([{ field: 'fix', message: 'fix is required when the analysis has no chosen solution and no actions' }]);
        const existing = await this.knowledge.publishedFrom(ctx.tx, analysis.id);
        const article = this.knowledge.publish(
          ctx.batch,
          {
            analysisId: analysis.id,
            complaintId,
            title: dto.title.trim(),
            symptom: dto.symptom?.trim() || [analysis.problemStatement, analysis.actual].filter(Boolean).join(' — '),
            cause: dto.cause?.trim() || analysis.rootCause,
            fix,
            frontDeskExplanation: dto.frontDeskExplanation.trim(),
            category: analysis.category,
            complaintCategory: ctx.complaint.category,
            publishedBy: actor.id,
            publishedByName: actor.name ?? null,
          },
          existing,
          ctx.now,
        );
        ctx.events.push(event(ctx, 'root_cause_published', actor, analysis, { articleId: article.id, title: article.title, revision: article.version }));
        return article;
      },
      { key: idempotencyKey, scope: `${actor.type}:${actor.id ?? '-'}:POST /complaints/${complaintId}/root-cause/publish`, body: dto },
    )) as KnowledgeArticleResponse;
  }

  /** The fix an article says when none is given: the chosen solution, else the analysis's actions. */
  private async defaultFix(tx: EntityManager, analysis: AnalysisRecord): Promise<string | null> {
    const [row]: { chosen: string | null; actions: string | null }[] = await tx.query(
      `SELECT (SELECT description FROM root_cause_solutions WHERE id = $2) AS chosen,
              (SELECT string_agg(description, '; ' ORDER BY created_at) FROM root_cause_actions WHERE analysis_id = $1) AS actions`,
      [analysis.id, analysis.chosenSolutionId],
    );
    return row.chosen ?? row.actions ?? null;
  }

  // ---- the table

  /** The analysis of a complaint, read inside a change (the complaint's row lock is held). */
  async find(tx: EntityManager, complaintId: string): Promise<AnalysisRecord | null> {
    const [row]: Row[] = await tx.query(`${ANALYSIS_SELECT} WHERE a.complaint_id = $1`, [complaintId]);
    return row ? analysisFromRow(row) : null;
  }

  private requireStep(analysis: AnalysisRecord, step: AnalysisStep) {
    const to = nextStatus(analysis.status, step);
    if (!to) {
      const what = step === 'edit' ? `A ${analysis.status} analysis cannot be edited; reopen it first` : `A ${analysis.status} analysis cannot be ${step === 'submit' ? 'submitted' : step === 'confirm' ? 'confirmed' : 'reopened'}`;
      throw new AppException(ErrorCode.ILLEGAL_TRANSITION, what, { analysisStatus: analysis.status, allowed: allowedSteps(analysis.status) });
    }
    return to;
  }

  private insert(batch: WriteBatch, a: AnalysisRecord): void {
    batch.add(
      (p) =>
        `INSERT INTO root_cause_analyses (id, complaint_id, status, problem_statement, expected, actual, whys, root_cause, category, author_id, authors, version, created_at, updated_at)
         VALUES (${p(a.id)}, ${p(a.complaintId)}, ${p(a.status)}, ${p(a.problemStatement)}, ${p(a.expected)}, ${p(a.actual)}, ${p(JSON.stringify(a.whys))}::jsonb, ${p(a.rootCause)},
                 ${p(a.category)}, ${p(a.authorId)}, ${p(a.authors)}::uuid[], 1, ${p(a.createdAt)}, ${p(a.updatedAt)})`,
    );
  }

  private update(batch: WriteBatch, a: AnalysisRecord, patch: Partial<AnalysisRecord>): void {
    const columns: Record<string, string> = {
      status: 'status',
      problemStatement: 'problem_statement',
      expected: 'expected',
      actual: 'actual',
      whys: 'whys',
      rootCause: 'root_cause',
      category: 'category',
      authors: 'authors',
      submittedBy: 'submitted_by',
      submittedAt: 'submitted_at',
      confirmedBy: 'confirmed_by',
      confirmedAt: 'confirmed_at',
      reopenReason: 'reopen_reason',
      chosenSolutionId: 'chosen_solution_id',
      choiceReason: 'choice_reason',
    };
    batch.add((p) => {
      const sets = Object.entries(patch).map(([k, v]) => {
        const cast = k === 'whys' ? '::jsonb' : k === 'authors' ? '::uuid[]' : '';
        return `${columns[k]} = ${p(k === 'whys' ? JSON.stringify(v) : v)}${cast}`;
      });
      return `UPDATE root_cause_analyses SET ${[...sets, `version = ${p(a.version)}`, `updated_at = ${p(a.updatedAt)}`].join(', ')} WHERE id = ${p(a.id)}`;
    });
  }

  private addVersion(ctx: ComplaintChangeContext, a: AnalysisRecord, step: string, whyChanges: WhyChange[], fields: string[], reason: string | null, actor: Actor): void {
    ctx.batch.add(
      (p) =>
        `INSERT INTO root_cause_analysis_versions (analysis_id, version, step, status, content, why_changes, changed_fields, reason, actor_type, actor_id, actor_name, at)
         VALUES (${p(a.id)}, ${p(a.version)}, ${p(step)}, ${p(a.status)}, ${p(JSON.stringify(contentOf(a)))}::jsonb, ${p(JSON.stringify(whyChanges))}::jsonb,
                 ${p(JSON.stringify(fields))}::jsonb, ${p(reason)}, ${p(actor.type)}, ${p(actor.id)}, ${p(actor.name ?? null)}, ${p(ctx.now)})`,
    );
  }
}

function addAuthor(authors: string[], actor: Actor): string[] {
  return actor.type === 'user' && actor.id && !authors.includes(actor.id) ? [...authors, actor.id] : authors;
}

function event(ctx: ComplaintChangeContext, type: Parameters<ComplaintChangeContext['events']['push']>[0]['type'], actor: Actor, a: AnalysisRecord, data: Record<string, unknown>) {
  return { complaintId: ctx.complaint.id, type, actor, at: ctx.now, data: { analysisId: a.id, analysisVersion: a.version, status: a.status, ...data } };
}

export const notWritten = (complaintId: string) => new AppException(ErrorCode.NOT_FOUND, `Complaint ${complaintId} has no root-cause analysis (or does not exist); write one with PUT /complaints/${complaintId}/root-cause`);
