import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ComplaintFacts, selectPolicy } from './policy-selection';
import { SlaPolicyEntity } from './sla-policy.entity';

@Injectable()
export class SlaPoliciesService {
  /** The policy that governs a complaint with these facts, or null when none matches. */
  async selectFor(manager: EntityManager, facts: ComplaintFacts): Promise<SlaPolicyEntity | null> {
    const policies = await manager.find(SlaPolicyEntity, { where: { active: true } });
    return selectPolicy(policies, facts);
  }
}
