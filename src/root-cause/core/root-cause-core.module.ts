import { Module } from '@nestjs/common';
import { RootCauseRules } from './root-cause-rules.service';

/**
 * The part of the root-cause module the complaint workflow calls (the close rule). It imports
 * nothing above the database, so the workflow can import it while the root-cause module, which
 * runs its complaint changes through the workflow, sits above both.
 */
@Module({ providers: [RootCauseRules], exports: [RootCauseRules] })
export class RootCauseCoreModule {}
