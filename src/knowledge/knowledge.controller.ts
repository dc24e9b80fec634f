import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { KnowledgeArticleResponse, KnowledgePage, SearchKnowledgeQueryDto } from './dto/knowledge.dto';
import { KnowledgeService } from './knowledge.service';

@ApiTags('knowledge')
@Controller('api/v1/knowledge')
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeService) {}

  @Get()
  @ApiOperation({
    summary: 'Search the knowledge base / 搜索知识库',
    description:
      'Chinese or English, ranked: `?q=断网` finds an article that says 宽带晚间断网, `?q=broadband` one that says "Broadband drops". ' +
      'Without `q`, the newest articles first. The front desk reads the `frontDeskExplanation` to the customer.',
  })
  search(@Query() query: SearchKnowledgeQueryDto): Promise<KnowledgePage> {
    return this.knowledge.search(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One knowledge article / 知识文章' })
  get(@Param('id', UuidParamPipe) id: string): Promise<KnowledgeArticleResponse> {
    return this.knowledge.get(id);
  }
}
