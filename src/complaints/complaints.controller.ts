import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, CurrentActor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { KnowledgeService } from '../knowledge/knowledge.service';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../common/pagination/cursor';
import { ComplaintsService } from './complaints.service';
import { ComplaintListItem, ComplaintPage, ComplaintResponse, TimelinePage } from './dto/complaint.response';
import { ListComplaintsQueryDto } from './dto/list-complaints.query.dto';
import { TimelineService } from './timeline.service';

/** Reads of complaints. Intake and changes are the workflow module's routes. */
@ApiTags('complaints')
@Controller('api/v1/complaints')
export class ComplaintsController {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly timeline: TimelineService,
    private readonly knowledge: KnowledgeService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List and look up complaints (投诉列表与查询)',
    description:
      'Filters combine; `?phone=` finds the complaints of the customer with that phone or externalRef, `?reference=` one complaint. `assigneeId=me` / `takenInBy=me` mean the caller. Each item carries its owner, what was promised and by when, and the last customer-visible note.',
  })
  list(@Query() query: ListComplaintsQueryDto, @CurrentActor() actor: Actor): Promise<ComplaintPage> {
    return this.complaints.list(query, actor);
  }

  @Get('by-reference/:reference')
  @ApiOperation({ summary: 'A complaint by its reference (按投诉编号查询)', description: 'As lists show it: status, owner, promise and the last customer-visible note. 404 when no complaint has it.' })
  byReference(@Param('reference') reference: string): Promise<ComplaintListItem> {
    if (!/^[A-Za-z0-9-]{1,32}$/.test(reference)) throw AppException.validation([{ field: 'reference', message: 'reference must be 1 to 32 letters, digits and dashes' }]);
    return this.complaints.byReference(reference);
  }

  /** The complaint, with the knowledge articles that match it (`knowledge`: what the front desk should say). */
  @Get(':id')
  @ApiOperation({ summary: 'Get a complaint', description: 'The complaint; its version is also in the ETag header (send it back as If-Match).' })
  async get(@Param('id', UuidParamPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<ComplaintResponse> {
    const complaint = await this.complaints.get(id);
    res.setHeader('ETag', `"${complaint.version}"`);
    return { ...complaint, knowledge: await this.knowledge.suggest(null, complaint) };
  }

  /** The complaint's history, oldest first. */
  @Get(':id/timeline')
  @ApiOperation({ summary: "A complaint's timeline", description: "The complaint's history, oldest first: one event per change." })
  async timelineOf(@Param('id', UuidParamPipe) id: string, @Query() query: PageQueryDto): Promise<TimelinePage> {
    await this.complaints.exists(id);
    return this.timeline.list(id, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }
}
