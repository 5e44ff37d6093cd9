import { ApiProperty } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { DocumentReferences } from './document-references.js';

/** A resubmission after a supplement notice, with the documents it supplies (optional; no body at all is a resubmission without documents). */
export class ResubmissionDto {
  @ApiProperty({
    required: false,
    type: [String],
    example: [],
    description: 'SHA-256 of documents your institution uploaded (POST /api/v1/documents) that the supplement notice asked for, at most 100',
  })
  @IsOptional()
  @DocumentReferences()
  documents?: string[];
}
