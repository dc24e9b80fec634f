import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COMPENSATION_TYPES, CompensationType, PROPOSAL_STATUSES, ProposalStatus } from '../compensation.enums';
import { ProposalWithFulfilment } from '../proposal';
import { allowedActions, PROPOSAL_ACTIONS, ProposalAction } from '../proposal-status';

export class ProposalActorResponse {
  @ApiProperty({ example: 'user' }) type: string;
  @ApiProperty({ nullable: true, format: 'uuid' }) id: string | null;
  @ApiProperty({ nullable: true, example: '王主管 / Supervisor Wang' }) name: string | null;
  @ApiProperty({ example: 'supervisor' }) role: string;
}

export class FulfilmentResponse {
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed', 'manual'] }) status: string;
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiProperty({ format: 'date-time' }) nextAttemptAt: string;
  @ApiProperty({ nullable: true, example: 'HTTP 503' }) lastError: string | null;
  @ApiProperty({ nullable: true, example: 'CRM-20261124-0042' }) providerReference: string | null;
  @ApiProperty({ nullable: true, format: 'date-time' }) completedAt: string | null;
}

export class CompensationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) complaintId: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty({ enum: COMPENSATION_TYPES, example: 'bill_credit' }) type: CompensationType;
  @ApiProperty({ enum: PROPOSAL_STATUSES, example: 'pending_approval' }) status: ProposalStatus;
  @ApiProperty({ nullable: true, enum: ['agent', 'supervisor', 'manager', 'admin'], description: 'Who must approve; null once approved within the proposer\'s own limit' })
  requiredApproverRole: string | null;
  @ApiProperty({ nullable: true, example: 3000, description: 'Minor units (3000 = 30.00 CNY); the stated value of a service or gift' }) amount: number | null;
  @ApiProperty({ nullable: true, example: 'CNY' }) currency: string | null;
  @ApiProperty({ nullable: true, example: null, description: 'Points given (points proposals only)' }) points: number | null;
  @ApiProperty({ example: 3000, description: 'What limits and budgets count: minor units of the limits\' currency (points at the configured rate)' }) value: number;
  @ApiProperty({ example: 'CNY' }) valueCurrency: string;
  @ApiProperty({ example: '话费补偿 30 元 / Bill credit of 30 CNY' }) description: string;
  @ApiProperty({ example: '多扣话费，表示歉意 / Overcharged; an apology' }) rationale: string;
  @ApiProperty({ type: [String], example: ['compensation', 'be_respected'] }) needs: string[];
  @ApiProperty({ type: ProposalActorResponse }) proposedBy: ProposalActorResponse;
  @ApiProperty({ type: ProposalActorResponse, nullable: true }) decidedBy: ProposalActorResponse | null;
  @ApiProperty({ nullable: true, format: 'date-time' }) decidedAt: string | null;
  @ApiProperty({ nullable: true, example: '金额合理 / Reasonable' }) decisionReason: string | null;
  @ApiProperty({ type: [String], description: 'Why the approval rule decided as it did' }) ruleReasons: string[];
  @ApiProperty({ nullable: true, format: 'uuid', description: 'Team (supervisor) whose monthly budget it counts against' }) teamId: string | null;
  @ApiProperty({ nullable: true, format: 'date-time' }) approvedAt: string | null;
  @ApiProperty({ nullable: true, format: 'date-time' }) offeredAt: string | null;
  @ApiProperty({ nullable: true, format: 'date-time' }) customerDecidedAt: string | null;
  @ApiProperty({ nullable: true, example: '客户接受 / Customer accepted' }) customerDecisionReason: string | null;
  @ApiProperty({ nullable: true, format: 'date-time' }) fulfilledAt: string | null;
  @ApiProperty({ nullable: true, example: 'CRM-20261124-0042' }) fulfilmentReference: string | null;
  @ApiProperty({ nullable: true }) fulfilledManually: boolean | null;
  @ApiPropertyOptional({ type: FulfilmentResponse, nullable: true }) fulfilment: FulfilmentResponse | null;
  @ApiProperty({ enum: PROPOSAL_ACTIONS, isArray: true, description: 'Moves the status machine allows now' }) allowedActions: ProposalAction[];
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(p: ProposalWithFulfilment): CompensationResponse {
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return {
      id: p.id,
      complaintId: p.complaintId,
      customerId: p.customerId,
      type: p.type,
      status: p.status,
      requiredApproverRole: p.requiredApproverRole,
      amount: p.amount,
      currency: p.currency,
      points: p.points,
      value: p.value,
      valueCurrency: p.valueCurrency,
      description: p.description,
      rationale: p.rationale,
      needs: p.needs,
      proposedBy: { type: p.proposedByType, id: p.proposedById, name: p.proposedByName, role: p.proposedByRole },
      decidedBy: p.decidedByRole === null ? null : { type: p.decidedById ? 'user' : 'system', id: p.decidedById, name: p.decidedByName, role: p.decidedByRole },
      decidedAt: iso(p.decidedAt),
      decisionReason: p.decisionReason,
      ruleReasons: p.ruleReasons,
      teamId: p.teamId,
      approvedAt: iso(p.approvedAt),
      offeredAt: iso(p.offeredAt),
      customerDecidedAt: iso(p.customerDecidedAt),
      customerDecisionReason: p.customerDecisionReason,
      fulfilledAt: iso(p.fulfilledAt),
      fulfilmentReference: p.fulfilmentReference,
      fulfilledManually: p.fulfilledManually,
      fulfilment: p.fulfilment
        ? {
            status: p.fulfilment.status,
            attempts: p.fulfilment.attempts,
            nextAttemptAt: p.fulfilment.nextAttemptAt.toISOString(),
            lastError: p.fulfilment.lastError,
            providerReference: p.fulfilment.providerReference,
            completedAt: iso(p.fulfilment.completedAt),
          }
        : null,
      allowedActions: allowedActions(p.status).filter((a) => a !== 'fail'),
      version: p.version,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }
}

export class CompensationPageResponse {
  @ApiProperty({ type: [CompensationResponse] }) items: CompensationResponse[];
  @ApiProperty({ nullable: true }) nextCursor: string | null;
}
