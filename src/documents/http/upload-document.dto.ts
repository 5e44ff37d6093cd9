import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { DOCUMENT_KINDS, type DocumentKind } from '../../../events/document.events.js';

/** The text fields of the multipart upload form (the file comes in the field `file`). */
export class UploadDocumentDto {
  @ApiProperty({ enum: DOCUMENT_KINDS, example: 'TECHNICAL_REPORT', description: 'What the document is (材料类别)' })
  @IsIn(DOCUMENT_KINDS as unknown as string[])
  kind!: DocumentKind;
}
