import { ActOnCertificateHandler } from './commands/act-on-certificate.handler.js';
import { EscalateRenewalHandler } from './commands/escalate-renewal.handler.js';
import { RecordRenewalHandler } from './commands/record-renewal.handler.js';
import { CertificatesController, StandardsRegistryController } from './http/certificates.controller.js';
import { StandardsRegistryProjection } from './projections/standards-registry.projection.js';
import { GetStandardHandler, ListStandardsHandler } from './queries/standards-registry.handler.js';

/**
 * The certificate's whole life after its issue, registered by StandardsModule: its side steps and
 * renewal (commands), the standards registry (计量标准档案: projection and queries), and their HTTP edge.
 */
export const CERTIFICATE_CONTROLLERS = [CertificatesController, StandardsRegistryController];
export const CERTIFICATE_PROVIDERS = [ActOnCertificateHandler, EscalateRenewalHandler, RecordRenewalHandler, ListStandardsHandler, GetStandardHandler, StandardsRegistryProjection];
