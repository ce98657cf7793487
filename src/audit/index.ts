/** What other modules may use of audit (decision 0019): the log every module writes its changes and refusals to, and reads back for the audit page. */
export { listAuditEntries, type AuditFilter } from './audit.repository.ts';
export { auditAtEnd, recordAudit, type AuditActor, type HeldAudits } from './record-audit.ts';
