import { ApiProperty } from '@nestjs/swagger';

export class ClockLedgerEntryResponse {
  @ApiProperty({ enum: ['start', 'pause', 'resume', 'stop', 'recalculate'] }) action: string;
  at: string;
  reason: string;
  @ApiProperty({ nullable: true, type: String }) dueAt: string | null;
  detail: Record<string, unknown>;
}

export class ClockFiringResponse {
  firing: string;
  dueAt: string;
  @ApiProperty({ nullable: true, type: String }) firedAt: string | null;
}

export class ComplaintClockResponse {
  id: string;
  @ApiProperty({ enum: ['acknowledge', 'resolve', 'update', 'final_response', 'revisit'] }) kind: string;
  @ApiProperty({ enum: ['running', 'paused', 'stopped'] }) state: string;
  startedAt: string;
  /** The fixed deadline; for a paused clock, the deadline if it resumed now. */
  @ApiProperty({ nullable: true, type: String }) dueAt: string | null;
  targetSeconds: number;
  elapsedBusinessSeconds: number;
  remainingBusinessSeconds: number;
  pausedBusinessSeconds: number;
  breached: boolean;
  @ApiProperty({ nullable: true, type: String }) breachedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) calendarId: string | null;
  firings: ClockFiringResponse[];
  ledger: ClockLedgerEntryResponse[];
}

export class ComplaintSlaResponse {
  complaintId: string;
  @ApiProperty({ nullable: true, type: String }) policyId: string | null;
  breached: boolean;
  escalationLevel: number;
  clocks: ComplaintClockResponse[];
}
