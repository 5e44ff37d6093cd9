import { Module } from '@nestjs/common';
import { IntegrityController } from './http/integrity.controller.js';

/** Integrity of the hash-chained record: verification, anchors and evidence export (see IntegrityController). */
@Module({ controllers: [IntegrityController] })
export class AuditModule {}
