import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ASSESSMENT_KINDS, type AssessmentKind } from '../../../events/assessment.events.js';
import { DocumentReferences, EXAMPLE_DOCUMENT_REFERENCE } from './document-references.js';

export class CompletenessDto {
  @ApiProperty({ enum: ASSESSMENT_KINDS, example: 'NEW' })
  @IsIn(ASSESSMENT_KINDS as unknown as string[])
  kind!: AssessmentKind;

  @ApiProperty({ type: [String], example: [EXAMPLE_DOCUMENT_REFERENCE], description: 'SHA-256 of documents the caller uploaded (at most 100)' })
  @DocumentReferences()
  documents!: string[];
}
