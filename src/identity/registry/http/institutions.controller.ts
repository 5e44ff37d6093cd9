import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, Permission } from '../../auth.guard.js';
import type { Actor } from '../../roles.js';
import { RegisterInstitutionCommand, type RegisterInstitutionResult } from '../commands/register-institution.command.js';
import { UpdateInstitutionCommand } from '../commands/update-institution.command.js';
import type { InstitutionView } from '../projections/registry.projection.js';
import { GetInstitutionQuery, ListInstitutionsQuery } from '../queries/get-registry.query.js';
import { RegisterInstitutionDto, UpdateInstitutionDto } from './institution.dto.js';
import { commandContext } from './registry-http.js';
import { RegistryIdPipe } from './registry-validators.js';

@ApiTags('registry: institutions (机构库)')
@ApiBearerAuth()
@Controller('api/v1/registry/institutions')
export class InstitutionsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @Permission('registry.institutions.register')
  @ApiOperation({ summary: 'Register an institution under its unified social credit code, which becomes its id' })
  async register(
    @Body() body: RegisterInstitutionDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RegisterInstitutionResult> {
    const result = await this.commandBus.execute(new RegisterInstitutionCommand(body.uscc, body.name, body.division, body.kind, commandContext(actor, 'admin', request)));
    response.location(`/api/v1/registry/institutions/${result.institutionId}`);
    return result;
  }

  @Patch(':institutionId')
  @Permission('registry.institutions.update')
  @ApiOperation({ summary: "Change an institution's name, division or kind; only what differs is recorded" })
  async update(
    @Param('institutionId', RegistryIdPipe) institutionId: string,
    @Body() body: UpdateInstitutionDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<{ institutionId: string; alreadyRecorded: boolean }> {
    const result = await this.commandBus.execute(new UpdateInstitutionCommand(institutionId, { ...body }, commandContext(actor, 'admin', request)));
    return { institutionId, ...result };
  }

  @Get()
  @Permission('registry.read')
  @ApiOperation({ summary: 'Every registered institution' })
  list(): Promise<InstitutionView[]> {
    return this.queryBus.execute(new ListInstitutionsQuery());
  }

  @Get(':institutionId')
  @Permission('registry.read')
  @ApiOperation({ summary: 'One institution, as the read model holds it' })
  get(@Param('institutionId', RegistryIdPipe) institutionId: string): Promise<InstitutionView> {
    return this.queryBus.execute(new GetInstitutionQuery(institutionId));
  }
}
