import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { KnowledgeSuggestionResponse } from '../../knowledge/dto/knowledge.dto';
import { CUSTOMER_TIERS, CustomerTier } from '../../domain/customer.enums';
import { Category, CATEGORIES, Channel, CHANNELS, COMPLAINT_STATUSES, ComplaintEventType, ComplaintStatus, EVENT_TYPES, Priority, PRIORITIES, Severity, SEVERITIES } from '../../domain/complaint.enums';
import { ComplaintEventEntity } from '../complaint-event.entity';
import { ComplaintView } from '../complaint-view';
import { DOMINANT_KINDS, RISK_FLAGS } from '../../domain/triage-vocabulary';

export class ComplaintCustomerSummary {
  id: string;
  externalRef: string;
  name: string | null;
  @ApiProperty({ enum: CUSTOMER_TIERS }) tier: CustomerTier;
}

export class ComplaintSlaSummary {
  @ApiProperty({ nullable: true, type: String }) policyId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) acknowledgeBy: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) resolveBy: string | null;
  breached: boolean;
}

export class ActorResponse {
  @ApiProperty({ enum: ['user', 'api_key', 'system'] }) type: string;
  @ApiProperty({ nullable: true, type: String }) id: string | null;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
}

/** The complaint's current triage (staff's confirmation, else the intake suggestion). */
export class ComplaintTriageSummary {
  @ApiProperty({ enum: DOMINANT_KINDS }) dominant: string;
  @ApiProperty({ minimum: 0, maximum: 3 }) emotionalIntensity: number;
  @ApiProperty({ enum: RISK_FLAGS, isArray: true }) riskFlags: string[];
  /** Whether staff have confirmed it. */
  confirmed: boolean;
}

export class ComplaintResponse {
  id: string;
  reference: string;
  @ApiProperty({ enum: COMPLAINT_STATUSES }) status: ComplaintStatus;
  @ApiProperty({ enum: SEVERITIES }) severity: Severity;
  @ApiProperty({ enum: PRIORITIES }) priority: Priority;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ enum: CATEGORIES }) category: Category;
  summary: string;
  description: string;
  @ApiProperty({ nullable: true, type: String }) desiredOutcome: string | null;
  customer: ComplaintCustomerSummary;
  @ApiProperty({ nullable: true, type: String }) assigneeId: string | null;
  takenInBy: ActorResponse;
  escalationLevel: number;
  @ApiProperty({ nullable: true, type: String }) repeatOf: string | null;
  isRepeat: boolean;
  sla: ComplaintSlaSummary;
  @ApiProperty({ nullable: true, type: () => ComplaintTriageSummary }) triage: ComplaintTriageSummary | null;
  receivedAt: string;
  @ApiProperty({ nullable: true, type: String }) acknowledgedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /**
   * Only on GET /complaints/:id: the best-matching knowledge articles (at most 3), so the front
   * desk gives one consistent explanation. Intake and change responses leave it out (no extra
   * round trip on the hot path); read GET /complaints/:id/knowledge after intake.
   */
  @ApiPropertyOptional({ type: () => [KnowledgeSuggestionResponse] }) knowledge?: KnowledgeSuggestionResponse[];

  static from(c: ComplaintView): ComplaintResponse {
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return {
      id: c.id,
      reference: c.reference,
      status: c.status,
      severity: c.severity,
      priority: c.priority,
      channel: c.channel,
      category: c.category,
      summary: c.summary,
      description: c.description,
      desiredOutcome: c.desiredOutcome,
      customer: { id: c.customer.id, externalRef: c.customer.externalRef, name: c.customer.name, tier: c.customer.tier },
      assigneeId: c.assigneeId,
      takenInBy: { type: c.intakeActorType, id: c.intakeActorId, name: c.intakeActorName },
      escalationLevel: c.escalationLevel,
      repeatOf: c.repeatOf,
      isRepeat: c.isRepeat,
      sla: { policyId: c.slaPolicyId, acknowledgeBy: iso(c.acknowledgeBy), resolveBy: iso(c.resolveBy), breached: c.slaBreached },
      triage: c.triage ? { ...c.triage } : null,
      receivedAt: c.receivedAt.toISOString(),
      acknowledgedAt: iso(c.acknowledgedAt),
      resolvedAt: iso(c.resolvedAt),
      closedAt: iso(c.closedAt),
      version: c.version,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  }
}

export class ComplaintOwner {
  id: string;
  @ApiProperty({ nullable: true, type: String, example: '李四' }) name: string | null;
}

/** What the company promised the customer next, and by when. */
export class ComplaintPromise {
  @ApiProperty({ enum: ['first_response', 'resolution'], nullable: true, description: 'first_response while new, resolution while open, null once resolved, closed or withdrawn' })
  what: 'first_response' | 'resolution' | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) by: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'What the customer asked for', example: '退还多扣的50元' }) desiredOutcome: string | null;
}

export class CustomerNoteSummary {
  @ApiProperty({ example: '已为您申请退款，3个工作日内到账。 A refund is on its way, within 3 working days.' }) body: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ nullable: true, type: String }) by: string | null;
}

/** A complaint as lists and look-ups show it: what an agent on the phone reads back to the caller. */
export class ComplaintListItem extends ComplaintResponse {
  @ApiProperty({ nullable: true, type: () => ComplaintOwner, description: 'The assignee' }) owner: ComplaintOwner | null;
  @ApiProperty({ type: () => ComplaintPromise }) promised: ComplaintPromise;
  @ApiProperty({ nullable: true, type: () => CustomerNoteSummary, description: 'The last note with visibility customer' }) lastCustomerNote: CustomerNoteSummary | null;
}

export class ComplaintPage {
  @ApiProperty({ type: () => ComplaintListItem, isArray: true })
  items: ComplaintListItem[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

/** What the `data` of the main event types holds, for the OpenAPI document. */
const EVENT_DATA_DESCRIPTION = [
  'What the event records; its fields depend on `type`:',
  '`created`: intake facts; `triaged`: the suggestion or confirmation (needs, risk flags, intensity);',
  '`assigned`: `from`, `to`, `reason`; `status_changed`: `from`, `to`, `reason`; `acknowledged`: `note` (or `implicit`, `by`);',
  '`note_added`: `body`, `visibility`; `priority_changed`: `from`, `to`, `reason`;',
  '`sla_warning` / `sla_breached` / `escalated`: the clock, its due time and (escalated) the `level`; `sla_recalculated`: the clocks moved.',
].join(' ');

export class TimelineEventResponse {
  id: string;
  @ApiProperty({ enum: EVENT_TYPES, enumName: 'ComplaintEventType', description: 'The kind of event' }) type: ComplaintEventType;
  @ApiProperty({ format: 'date-time' }) at: string;
  actor: ActorResponse;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: EVENT_DATA_DESCRIPTION,
    example: { from: 'acknowledged', to: 'resolved', reason: '已退还多扣的50元 / refunded the duplicate charge' },
  })
  data: Record<string, unknown>;

  static from(e: ComplaintEventEntity): TimelineEventResponse {
    return {
      id: e.id,
      type: e.type,
      at: e.at.toISOString(),
      actor: { type: e.actorType, id: e.actorId, name: e.actorName },
      data: e.data,
    };
  }
}

export class TimelinePage {
  items: TimelineEventResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
