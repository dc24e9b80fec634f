import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity } from '../auth/user.entity';

/** A team's compensation budget for one calendar month (UTC), minor units of the limits' currency. A team is a supervisor and the users whose supervisor they are. */
@Entity('compensation_team_budgets')
@Check('chk_compensation_team_budgets_amount', `"amount" >= 0`)
@Check('chk_compensation_team_budgets_month', `extract(day from "month") = 1`)
export class TeamBudgetEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_compensation_team_budgets' })
  teamId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'fk_compensation_team_budgets_team' })
  team?: UserEntity;

  /** The first day of the month. */
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_compensation_team_budgets' })
  month: string;

  @Column({ type: 'bigint' })
  amount: string;

  @Column({ type: 'uuid', nullable: true })
  updatedById: string | null;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
