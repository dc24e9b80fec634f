import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ComplaintEntity } from '../complaints/complaint.entity';
import { ComplaintLifecycleHooks, ComplaintLifecycleListener } from '../complaints/complaint-lifecycle.hooks';
import { CustomerEntity } from '../customers/customer.entity';
import { addBusinessSeconds } from './clock/business-calendar';
import { SlaPoliciesService } from './sla-policies.service';

/** Starts and moves a complaint's SLA clocks as its lifecycle changes. */
@Injectable()
export class SlaClockListener implements ComplaintLifecycleListener, OnModuleInit {
  constructor(
    private readonly hooks: ComplaintLifecycleHooks,
    private readonly policies: SlaPoliciesService,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async onIntake(manager: EntityManager, complaint: ComplaintEntity, customer: CustomerEntity): Promise<void> {
    const policy = await this.policies.selectFor(manager, { severity: complaint.severity, customerTier: customer.tier, channel: complaint.channel });
    if (!policy) return;
    const patch = {
      slaPolicyId: policy.id,
      acknowledgeBy: addBusinessSeconds(complaint.receivedAt, policy.acknowledgeWithinSeconds, null),
      resolveBy: addBusinessSeconds(complaint.receivedAt, policy.resolveWithinSeconds, null),
    };
    // Part of the intake itself: the version stays where intake left it.
    await manager.update(ComplaintEntity, { id: complaint.id }, { ...patch, version: complaint.version });
    Object.assign(complaint, patch);
  }
}
