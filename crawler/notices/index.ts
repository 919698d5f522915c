/**
 * Notices from cases: a case's confirmed listings checked by the accuracy gate, composed into
 * a regime's notice (shared/notices builds it), sent through the SMTP outbox, answered, and
 * countered on a statutory clock with the holder reminded.
 */
export { createNoticeForCase, NoticeRefusedError, reviseNoticeDraft } from './create-notice';
export { holderReadiness } from './readiness';
export { NoCounterClockError, recordCounterNotice } from './counter-notices';
export { deliverDue, sendCounterNoticeReminders, smtpTransport } from './delivery';
export { evidencePackageOf, type PackageManifest, type PackageStore } from './evidence-package';
