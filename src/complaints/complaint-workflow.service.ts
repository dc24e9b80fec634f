import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../common/pagination/cursor';
import { UserEntity } from '../auth/user.entity';
import { ACKNOWLEDGE_ROUTE, canWorkComplaint, notOwnComplaint, TRANSITION_ROUTE } from './complaint-access.policy';
import { ComplaintStatus } from './complaint.enums';
import { ComplaintEntity } from './complaint.entity';
import { ComplaintLifecycleHooks } from './complaint-lifecycle.hooks';
import { ComplaintsService } from './complaints.service';
import { AcknowledgeComplaintDto, AddNoteDto, AssignComplaintDto, TransitionComplaintDto } from './dto/complaint-actions.dto';
import { ComplaintResponse, TimelineEventResponse } from './dto/complaint.response';
import { allowedTargets, checkTransition } from './status-machine';
import { TimelineService } from './timeline.service';

/** Changes to an existing complaint: one transaction each, with its timeline event; side effects after commit. */
@Injectable()
export class ComplaintWorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly complaints: ComplaintsService,
    private readonly events: TimelineService,
    private readonly hooks: ComplaintLifecycleHooks,
  ) {}

  /** Runs one locked change of a complaint and returns it as it is after the change. */
  async change<T = ComplaintResponse>(
    id: string,
    expectedVersion: number | undefined,
    apply: (manager: EntityManager, complaint: ComplaintEntity, now: Date) => Promise<T | void>,
  ): Promise<T | ComplaintResponse> {
    const result = await this.dataSource.transaction(async (manager) => {
      const complaint = await this.complaints.lockForChange(manager, id, expectedVersion);
      const out = await apply(manager, complaint, new Date());
      return out ?? ComplaintResponse.from(await this.complaints.findEntity(id, manager));
    });
    await this.afterCommit(id);
    return result;
  }

  /** Side effects of a committed change (job scheduling, notifications). */
  afterCommit(id: string): Promise<void> {
    return this.hooks.committed(id);
  }

  timeline(id: string, query: PageQueryDto) {
    return this.events.list(id, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }

  acknowledge(id: string, dto: AcknowledgeComplaintDto, actor: Actor, expectedVersion?: number) {
    return this.change(id, expectedVersion ?? dto.version, async (manager, complaint, now) => {
      this.requireWorkable(actor, complaint, ACKNOWLEDGE_ROUTE);
      if (complaint.status !== 'new') {
        throw new AppException(ErrorCode.ILLEGAL_TRANSITION, `Only a new complaint can be acknowledged; it is ${complaint.status}`, {
          allowed: allowedTargets(complaint.status),
        });
      }
      await this.moveTo(manager, complaint, 'acknowledged', actor, now, dto.note, 'acknowledged');
    });
  }

  transition(id: string, dto: TransitionComplaintDto, actor: Actor, expectedVersion?: number) {
    return this.change(id, expectedVersion ?? dto.version, async (manager, complaint, now) => {
      this.requireWorkable(actor, complaint, TRANSITION_ROUTE);
      await this.moveTo(manager, complaint, dto.to, actor, now, dto.reason);
    });
  }

  assign(id: string, dto: AssignComplaintDto, actor: Actor, expectedVersion?: number) {
    return this.change(id, expectedVersion ?? dto.version, async (manager, complaint) => {
      if (complaint.status === 'closed' || complaint.status === 'withdrawn') {
        throw new AppException(ErrorCode.ILLEGAL_TRANSITION, `A ${complaint.status} complaint cannot be assigned`, { allowed: allowedTargets(complaint.status) });
      }
      const previous = complaint.assigneeId;
      if (previous === dto.assigneeId) return;
      if (!(await manager.getRepository(UserEntity).existsBy({ id: dto.assigneeId, active: true }))) {
        throw AppException.validation([{ field: 'assigneeId', message: `assigneeId ${dto.assigneeId} is not an active user` }]);
      }
      await manager.update(ComplaintEntity, { id: complaint.id }, { assigneeId: dto.assigneeId, version: complaint.version + 1 });
      await this.events.record(manager, complaint.id, 'assigned', actor, { from: previous, to: dto.assigneeId, reason: dto.reason ?? null });
    });
  }

  async addNote(id: string, dto: AddNoteDto, actor: Actor): Promise<TimelineEventResponse> {
    return this.change<TimelineEventResponse>(id, undefined, async (manager, complaint, now) => {
      const event = await this.events.record(manager, complaint.id, 'note_added', actor, { body: dto.body, visibility: dto.visibility });
      await this.hooks.afterNoteAdded(manager, complaint, dto.visibility, actor, now);
      return TimelineEventResponse.from(event);
    }) as Promise<TimelineEventResponse>;
  }

  /** 403 unless the actor may work this complaint through the route (`own` roles: only their own), checked under the row lock. */
  requireWorkable(actor: Actor, complaint: ComplaintEntity, routeKey: string): void {
    if (!canWorkComplaint(actor, complaint, routeKey)) throw new AppException(ErrorCode.FORBIDDEN, notOwnComplaint(actor));
  }

  /** Applies a status move checked against the status machine, with its timestamps, event and hooks. */
  private async moveTo(
    manager: EntityManager,
    complaint: ComplaintEntity,
    to: ComplaintStatus,
    actor: Actor,
    now: Date,
    reason: string | undefined,
    eventType: 'status_changed' | 'acknowledged' = 'status_changed',
  ): Promise<void> {
    const from = complaint.status;
    const check = checkTransition(from, to);
    if (!check.allowed) {
      throw new AppException(ErrorCode.ILLEGAL_TRANSITION, `A complaint cannot move from ${from} to ${to}`, { from, to, allowed: check.allowedTargets });
    }
    const patch: Partial<ComplaintEntity> = { status: to, version: complaint.version + 1 };
    if (check.isFirstResponse && !complaint.acknowledgedAt) patch.acknowledgedAt = now;
    if (to === 'resolved') patch.resolvedAt = now;
    if (to === 'closed') patch.closedAt = now;
    if (check.isReopen) Object.assign(patch, { resolvedAt: null, closedAt: null });
    await manager.update(ComplaintEntity, { id: complaint.id }, patch);
    Object.assign(complaint, patch);

    const data = { from, to, reason: reason ?? null };
    await this.events.record(manager, complaint.id, check.isReopen ? 'reopened' : eventType, actor, eventType === 'acknowledged' ? { ...data, note: reason ?? null } : data);
    if (check.isFirstResponse && eventType !== 'acknowledged') {
      await this.events.record(manager, complaint.id, 'acknowledged', actor, { implicit: true, by: to });
    }
    await this.hooks.afterStatusChange(manager, complaint, { from, to, isReopen: check.isReopen, isFirstResponse: check.isFirstResponse }, actor, now);
  }
}
