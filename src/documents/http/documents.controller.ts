import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Req,
  Res,
  StreamableFile,
  UnsupportedMediaTypeException,
  UploadedFile,
  UseInterceptors,
  type PipeTransform,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DOCUMENT_KINDS } from '../../../events/document.events.js';
import { requestContext } from '../../http/request-context.js';
import { CurrentActor, Permission } from '../../identity/auth.guard.js';
import type { Actor } from '../../identity/roles.js';
import { UploadDocumentCommand, type UploadDocumentResult } from '../commands/upload-document.command.js';
import { SHA256_HEX } from '../document-store.port.js';
import { ACCEPTED_CONTENT_TYPES, contentTypeEssence, isAcceptedContentType } from '../domain/upload-rules.js';
import { GetDocumentQuery } from '../queries/get-document.query.js';
import { contentDisposition, digestHeaders } from './download-headers.js';
import { RequireMultipartInterceptor } from './require-multipart.interceptor.js';
import { UploadDocumentDto } from './upload-document.dto.js';

/** The part of multer's file record the upload reads (memory storage). */
interface UploadedPart {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** A SHA-256 in hex, either case; 400 otherwise. */
class ParseSha256Pipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const sha256 = String(value).toLowerCase();
    if (!SHA256_HEX.test(sha256)) throw new BadRequestException('A document is addressed by the SHA-256 of its content: 64 hexadecimal digits.');
    return sha256;
  }
}

/**
 * 申报材料: the documents an institution files for its assessment cases. Uploads are multipart
 * forms (this is the one route that accepts a body other than JSON, see src/app.setup.ts);
 * downloads are verified against their SHA-256 before a byte is sent.
 */
@ApiTags('documents (申报材料)')
@ApiBearerAuth()
@Controller('api/v1/documents')
export class DocumentsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @Permission('documents.upload')
  @UseInterceptors(RequireMultipartInterceptor, FileInterceptor('file'))
  @ApiOperation({ summary: 'Upload a document (multipart/form-data: file, kind); the same content, name and kind again records nothing and answers the original' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: {
        file: { type: 'string', format: 'binary', description: `The document; accepted types: ${ACCEPTED_CONTENT_TYPES.join(', ')}` },
        kind: { type: 'string', enum: [...DOCUMENT_KINDS] },
      },
    },
  })
  async upload(
    @UploadedFile() file: UploadedPart | undefined,
    @Body() body: UploadDocumentDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Omit<UploadDocumentResult, 'alreadyRecorded'>> {
    if (!actor.institutionId) throw new BadRequestException('the token names no institution (claim institutionId); a document is filed on behalf of one');
    if (!file) throw new BadRequestException('The form has no file: send the document in the field "file".');
    if (file.size === 0 || file.buffer.length === 0) throw new BadRequestException('The file is empty.');
    if (!isAcceptedContentType(file.mimetype)) {
      throw new UnsupportedMediaTypeException(`Files of type "${contentTypeEssence(file.mimetype) || 'none'}" are not accepted; accepted: ${ACCEPTED_CONTENT_TYPES.join(', ')}.`);
    }
    const { correlationId, requestId } = requestContext(request);
    const result = await this.commandBus.execute(
      new UploadDocumentCommand(file.buffer, file.originalname, body.kind, contentTypeEssence(file.mimetype), {
        actorId: actor.id,
        role: 'institution',
        institutionId: actor.institutionId,
        correlationId,
        requestId,
      }),
    );
    response.location(`/api/v1/documents/${result.sha256}`);
    return { sha256: result.sha256, name: result.name, kind: result.kind, size: result.size };
  }

  @Get(':sha256')
  @Permission('documents.read')
  @ApiOperation({ summary: "A document's content, verified against its SHA-256 (uploader, secretariat, auditor, admin, an assessor of a case it is attached to; anyone else: 404)" })
  @ApiParam({ name: 'sha256', description: 'SHA-256 of the content, 64 hexadecimal digits' })
  @ApiProduces('application/octet-stream')
  async download(@Param('sha256', new ParseSha256Pipe()) sha256: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const document = await this.queryBus.execute(new GetDocumentQuery(sha256, actor));
    response.set({
      'Content-Type': document.contentType,
      'Content-Length': String(document.content.length),
      'Content-Disposition': contentDisposition(document.name),
      'Cache-Control': 'private, no-cache',
      ...digestHeaders(document.sha256),
    });
    return new StreamableFile(document.content);
  }
}
