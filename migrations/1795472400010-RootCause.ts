import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Root cause (issue 10): 5-Whys analyses with every version of the chain, candidate solutions,
 * problem records and their complaints, corrective/preventive actions (each row its own
 * deadline: due_at + notified_at), and knowledge articles.
 *
 * Search (problems, knowledge_articles): a `search` tsvector of Chinese character bigrams
 * (to_tsvector('simple', …) of space-separated bigrams, computed by src/common/search) and English
 * words (to_tsvector('english', …)), with GIN indexes. No extension is needed: zhparser is not in
 * Debian's PostgreSQL, and pg_trgm's trigrams miss two-character Chinese queries.
 */
export class RootCause1795472400010 implements MigrationInterface {
  name = 'RootCause1795472400010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "root_cause_analyses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "complaint_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'draft', "problem_statement" text NOT NULL, "expected" text, "actual" text, "whys" jsonb NOT NULL, "root_cause" text NOT NULL, "category" character varying(48) NOT NULL, "author_id" uuid, "authors" uuid array NOT NULL DEFAULT '{}', "submitted_by" uuid, "submitted_at" TIMESTAMP(3) WITH TIME ZONE, "confirmed_by" uuid, "confirmed_at" TIMESTAMP(3) WITH TIME ZONE, "reopen_reason" text, "chosen_solution_id" uuid, "choice_reason" text, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_root_cause_analyses_status" CHECK ("status" IN ('draft', 'submitted', 'confirmed')), CONSTRAINT "pk_root_cause_analyses" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_root_cause_analyses_complaint" ON "root_cause_analyses" ("complaint_id") `);
    await queryRunner.query(`CREATE INDEX "ix_root_cause_analyses_confirmed_at" ON "root_cause_analyses" ("confirmed_at", "category") WHERE status = 'confirmed'`);

    await queryRunner.query(
      `CREATE TABLE "root_cause_analysis_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "analysis_id" uuid NOT NULL, "version" integer NOT NULL, "step" character varying(24) NOT NULL, "status" character varying(16) NOT NULL, "content" jsonb NOT NULL, "why_changes" jsonb NOT NULL DEFAULT '[]', "changed_fields" jsonb NOT NULL DEFAULT '[]', "reason" text, "actor_type" character varying(16) NOT NULL, "actor_id" uuid, "actor_name" character varying(200), "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "pk_root_cause_analysis_versions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_root_cause_analysis_versions_version" ON "root_cause_analysis_versions" ("analysis_id", "version") `);

    await queryRunner.query(
      `CREATE TABLE "root_cause_solutions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "analysis_id" uuid NOT NULL, "description" text NOT NULL, "risk" smallint NOT NULL, "timing" smallint NOT NULL, "resources" smallint NOT NULL, "effort" smallint NOT NULL, "score" numeric(4,1) NOT NULL, "proposed_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_root_cause_solutions_ratings" CHECK ("risk" BETWEEN 1 AND 5 AND "timing" BETWEEN 1 AND 5 AND "resources" BETWEEN 1 AND 5 AND "effort" BETWEEN 1 AND 5), CONSTRAINT "pk_root_cause_solutions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_root_cause_solutions_analysis" ON "root_cause_solutions" ("analysis_id", "created_at") `);

    await queryRunner.query(
      `CREATE TABLE "problems" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(300) NOT NULL, "description" text, "category" character varying(48) NOT NULL, "root_cause" text, "status" character varying(16) NOT NULL DEFAULT 'open', "search" tsvector NOT NULL, "created_by" uuid, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_problems_status" CHECK ("status" IN ('open', 'resolved', 'closed')), CONSTRAINT "pk_problems" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_problems_category_created_at" ON "problems" ("category", "created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_problems_status_category_created_at" ON "problems" ("status", "category", "created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_problems_created_at_id" ON "problems" ("created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_problems_search" ON "problems" USING gin ("search")`);

    await queryRunner.query(
      `CREATE TABLE "problem_complaints" ("problem_id" uuid NOT NULL, "complaint_id" uuid NOT NULL, "linked_by" uuid, "linked_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "pk_problem_complaints" PRIMARY KEY ("problem_id", "complaint_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_problem_complaints_complaint" ON "problem_complaints" ("complaint_id") `);
    await queryRunner.query(`CREATE INDEX "ix_problem_complaints_linked_at" ON "problem_complaints" ("linked_at") `);

    await queryRunner.query(
      `CREATE TABLE "root_cause_actions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "analysis_id" uuid, "problem_id" uuid, "complaint_id" uuid, "kind" character varying(16) NOT NULL, "description" text NOT NULL, "owner_id" uuid NOT NULL, "due_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "created_by" uuid, "done_at" TIMESTAMP(3) WITH TIME ZONE, "verified_by" uuid, "verified_at" TIMESTAMP(3) WITH TIME ZONE, "notified_at" TIMESTAMP(3) WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_root_cause_actions_status" CHECK ("status" IN ('open', 'in_progress', 'done', 'verified')), CONSTRAINT "chk_root_cause_actions_kind" CHECK ("kind" IN ('corrective', 'preventive')), CONSTRAINT "chk_root_cause_actions_target" CHECK (("analysis_id" IS NULL) <> ("problem_id" IS NULL)), CONSTRAINT "pk_root_cause_actions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_root_cause_actions_analysis" ON "root_cause_actions" ("analysis_id") `);
    await queryRunner.query(`CREATE INDEX "ix_root_cause_actions_problem" ON "root_cause_actions" ("problem_id") `);
    await queryRunner.query(`CREATE INDEX "ix_root_cause_actions_due_unnotified" ON "root_cause_actions" ("due_at") WHERE notified_at IS NULL AND status IN ('open', 'in_progress')`);
    await queryRunner.query(`CREATE INDEX "ix_root_cause_actions_open_due" ON "root_cause_actions" ("due_at", "id") WHERE status IN ('open', 'in_progress')`);
    await queryRunner.query(`CREATE INDEX "ix_root_cause_actions_due_id" ON "root_cause_actions" ("due_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_root_cause_actions_owner_due" ON "root_cause_actions" ("owner_id", "due_at", "id") `);

    await queryRunner.query(
      `CREATE TABLE "knowledge_articles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "analysis_id" uuid, "complaint_id" uuid, "title" character varying(300) NOT NULL, "symptom" text NOT NULL, "cause" text NOT NULL, "fix" text NOT NULL, "front_desk_explanation" text NOT NULL, "category" character varying(48) NOT NULL, "complaint_category" character varying(24), "search" tsvector NOT NULL, "published_by" uuid, "published_by_name" character varying(200), "version" integer NOT NULL DEFAULT '1', "published_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_knowledge_articles" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_knowledge_articles_analysis" ON "knowledge_articles" ("analysis_id") `);
    await queryRunner.query(`CREATE INDEX "ix_knowledge_articles_published_at_id" ON "knowledge_articles" ("published_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_knowledge_articles_search" ON "knowledge_articles" USING gin ("search")`);

    await queryRunner.query(`ALTER TABLE "root_cause_analyses" ADD CONSTRAINT "fk_root_cause_analyses_complaint" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "root_cause_analysis_versions" ADD CONSTRAINT "fk_root_cause_analysis_versions_analysis" FOREIGN KEY ("analysis_id") REFERENCES "root_cause_analyses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "root_cause_solutions" ADD CONSTRAINT "fk_root_cause_solutions_analysis" FOREIGN KEY ("analysis_id") REFERENCES "root_cause_analyses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "root_cause_actions" ADD CONSTRAINT "fk_root_cause_actions_analysis" FOREIGN KEY ("analysis_id") REFERENCES "root_cause_analyses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "root_cause_actions" ADD CONSTRAINT "fk_root_cause_actions_problem" FOREIGN KEY ("problem_id") REFERENCES "problems"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "problem_complaints" ADD CONSTRAINT "fk_problem_complaints_problem" FOREIGN KEY ("problem_id") REFERENCES "problems"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "problem_complaints" ADD CONSTRAINT "fk_problem_complaints_complaint" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "knowledge_articles"`);
    await queryRunner.query(`DROP TABLE "root_cause_actions"`);
    await queryRunner.query(`DROP TABLE "problem_complaints"`);
    await queryRunner.query(`DROP TABLE "problems"`);
    await queryRunner.query(`DROP TABLE "root_cause_solutions"`);
    await queryRunner.query(`DROP TABLE "root_cause_analysis_versions"`);
    await queryRunner.query(`DROP TABLE "root_cause_analyses"`);
  }
}
