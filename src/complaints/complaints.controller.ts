import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../common/pagination/cursor';
import { ComplaintsService } from './complaints.service';
import { ComplaintPage, ComplaintResponse, TimelinePage } from './dto/complaint.response';
import { ListComplaintsQueryDto } from './dto/list-complaints.query.dto';
import { TimelineService } from './timeline.service';

/** Reads of complaints. Intake and changes are the workflow module's routes. */
@ApiTags('complaints')
@Controller('api/v1/complaints')
export class ComplaintsController {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly timeline: TimelineService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List complaints', description: 'Complaints newest first, filtered by the query parameters.' })
  list(@Query() query: ListComplaintsQueryDto): Promise<ComplaintPage> {
    return this.complaints.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a complaint', description: 'The complaint; its version is also in the ETag header (send it back as If-Match).' })
  async get(@Param('id', UuidParamPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<ComplaintResponse> {
    const complaint = await this.complaints.get(id);
    res.setHeader('ETag', `"${complaint.version}"`);
    return complaint;
  }

  /** The complaint's history, oldest first. */
  @Get(':id/timeline')
  @ApiOperation({ summary: "A complaint's timeline", description: "The complaint's history, oldest first: one event per change." })
  async timelineOf(@Param('id', UuidParamPipe) id: string, @Query() query: PageQueryDto): Promise<TimelinePage> {
    await this.complaints.exists(id);
    return this.timeline.list(id, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }
}
