import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { zhEnExamples } from '../common/http/api-examples';
import { AnalyzeTriageDto } from './dto/analyze-triage.dto';
import { TriageAnalysisResponseDto } from './dto/triage-analysis.dto';
import { ListCorrectionsQueryDto, TriageCorrectionPageDto } from './dto/triage-correction.dto';
import { TriageService } from './triage.service';

@ApiTags('triage')
@Controller('api/v1/triage')
export class TriageController {
  constructor(private readonly triage: TriageService) {}

  /** Reads emotional and rational needs, risk flags and intensity from Chinese, English or mixed text, with handling guidance. */
  @Post('analyze')
  @ApiOperation({ summary: 'Analyse a text', description: 'Reads emotional and rational needs, risk flags and intensity from Chinese, English or mixed text, with handling guidance. Stores nothing.' })
  @ApiBody({
    type: AnalyzeTriageDto,
    examples: zhEnExamples(
      { text: '我已经第三次来了，你们根本不当回事！再不解决我就携号转网。', customerTier: 'gold', lang: 'zh' },
      { text: 'This is the third time I have called and nobody fixes it. I want a refund or I will report you to the regulator.', customerTier: 'platinum', lang: 'en' },
    ),
  })
  @HttpCode(200)
  analyze(@Body() dto: AnalyzeTriageDto): TriageAnalysisResponseDto {
    return this.triage.analyze(dto);
  }

  /** Staff corrections of triage suggestions, newest first: what to improve in the lexicon. */
  @Get('corrections')
  @ApiOperation({ summary: 'List triage corrections', description: 'Staff corrections of triage suggestions, newest first: what to improve in the lexicon.' })
  corrections(@Query() query: ListCorrectionsQueryDto): Promise<TriageCorrectionPageDto> {
    return this.triage.listCorrections(query);
  }
}
