import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../common/actor/actor';
import { ComplaintEntity } from '../complaints/complaint.entity';
import { ComplaintLifecycleHooks, ComplaintLifecycleListener, StatusChange } from '../complaints/complaint-lifecycle.hooks';
import { CustomerEntity } from '../customers/customer.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { SlaClocksService } from './sla-clocks.service';
import { SlaJobScheduler } from './sla-job.scheduler';

/** Starts and moves a complaint's SLA clocks as its lifecycle changes; schedules the jobs after commit. */
@Injectable()
export class SlaClockListener implements ComplaintLifecycleListener, OnModuleInit {
  constructor(
    private readonly hooks: ComplaintLifecycleHooks,
    private readonly clocks: SlaClocksService,
    private readonly scheduler: SlaJobScheduler,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async onIntake(manager: EntityManager, complaint: ComplaintEntity, customer: CustomerEntity): Promise<void> {
    const policy = await this.clocks.startForIntake(manager, complaint, customer);
    if (policy?.notifyAtIntakeRole) {
      // Major complaints bring in senior management from the start.
      const to = await this.notifications.recipientsFor(manager, policy.notifyAtIntakeRole, complaint.assigneeId);
      await this.notifications.notify(manager, to, {
        type: 'major_complaint',
        complaintId: complaint.id,
        title: `${complaint.reference}: ${complaint.severity} complaint taken in`,
        data: { severity: complaint.severity, policyId: policy.id },
      });
    }
  }

  onStatusChange(manager: EntityManager, complaint: ComplaintEntity, change: StatusChange, _actor: Actor, now: Date): Promise<void> {
    return this.clocks.onStatusChange(manager, complaint, change, now);
  }

  async onReprioritized(manager: EntityManager, complaint: ComplaintEntity, reason: string, actor: Actor, now: Date): Promise<void> {
    const customer = await manager.findOneByOrFail(CustomerEntity, { id: complaint.customerId });
    await this.clocks.recalculate(manager, complaint, customer, reason, actor, now);
  }

  async onNoteAdded(manager: EntityManager, complaint: ComplaintEntity, visibility: 'internal' | 'customer', _actor: Actor, now: Date): Promise<void> {
    if (visibility === 'customer') await this.clocks.restartUpdateClock(manager, complaint, now);
  }

  async afterCommit(complaintId: string): Promise<void> {
    await this.scheduler.scheduleComplaint(complaintId);
  }
}
