import { Module } from '@nestjs/common';
import { CaseHistoryController } from './http/case-history.controller.js';
import { IntegrityController } from './http/integrity.controller.js';

/**
 * Integrity of the hash-chained record: verification, anchors and evidence export (see
 * IntegrityController); a case's history, replay, verification and evidence (see CaseHistoryController).
 */
@Module({ controllers: [IntegrityController, CaseHistoryController] })
export class AuditModule {}
