import { BadRequestException, Controller, Get, Header, Inject, Param, ParseUUIDPipe, Query, Res, type PipeTransform } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { Permission } from '../../identity/auth.guard.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import { caseEventsCsv, caseEvidenceToJsonLines, collectCaseEvidence, verifyCase, type CaseVerificationReport } from '../case-evidence.js';
import {
  attachedUploads,
  caseEvents,
  caseHistory,
  caseStateAt,
  caseStreams,
  changedPaths,
  CASE_KINDS,
  historyEntry,
  isCaseKind,
  type CaseHistory,
  type CaseKind,
  type CaseStateAt,
  type ChangedPath,
} from '../case-history.js';
import { StateAtQueryDto, StateDiffQueryDto } from './case-history.dto.js';

class CaseKindPipe implements PipeTransform<string, CaseKind> {
  transform(value: string): CaseKind {
    if (!isCaseKind(value)) throw new BadRequestException(`kind must be one of ${CASE_KINDS.join(', ')}`);
    return value;
  }
}

/** An instant the store can compare with: rejects what the ISO check lets through but Date cannot represent. */
function instant(name: string, value: string): string {
  const ms = Date.parse(value);
  const iso = Number.isFinite(ms) ? new Date(ms).toISOString() : '';
  // Recorded instants compare as text: only years 0000 to 9999 are written the same way.
  if (!/^\d{4}-/.test(iso)) throw new BadRequestException(`${name} is not a representable instant`);
  return iso;
}

const KIND_PARAM = { name: 'kind', enum: CASE_KINDS, description: 'assessment, comparison, specification, or standard (a certificate lineage, by any of its cases)' };

/**
 * 案件审计 (the auditor's view of a case): any case's history with who acted under which policy and
 * calendar and whether each time limit was kept, its state replayed to a moment and the difference
 * between two moments, a verification of every stream that records it, and its evidence as JSON
 * lines (for scripts/verify-evidence.mjs) or CSV (for people). Read-only.
 */
@ApiTags('audit (审计)')
@ApiBearerAuth()
@Controller('api/v1/audit/cases/:kind/:id')
export class CaseHistoryController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('history')
  @Permission('audit.case-history')
  @ApiParam(KIND_PARAM)
  @ApiOperation({ summary: "The case's events in order (actor, role, institution, correlation, policy and calendar versions, hashes) and its time limits, kept or not" })
  async history(@Param('kind', new CaseKindPipe()) kind: CaseKind, @Param('id', new ParseUUIDPipe()) id: string): Promise<CaseHistory> {
    const streams = await caseStreams(this.store, kind, id);
    const events = await caseEvents(this.store, streams);
    const history = caseHistory({ kind, id }, streams, events, this.clock.now());
    if (kind === 'assessment' || kind === 'standard') history.documentUploads = (await attachedUploads(this.store, events)).map(historyEntry);
    return history;
  }

  @Get('state')
  @Permission('audit.case-state')
  @ApiParam(KIND_PARAM)
  @ApiOperation({ summary: 'The state as it was at a moment: the events recorded at or before `at`, folded by the process, and the last one applied' })
  async state(@Param('kind', new CaseKindPipe()) kind: CaseKind, @Param('id', new ParseUUIDPipe()) id: string, @Query() query: StateAtQueryDto): Promise<CaseStateAt> {
    const at = instant('at', query.at);
    return caseStateAt(this.store, { kind, id }, await caseStreams(this.store, kind, id), at);
  }

  @Get('state-diff')
  @Permission('audit.case-state')
  @ApiParam(KIND_PARAM)
  @ApiOperation({ summary: 'The state at two moments and every path that changed between them' })
  async stateDiff(
    @Param('kind', new CaseKindPipe()) kind: CaseKind,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: StateDiffQueryDto,
  ): Promise<{ from: CaseStateAt; to: CaseStateAt; changes: ChangedPath[] }> {
    const [fromAt, toAt] = [instant('from', query.from), instant('to', query.to)];
    const streams = await caseStreams(this.store, kind, id);
    const from = await caseStateAt(this.store, { kind, id }, streams, fromAt);
    const to = await caseStateAt(this.store, { kind, id }, streams, toAt);
    return { from, to, changes: changedPaths(from.state, to.state) };
  }

  @Get('verify')
  @Permission('audit.case-verify')
  @ApiParam(KIND_PARAM)
  @ApiOperation({ summary: 'Verify every stream of the case; 200 with ok:false and the first broken link when the record was altered' })
  async verify(@Param('kind', new CaseKindPipe()) kind: CaseKind, @Param('id', new ParseUUIDPipe()) id: string): Promise<CaseVerificationReport> {
    return verifyCase(this.store, { kind, id }, await caseStreams(this.store, kind, id));
  }

  @Get('export')
  @Permission('audit.case-export')
  @Header('Content-Type', 'application/x-ndjson')
  @ApiProduces('application/x-ndjson')
  @ApiParam(KIND_PARAM)
  @ApiOperation({ summary: "The case's evidence as JSON lines: a case header, then per stream its header, events as hashed and covering anchors (node scripts/verify-evidence.mjs checks it)" })
  async export(@Param('kind', new CaseKindPipe()) kind: CaseKind, @Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const evidence = await collectCaseEvidence(this.store, { kind, id }, await caseStreams(this.store, kind, id), () => this.clock.now());
    res.setHeader('Content-Disposition', `attachment; filename="${kind}-${id}.jsonl"`);
    return caseEvidenceToJsonLines(evidence);
  }

  @Get('export.csv')
  @Permission('audit.case-export')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiParam(KIND_PARAM)
  @ApiOperation({ summary: "The case's events for people as CSV (UTF-8 with BOM, headings in English and zh-CN): time, stream, revision, type, actor, role, institution, policy, hash" })
  async exportCsv(@Param('kind', new CaseKindPipe()) kind: CaseKind, @Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const events = await caseEvents(this.store, await caseStreams(this.store, kind, id));
    res.setHeader('Content-Disposition', `attachment; filename="${kind}-${id}.csv"`);
    return caseEventsCsv(events);
  }
}
