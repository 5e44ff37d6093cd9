import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../shared/command-context.js';
import type { CertificateCommand, CertificateStatus } from '../domain/certificate.js';

/** A step on a certificate taken by a person over HTTP: sealing, revocation, cancellation (the authority), a change filed (the holder). */
export type CertificateStep = Extract<CertificateCommand, { type: 'SealCertificate' | 'RevokeCertificate' | 'CancelCertificate' | 'FileChange' }>;

export interface CertificateStepResult {
  caseId: string;
  certificateNo: string;
  status: CertificateStatus;
  /** Type and global position of each event the step recorded. */
  recorded: { type: string; globalPosition: number }[];
  alreadyRecorded: boolean;
}

export class ActOnCertificateCommand extends Command<CertificateStepResult> {
  constructor(
    readonly step: CertificateStep,
    readonly context: CommandContext,
    /** The holder's steps are on its own certificates: another holder's answers as absent. */
    readonly onBehalfOfInstitution?: string,
  ) {
    super();
  }
}
