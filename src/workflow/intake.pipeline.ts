import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { AppConfig } from '../config/app-config';
import { WriteBatch } from '../database/write-batch';
import { ComplaintChange } from '../complaints/complaint-change';
import { formatComplaintReference } from '../complaints/complaint-reference';
import { ComplaintView } from '../complaints/complaint-view';
import { ComplaintsService, NewComplaint } from '../complaints/complaints.service';
import { ComplaintResponse } from '../complaints/dto/complaint.response';
import { CreateComplaintDto } from '../complaints/dto/create-complaint.dto';
import { NewEvent, TimelineService } from '../complaints/timeline.service';
import { CustomerEntity } from '../customers/customer.entity';
import { CustomersService } from '../customers/customers.service';
import { CustomerTier } from '../domain/customer.enums';
import { SlaJobScheduler } from '../sla/firing/sla-job.scheduler';
import { SlaClocksService } from '../sla/sla-clocks.service';
import { TriageService } from '../triage/triage.service';
import { StoredResponse, UnitOfWork } from '../unit-of-work/unit-of-work.service';

/** A receivedAt this far ahead of our clock is the caller's clock skew: it counts as now. */
const CLOCK_SKEW_MS = 5_000;

/**
 * Takes a complaint in, top to bottom, in one transaction of six statements:
 *  1. the customer: one upsert that also returns the tier they had before;
 *  2. one read: the repeat candidate and the next reference number;
 *  3. pure computation: triage suggestion, priority, SLA policy (cached), clocks and their
 *     firing schedule;
 *  4. one write: complaint, triage row, timeline events, clocks, ledger and firings (and the
 *     Idempotency-Key's stored response), as parts of one statement;
 * then, after commit, the deadline wake-ups, bounded by a short timeout (PostgreSQL already
 * holds the schedule; the reconciler adds what Redis missed). The response is built from what
 * was computed, not read back.
 */
@Injectable()
export class IntakePipeline {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly customers: CustomersService,
    private readonly complaints: ComplaintsService,
    private readonly timeline: TimelineService,
    private readonly triage: TriageService,
    private readonly sla: SlaClocksService,
    private readonly scheduler: SlaJobScheduler,
    private readonly config: AppConfig,
  ) {}

  async intake(dto: CreateComplaintDto, actor: Actor, idempotencyKey: string | undefined): Promise<StoredResponse<ComplaintResponse>> {
    const now = new Date();
    const receivedAt = receivedAtOf(dto, now);
    const pending: Date[] = [];
    const result = await this.unitOfWork.run<ComplaintResponse>(
      async (tx, batch) => {
        const { customer, previousTier } = dto.customer
          ? await this.customers.upsert(tx, dto.customer)
          : { customer: await this.customers.findForIntake(tx, dto.customerId!), previousTier: null };
        const facts = await this.complaints.intakeFacts(tx, { customerId: customer.id, category: dto.category, receivedAt, repeatWindowDays: this.config.get('REPEAT_WINDOW_DAYS') });
        const config = await this.sla.config(tx);

        const id = randomUUID();
        const reference = formatComplaintReference(receivedAt.getUTCFullYear(), facts.referenceSeq);
        const severity = dto.severity ?? 'ordinary';
        const isRepeat = facts.repeatOf !== null;
        const suggestion = this.triage.suggest({ summary: dto.summary, description: dto.description, isRepeat }, customer.tier);
        const basePriority = this.triage.priorityOf(severity, customer, null);
        const priority = this.triage.priorityOf(severity, customer, suggestion);
        // First-contact responsibility: the staff member who takes it in owns it until it is assigned on.
        const assigneeId = actor.type === 'user' ? actor.id : null;
        const clocks = await this.sla.startForIntake(
          tx,
          batch,
          config,
          { complaintId: id, reference, severity, channel: dto.channel, customerTier: customer.tier, receivedAt, assigneeId, intakeActorId: actor.id },
          now,
        );

        const complaint: NewComplaint = {
          id,
          reference,
          customerId: customer.id,
          channel: dto.channel,
          category: dto.category,
          summary: dto.summary,
          description: dto.description,
          desiredOutcome: dto.desiredOutcome ?? null,
          severity,
          priority: priority.priority,
          status: 'new',
          assigneeId,
          intakeActorType: actor.type,
          intakeActorId: actor.id,
          intakeActorName: actor.name ?? null,
          escalationLevel: clocks.escalationLevel,
          repeatOf: facts.repeatOf,
          isRepeat,
          receivedAt,
          acknowledgedAt: null,
          resolvedAt: null,
          closedAt: null,
          slaPolicyId: clocks.policyId,
          acknowledgeBy: clocks.acknowledgeBy,
          resolveBy: clocks.resolveBy,
          slaBreached: clocks.breached,
          createdAt: now,
        };
        this.complaints.insert(batch, complaint);
        this.triage.insertSuggestion(batch, id, suggestion, now);
        const events: NewEvent[] = [
          {
            complaintId: id,
            type: 'created',
            actor,
            at: now,
            data: { reference, channel: dto.channel, category: dto.category, severity, priority: priority.priority, repeatOf: facts.repeatOf, receivedAt: receivedAt.toISOString() },
          },
          {
            complaintId: id,
            type: 'triaged',
            actor: { type: 'system', id: null, role: 'system', name: 'system' },
            at: now,
            data: this.triage.suggestionEvent(suggestion, { from: basePriority.priority, to: priority.priority, reasons: priority.reasons }),
          },
          ...clocks.events,
        ];
        pending.push(...clocks.pending);
        if (previousTier !== null && previousTier !== customer.tier) {
          const moved = await this.followTierChange(tx, batch, customer, previousTier, actor, now);
          events.push(...moved.events);
          pending.push(...moved.pending);
        }
        this.timeline.append(batch, events);

        const view: ComplaintView = {
          ...complaint,
          version: 1,
          updatedAt: now,
          customer: { id: customer.id, externalRef: customer.externalRef, name: customer.name, tier: customer.tier, valueSegment: customer.valueSegment, creditGrade: customer.creditGrade },
          triage: { dominant: suggestion.dominant, emotionalIntensity: suggestion.emotionalIntensity, riskFlags: suggestion.riskFlags, confirmed: false },
        };
        return { status: 201, body: ComplaintResponse.from(view) };
      },
      { key: idempotencyKey, scope: `${actor.type}:${actor.id ?? '-'}:POST /complaints`, body: dto },
    );
    if (!result.replayed) await this.scheduler.schedule(pending);
    return result;
  }

  /**
   * The customer's tier changed with this intake: each of their open complaints gets its
   * priority derived again and its deadlines recomputed under the policy the new tier selects.
   */
  private async followTierChange(tx: EntityManager, batch: WriteBatch, customer: CustomerEntity, previousTier: CustomerTier, actor: Actor, now: Date) {
    const reason = `customer tier ${previousTier} → ${customer.tier}`;
    const events: NewEvent[] = [];
    const pending: Date[] = [];
    for (const complaint of await this.complaints.lockOpenOfCustomer(tx, customer.id)) {
      const current = { ...complaint, customer: { ...complaint.customer, tier: customer.tier, valueSegment: customer.valueSegment, creditGrade: customer.creditGrade } };
      const change = new ComplaintChange(current);
      const derived = this.triage.priorityOf(complaint.severity, current.customer, complaint.triage);
      if (derived.priority !== complaint.priority) {
        change.setPriority(derived.priority);
        events.push({
          complaintId: complaint.id,
          type: 'priority_changed',
          actor,
          at: now,
          data: { from: { severity: complaint.severity, priority: complaint.priority }, to: { severity: complaint.severity, priority: derived.priority }, reason, reasons: derived.reasons },
        });
      }
      const sla = await this.sla.apply(tx, batch, current, { kind: 'recalculate', severity: complaint.severity, customerTier: customer.tier, reason, actor }, now);
      change.setDeadlines({ slaPolicyId: sla.policyId, acknowledgeBy: sla.acknowledgeBy, resolveBy: sla.resolveBy }).recordSlaOutcome(sla);
      this.complaints.save(batch, change, now);
      events.push(...sla.events);
      pending.push(...sla.pending);
    }
    return { events, pending };
  }
}

/** When the complaint reached the company: defaults to now; a few seconds ahead is clock skew (now); further ahead is refused. */
export function receivedAtOf(dto: Pick<CreateComplaintDto, 'receivedAt'>, now: Date): Date {
  if (!dto.receivedAt) return now;
  const receivedAt = new Date(dto.receivedAt);
  if (receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw AppException.validation([{ field: 'receivedAt', message: 'receivedAt cannot be in the future' }]);
  }
  return receivedAt.getTime() > now.getTime() ? now : receivedAt;
}
