import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, SYSTEM_ACTOR } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../common/pagination/cursor';
import { ComplaintEntity } from '../complaints/complaint.entity';
import { ComplaintLifecycleHooks } from '../complaints/complaint-lifecycle.hooks';
import { ComplaintWorkflowService } from '../complaints/complaint-workflow.service';
import { ComplaintsService } from '../complaints/complaints.service';
import { ComplaintResponse } from '../complaints/dto/complaint.response';
import { allowedTargets } from '../complaints/status-machine';
import { TimelineService } from '../complaints/timeline.service';
import { CustomerEntity } from '../customers/customer.entity';
import { HIGH_VALUE_TIERS } from '../domain/customer.enums';
import { ComplaintTriageEntity, ConfirmedTriage } from './complaint-triage.entity';
import { diffTriage } from './correction-diff';
import { AnalyzeTriageDto } from './dto/analyze-triage.dto';
import { ComplaintTriageResponseDto } from './dto/complaint-triage.dto';
import { ConfirmTriageDto } from './dto/confirm-triage.dto';
import { ListCorrectionsQueryDto, TriageCorrectionDto, TriageCorrectionPageDto } from './dto/triage-correction.dto';
import { TriageAnalysisResponseDto, TriageSuggestionDto } from './dto/triage-analysis.dto';
import { analyzeText, buildGuidance, detectLanguage, EMOTIONAL_NEEDS, RATIONAL_NEEDS, RISK_FLAGS, TriageAnalysis } from './engine';
import { TriageCorrectionEntity } from './triage-correction.entity';
import {
  analysisFromLabels,
  dominanceOfLabels,
  inOrder,
  labelsOf,
  textExcerpt,
  TriageLabels,
  triagePriority,
  withComplaintContext,
} from './triage-labels';

/** The text of a complaint that triage reads. */
export const complaintText = (c: Pick<ComplaintEntity, 'summary' | 'description'>) => `${c.summary}\n${c.description}`;

/** Free-text analysis, the triage of each complaint (suggested at intake, confirmed by staff) and the corrections log. */
@Injectable()
export class TriageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly complaints: ComplaintsService,
    private readonly workflow: ComplaintWorkflowService,
    private readonly timeline: TimelineService,
    private readonly hooks: ComplaintLifecycleHooks,
  ) {}

  analyze(dto: AnalyzeTriageDto): TriageAnalysisResponseDto {
    const analysis = analyzeText(dto.text, { customerTier: dto.customerTier });
    const language = dto.lang ?? detectLanguage(dto.text);
    return { ...TriageSuggestionDto.from(analysis), language, guidance: buildGuidance(analysis, language) };
  }

  /** The engine's reading of a complaint, with its repeat and customer-tier flags. */
  suggestFor(complaint: ComplaintEntity, customer: CustomerEntity): TriageAnalysis {
    const analysis = analyzeText(complaintText(complaint), { customerTier: customer.tier });
    return withComplaintContext(analysis, { isRepeat: complaint.isRepeat, customerTier: customer.tier });
  }

  /**
   * Intake step, inside the intake transaction: stores the suggestion, refines the priority
   * with it (severity stays as given: the suggestion is for staff to confirm) and writes a
   * `triaged` event.
   */
  async triageAtIntake(manager: EntityManager, complaint: ComplaintEntity, customer: CustomerEntity): Promise<void> {
    const suggestion = this.suggestFor(complaint, customer);
    await manager.insert(ComplaintTriageEntity, this.suggestionRow(complaint.id, suggestion));
    const before = complaint.priority;
    const refined = triagePriority(complaint.severity, customer, suggestion);
    if (refined.priority !== before) {
      // Part of the intake itself: the version stays where intake left it.
      await manager.update(ComplaintEntity, { id: complaint.id }, { priority: refined.priority, version: complaint.version });
      complaint.priority = refined.priority;
    }
    const labels = labelsOf(suggestion);
    await this.timeline.record(manager, complaint.id, 'triaged', SYSTEM_ACTOR, {
      source: 'suggestion',
      dominant: suggestion.dominant,
      emotionalNeeds: labels.emotionalNeeds,
      rationalNeeds: labels.rationalNeeds,
      emotionalIntensity: labels.emotionalIntensity,
      riskFlags: labels.riskFlags,
      suggestedSeverity: suggestion.suggestedSeverity,
      lexiconVersion: suggestion.lexiconVersion,
      priority: { from: before, to: refined.priority, reasons: refined.reasons },
    });
  }

  /**
   * Something outside triage changed the complaint's standing (the customer's tier): the
   * priority is derived again from the confirmed labels, or the suggestion's.
   */
  async rederivePriority(manager: EntityManager, complaint: ComplaintEntity, reason: string, actor: Actor): Promise<void> {
    const row = await manager.findOneBy(ComplaintTriageEntity, { complaintId: complaint.id });
    if (!row) return;
    const customer = await manager.findOneByOrFail(CustomerEntity, { id: complaint.customerId });
    const labels = row.confirmed ?? labelsOf(row.suggestion);
    const highValue = HIGH_VALUE_TIERS.includes(customer.tier);
    const riskFlags = [...labels.riskFlags.filter((f) => f !== 'high_value_customer'), ...(highValue ? (['high_value_customer'] as const) : [])];
    const derived = triagePriority(complaint.severity, customer, { emotionalIntensity: labels.emotionalIntensity, riskFlags });
    if (derived.priority === complaint.priority) return;
    const before = { severity: complaint.severity, priority: complaint.priority };
    const patch = { priority: derived.priority, version: complaint.version + 1 };
    await manager.update(ComplaintEntity, { id: complaint.id }, patch);
    Object.assign(complaint, patch);
    await this.timeline.record(manager, complaint.id, 'priority_changed', actor, {
      from: before,
      to: { severity: complaint.severity, priority: derived.priority },
      reason,
      reasons: derived.reasons,
    });
  }

  async getForComplaint(id: string): Promise<ComplaintTriageResponseDto> {
    const complaint = await this.complaints.findEntity(id);
    const row = await this.dataSource.manager.findOneBy(ComplaintTriageEntity, { complaintId: id });
    // A complaint taken in before triage existed: show a fresh suggestion, stored on confirmation.
    return this.toResponse(complaint, row ?? this.suggestionRow(id, this.suggestFor(complaint, complaint.customer!)));
  }

  /**
   * Staff confirm or correct the triage: the confirmation is stored beside the suggestion, the
   * correction logged with its diff, severity set if given, priority re-derived, and the SLA
   * module told when severity or priority moved.
   */
  confirm(id: string, dto: ConfirmTriageDto, actor: Actor, expectedVersion?: number): Promise<ComplaintResponse> {
    return this.workflow.change(id, expectedVersion ?? dto.version, async (manager, complaint, now) => {
      if (complaint.status === 'closed' || complaint.status === 'withdrawn') {
        throw new AppException(ErrorCode.ILLEGAL_TRANSITION, `The triage of a ${complaint.status} complaint cannot be changed`, {
          allowed: allowedTargets(complaint.status),
        });
      }
      const customer = complaint.customer!;
      let row = await manager.findOneBy(ComplaintTriageEntity, { complaintId: id });
      if (!row) {
        row = this.suggestionRow(id, this.suggestFor(complaint, customer));
        await manager.insert(ComplaintTriageEntity, row);
      }
      const suggestion = row.suggestion;
      const labels: TriageLabels = {
        emotionalNeeds: inOrder(dto.emotionalNeeds, EMOTIONAL_NEEDS),
        rationalNeeds: inOrder(dto.rationalNeeds, RATIONAL_NEEDS),
        emotionalIntensity: dto.emotionalIntensity,
        riskFlags: inOrder(dto.riskFlags, RISK_FLAGS),
      };
      const before = { severity: complaint.severity, priority: complaint.priority };
      const severity = dto.severity ?? complaint.severity;
      const confirmed: ConfirmedTriage = { ...labels, dominant: dominanceOfLabels(labels), severity, note: dto.note ?? null };
      const diff = diffTriage({ ...labelsOf(suggestion), suggestedSeverity: suggestion.suggestedSeverity }, labels, { before: before.severity, after: severity });

      await manager.update(
        ComplaintTriageEntity,
        { complaintId: id },
        {
          confirmed,
          confirmedByType: actor.type,
          confirmedById: actor.id,
          confirmedByName: actor.name ?? null,
          confirmedAt: now,
          dominant: confirmed.dominant,
          emotionalIntensity: labels.emotionalIntensity,
          riskFlags: labels.riskFlags,
        },
      );
      await manager.insert(TriageCorrectionEntity, {
        complaintId: id,
        suggestion,
        confirmation: confirmed,
        diff,
        labels: diff.labels,
        changed: diff.changed,
        textExcerpt: textExcerpt(complaint.summary, complaint.description),
        lexiconVersion: row.lexiconVersion,
        actorType: actor.type,
        actorId: actor.id,
        actorName: actor.name ?? null,
      });

      const derived = triagePriority(severity, customer, labels);
      const patch = { severity, priority: derived.priority, version: complaint.version + 1 };
      await manager.update(ComplaintEntity, { id }, patch);
      Object.assign(complaint, patch);

      await this.timeline.record(manager, id, 'triaged', actor, {
        source: 'staff',
        dominant: confirmed.dominant,
        emotionalNeeds: labels.emotionalNeeds,
        rationalNeeds: labels.rationalNeeds,
        emotionalIntensity: labels.emotionalIntensity,
        riskFlags: labels.riskFlags,
        severity,
        suggestedSeverity: suggestion.suggestedSeverity,
        note: confirmed.note,
        changedLabels: diff.labels,
      });
      if (before.severity !== severity || before.priority !== derived.priority) {
        await this.timeline.record(manager, id, 'priority_changed', actor, {
          from: before,
          to: { severity, priority: derived.priority },
          reason: 'triage_confirmed',
          reasons: derived.reasons,
        });
        await this.hooks.afterReprioritized(manager, complaint, 'triage_confirmed', actor, now);
      }
    }) as Promise<ComplaintResponse>;
  }

  async listCorrections(query: ListCorrectionsQueryDto): Promise<TriageCorrectionPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.dataSource.getRepository(TriageCorrectionEntity).createQueryBuilder('c');
    if (query.label !== undefined) qb.andWhere('c.labels @> ARRAY[:label]::text[]', { label: query.label });
    const after = decodeCursor(query.cursor);
    if (after) qb.andWhere('(c.createdAt, c.id) < (:t, :id)', { t: after.createdAt, id: after.id });
    const rows = await qb.orderBy('c.createdAt', 'DESC').addOrderBy('c.id', 'DESC').limit(limit + 1).getMany();
    return toPage(rows, limit, TriageCorrectionDto.from);
  }

  private suggestionRow(complaintId: string, suggestion: TriageAnalysis): ComplaintTriageEntity {
    return Object.assign(new ComplaintTriageEntity(), {
      complaintId,
      suggestion,
      lexiconVersion: suggestion.lexiconVersion,
      confirmed: null,
      confirmedByType: null,
      confirmedById: null,
      confirmedByName: null,
      confirmedAt: null,
      dominant: suggestion.dominant,
      emotionalIntensity: suggestion.emotionalIntensity,
      riskFlags: suggestion.riskFlags,
    });
  }

  private toResponse(complaint: ComplaintEntity, row: ComplaintTriageEntity): ComplaintTriageResponseDto {
    const language = detectLanguage(complaintText(complaint));
    const c = row.confirmed;
    const current = c ? analysisFromLabels(c, c.severity, row.lexiconVersion) : row.suggestion;
    return {
      complaintId: complaint.id,
      suggestion: TriageSuggestionDto.from(row.suggestion),
      confirmed: c
        ? {
            dominant: c.dominant,
            emotionalNeeds: c.emotionalNeeds,
            rationalNeeds: c.rationalNeeds,
            emotionalIntensity: c.emotionalIntensity,
            riskFlags: c.riskFlags,
            severity: c.severity,
            note: c.note,
            by: { type: row.confirmedByType ?? 'system', id: row.confirmedById, name: row.confirmedByName },
            at: (row.confirmedAt ?? row.updatedAt).toISOString(),
          }
        : null,
      dominant: row.dominant,
      emotionalIntensity: row.emotionalIntensity,
      riskFlags: row.riskFlags,
      lexiconVersion: row.lexiconVersion,
      language,
      guidance: buildGuidance(current, language),
      createdAt: row.createdAt ? row.createdAt.toISOString() : null,
      updatedAt: row.updatedAt ? row.updatedAt.toISOString() : null,
    };
  }
}
