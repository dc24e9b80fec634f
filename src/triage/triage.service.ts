import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../common/actor/actor';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../common/pagination/cursor';
import { ComplaintTriageSummary, ComplaintView } from '../complaints/complaint-view';
import { ComplaintsService } from '../complaints/complaints.service';
import { WriteBatch } from '../database/write-batch';
import { Severity } from '../domain/complaint.enums';
import { CustomerTier, HIGH_VALUE_TIERS } from '../domain/customer.enums';
import { PriorityResult } from '../domain/priority';
import { ComplaintTriageEntity, ConfirmedTriage } from './complaint-triage.entity';
import { diffTriage, TriageDiff } from './correction-diff';
import { AnalyzeTriageDto } from './dto/analyze-triage.dto';
import { ComplaintTriageResponseDto } from './dto/complaint-triage.dto';
import { ConfirmTriageDto } from './dto/confirm-triage.dto';
import { ListCorrectionsQueryDto, TriageCorrectionDto, TriageCorrectionPageDto } from './dto/triage-correction.dto';
import { TriageAnalysisResponseDto, TriageSuggestionDto } from './dto/triage-analysis.dto';
import { analyzeText, buildGuidance, detectLanguage, EMOTIONAL_NEEDS, RATIONAL_NEEDS, RISK_FLAGS, TriageAnalysis } from './engine';
import { TriageCorrectionEntity } from './triage-correction.entity';
import {
  analysisFromLabels,
  CustomerValue,
  dominanceOfLabels,
  inOrder,
  labelsOf,
  textExcerpt,
  TriageLabels,
  triagePriority,
  withComplaintContext,
} from './triage-labels';

/** The text of a complaint that triage reads. */
export const complaintText = (c: Pick<ComplaintView, 'summary' | 'description'>) => `${c.summary}\n${c.description}`;

/** What staff's confirmation decides; the caller applies severity and priority to the complaint. */
export interface TriageConfirmation {
  severity: Severity;
  priority: PriorityResult;
  /** Data of the `triaged` event. */
  event: Record<string, unknown>;
  /** The complaint's triage as it now stands. */
  summary: ComplaintTriageSummary;
}

/**
 * Owns complaint_triage and triage_corrections: the engine's suggestion stored at intake,
 * staff's confirmation beside it, and the corrections log. Analysis and priority are pure.
 */
@Injectable()
export class TriageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly complaints: ComplaintsService,
  ) {}

  analyze(dto: AnalyzeTriageDto): TriageAnalysisResponseDto {
    const analysis = analyzeText(dto.text, { customerTier: dto.customerTier });
    const language = dto.lang ?? detectLanguage(dto.text);
    return { ...TriageSuggestionDto.from(analysis), language, guidance: buildGuidance(analysis, language) };
  }

  /** The engine's reading of a complaint, with its repeat and customer-tier flags (pure). */
  suggest(complaint: Pick<ComplaintView, 'summary' | 'description' | 'isRepeat'>, customerTier: CustomerTier): TriageAnalysis {
    const analysis = analyzeText(complaintText(complaint), { customerTier });
    return withComplaintContext(analysis, { isRepeat: complaint.isRepeat, customerTier });
  }

  /** Priority from severity, the customer's value and the triage's intensity and flags (pure). */
  priorityOf(severity: Severity, customer: CustomerValue, labels: Pick<TriageLabels, 'emotionalIntensity' | 'riskFlags'> | null): PriorityResult {
    if (!labels) return triagePriority(severity, customer, { emotionalIntensity: 0, riskFlags: [] });
    const highValue = HIGH_VALUE_TIERS.includes(customer.tier);
    // `high_value_customer` follows the customer's tier as it is now.
    const riskFlags = [...labels.riskFlags.filter((f) => f !== 'high_value_customer'), ...(highValue ? (['high_value_customer'] as const) : [])];
    return triagePriority(severity, customer, { emotionalIntensity: labels.emotionalIntensity, riskFlags });
  }

  /** Data of the `triaged` event of an intake suggestion. */
  suggestionEvent(suggestion: TriageAnalysis, priority: { from: string; to: string; reasons: string[] }): Record<string, unknown> {
    const labels = labelsOf(suggestion);
    return {
      source: 'suggestion',
      dominant: suggestion.dominant,
      emotionalNeeds: labels.emotionalNeeds,
      rationalNeeds: labels.rationalNeeds,
      emotionalIntensity: labels.emotionalIntensity,
      riskFlags: labels.riskFlags,
      suggestedSeverity: suggestion.suggestedSeverity,
      lexiconVersion: suggestion.lexiconVersion,
      priority,
    };
  }

  /** Stores an intake suggestion (a part of the intake's write batch). */
  insertSuggestion(batch: WriteBatch, complaintId: string, suggestion: TriageAnalysis, at: Date): void {
    batch.add(
      (p) =>
        `INSERT INTO complaint_triage (complaint_id, suggestion, lexicon_version, dominant, emotional_intensity, risk_flags, created_at, updated_at)
         VALUES (${p(complaintId)}, ${p(JSON.stringify(suggestion))}::jsonb, ${p(suggestion.lexiconVersion)}, ${p(suggestion.dominant)}, ${p(suggestion.emotionalIntensity)}, ${p(suggestion.riskFlags)}::text[], ${p(at)}, ${p(at)})`,
    );
  }

  /** The complaint's effective labels and dominance (staff's confirmation, else the stored suggestion); null when it has no triage. */
  async effectiveLabels(manager: EntityManager, complaintId: string): Promise<(TriageLabels & { dominant: ComplaintTriageSummary['dominant'] }) | null> {
    const row = await manager.findOneBy(ComplaintTriageEntity, { complaintId });
    if (!row) return null;
    if (row.confirmed) {
      const { emotionalNeeds, rationalNeeds, emotionalIntensity, riskFlags, dominant } = row.confirmed;
      return { emotionalNeeds, rationalNeeds, emotionalIntensity, riskFlags, dominant };
    }
    return { ...labelsOf(row.suggestion), dominant: row.dominant };
  }

  async getForComplaint(id: string): Promise<ComplaintTriageResponseDto> {
    const complaint = await this.complaints.findView(this.dataSource.manager, id);
    const row = await this.dataSource.manager.findOneBy(ComplaintTriageEntity, { complaintId: id });
    // A complaint taken in before triage existed: show a fresh suggestion, stored on confirmation.
    return this.toResponse(complaint, row ?? this.suggestionRow(id, this.suggest(complaint, complaint.customer.tier)));
  }

  /**
   * Staff confirm or correct the triage of a locked complaint: the confirmation is stored
   * beside the suggestion and the correction logged with its diff (parts of the change's
   * batch). Returns the severity and priority that follow, for the caller to apply.
   */
  async confirm(tx: EntityManager, batch: WriteBatch, complaint: ComplaintView, dto: ConfirmTriageDto, actor: Actor, now: Date): Promise<TriageConfirmation> {
    const stored = await tx.findOneBy(ComplaintTriageEntity, { complaintId: complaint.id });
    const row = stored ?? this.suggestionRow(complaint.id, this.suggest(complaint, complaint.customer.tier));
    const suggestion = row.suggestion;
    const labels: TriageLabels = {
      emotionalNeeds: inOrder(dto.emotionalNeeds, EMOTIONAL_NEEDS),
      rationalNeeds: inOrder(dto.rationalNeeds, RATIONAL_NEEDS),
      emotionalIntensity: dto.emotionalIntensity,
      riskFlags: inOrder(dto.riskFlags, RISK_FLAGS),
    };
    const severity = dto.severity ?? complaint.severity;
    const confirmed: ConfirmedTriage = { ...labels, dominant: dominanceOfLabels(labels), severity, note: dto.note ?? null };
    const diff = diffTriage({ ...labelsOf(suggestion), suggestedSeverity: suggestion.suggestedSeverity }, labels, { before: complaint.severity, after: severity });
    this.writeConfirmation(batch, complaint, row, confirmed, diff, actor, now);
    return {
      severity,
      priority: triagePriority(severity, complaint.customer, labels),
      summary: { dominant: confirmed.dominant, emotionalIntensity: labels.emotionalIntensity, riskFlags: labels.riskFlags, confirmed: true },
      event: {
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
      },
    };
  }

  private writeConfirmation(
    batch: WriteBatch,
    complaint: ComplaintView,
    row: ComplaintTriageEntity,
    confirmed: ConfirmedTriage,
    diff: TriageDiff,
    actor: Actor,
    now: Date,
  ): void {
    batch.add(
      (p) =>
        `INSERT INTO complaint_triage (complaint_id, suggestion, lexicon_version, dominant, emotional_intensity, risk_flags,
                                       confirmed, confirmed_by_type, confirmed_by_id, confirmed_by_name, confirmed_at, created_at, updated_at)
         VALUES (${p(complaint.id)}, ${p(JSON.stringify(row.suggestion))}::jsonb, ${p(row.lexiconVersion)}, ${p(confirmed.dominant)}, ${p(confirmed.emotionalIntensity)},
                 ${p(confirmed.riskFlags)}::text[], ${p(JSON.stringify(confirmed))}::jsonb, ${p(actor.type)}, ${p(actor.id)}, ${p(actor.name ?? null)}, ${p(now)}, ${p(now)}, ${p(now)})
         ON CONFLICT (complaint_id) DO UPDATE SET dominant = EXCLUDED.dominant, emotional_intensity = EXCLUDED.emotional_intensity, risk_flags = EXCLUDED.risk_flags,
                 confirmed = EXCLUDED.confirmed, confirmed_by_type = EXCLUDED.confirmed_by_type, confirmed_by_id = EXCLUDED.confirmed_by_id,
                 confirmed_by_name = EXCLUDED.confirmed_by_name, confirmed_at = EXCLUDED.confirmed_at, updated_at = EXCLUDED.updated_at`,
    );
    batch.add(
      (p) =>
        `INSERT INTO triage_corrections (complaint_id, suggestion, confirmation, diff, labels, changed, text_excerpt, lexicon_version, actor_type, actor_id, actor_name, created_at)
         VALUES (${p(complaint.id)}, ${p(JSON.stringify(row.suggestion))}::jsonb, ${p(JSON.stringify(confirmed))}::jsonb, ${p(JSON.stringify(diff))}::jsonb, ${p(diff.labels)}::text[],
                 ${p(diff.changed)}, ${p(textExcerpt(complaint.summary, complaint.description))}, ${p(row.lexiconVersion)}, ${p(actor.type)}, ${p(actor.id)}, ${p(actor.name ?? null)}, ${p(now)})`,
    );
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

  private toResponse(complaint: ComplaintView, row: ComplaintTriageEntity): ComplaintTriageResponseDto {
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
