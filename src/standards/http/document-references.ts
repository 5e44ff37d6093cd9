import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches } from 'class-validator';
import { SHA256_HEX } from '../../documents/document-store.port.js';

/** Most documents one step may reference. */
export const MAX_DOCUMENT_REFERENCES = 100;

/** An example reference for the API document: the SHA-256 of "test". */
export const EXAMPLE_DOCUMENT_REFERENCE = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

/**
 * A list of document references: the SHA-256 (64 lowercase hex digits) of documents the caller's
 * institution uploaded (POST /api/v1/documents). Whether each names such a document is checked
 * by the handler, which answers 422 naming those that do not.
 */
export const DocumentReferences = (minItems = 0) =>
  applyDecorators(
    IsArray(),
    ArrayMinSize(minItems),
    ArrayMaxSize(MAX_DOCUMENT_REFERENCES),
    IsString({ each: true }),
    Matches(SHA256_HEX, { each: true, message: 'each entry of $property must be the SHA-256 of an uploaded document: 64 lowercase hexadecimal digits' }),
  );
