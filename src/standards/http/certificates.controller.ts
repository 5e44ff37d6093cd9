import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentActor, Permission } from '../../identity/auth.guard.js';
import type { Actor, Role } from '../../identity/roles.js';
import { commandContextOf } from '../../http/request-context.js';
import { ActOnCertificateCommand, type CertificateStep, type CertificateStepResult } from '../commands/act-on-certificate.command.js';
import type { StandardRegistryView } from '../projections/standards-registry.projection.js';
import { GetStandardQuery, ListStandardsQuery } from '../queries/standards-registry.query.js';
import { CertificateReasonsDto, FileChangeDto, ListStandardsQueryDto, SealCertificateDto } from './certificates.dto.js';

/**
 * The certificate's side steps, each on the certificate issued by a case (its stream:
 * certificate-<caseId>). Each answers 200 with the certificate's new status and the events recorded;
 * a step the certificate's state does not allow answers 409 with the rule that refused it.
 */
@ApiTags('certificates (计量标准考核证书)')
@ApiBearerAuth()
@Controller('api/v1/certificates/:caseId')
export class CertificatesController {
  constructor(private readonly commandBus: CommandBus) {}

  private act(step: CertificateStep, actor: Actor, role: Role, request: Request, onBehalfOfInstitution?: string): Promise<CertificateStepResult> {
    return this.commandBus.execute(new ActOnCertificateCommand(step, commandContextOf(request, actor, role), onBehalfOfInstitution));
  }

  @Post('sealing')
  @HttpCode(200)
  @Permission('certificates.seal')
  @ApiOperation({ summary: "Record the holder's application to seal the standard (封存); only an approved re-examination unseals it" })
  seal(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: SealCertificateDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'SealCertificate', caseId, reason: body.reason }, actor, 'secretariat', req);
  }

  @Post('revocation')
  @HttpCode(200)
  @Permission('certificates.revoke')
  @ApiOperation({ summary: 'Revoke the certificate (撤销), with the reasons; it never expires later' })
  revoke(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: CertificateReasonsDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'RevokeCertificate', caseId, reasons: body.reasons }, actor, 'secretariat', req);
  }

  @Post('cancellation')
  @HttpCode(200)
  @Permission('certificates.cancel')
  @ApiOperation({ summary: 'Cancel the certificate (注销) after a failed supervision check and a failed rectification, with the reasons' })
  cancel(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: CertificateReasonsDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'CancelCertificate', caseId, reasons: body.reasons }, actor, 'secretariat', req);
  }

  @Post('changes')
  @HttpCode(200)
  @Permission('certificates.file-change')
  @ApiOperation({ summary: 'File a change of the standard for record (变更备案); a worse uncertainty or a changed range needs a new assessment (409)' })
  fileChange(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: FileChangeDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    const change = { description: body.description, uncertainty: body.uncertainty, rangeChanged: body.rangeChanged };
    return this.act({ type: 'FileChange', caseId, change }, actor, 'institution', req, actor.institutionId ?? '');
  }
}

/** 计量标准档案: the standards registry, one row per standard lineage. */
@ApiTags('standards registry (计量标准档案)')
@ApiBearerAuth()
@Controller('api/v1/standards')
export class StandardsRegistryController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Permission('standards.list')
  @ApiOperation({ summary: 'The certified standards visible to the caller, filtered by status, category, holder or expiry' })
  list(@CurrentActor() actor: Actor, @Query() query: ListStandardsQueryDto): Promise<StandardRegistryView[]> {
    const { comparisonFollowUpOpen, ...filter } = query;
    return this.queryBus.execute(new ListStandardsQuery(actor, { ...filter, ...(comparisonFollowUpOpen ? { comparisonFollowUpOpen: comparisonFollowUpOpen === 'true' } : {}) }));
  }

  @Get(':id')
  @Permission('standards.read')
  @ApiOperation({ summary: 'One standard: its current certificate, the chain of certificates and the changes filed (id: the case of its first certificate)' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor): Promise<StandardRegistryView> {
    return this.queryBus.execute(new GetStandardQuery(id, actor));
  }
}
