/**
 * Notices from cases: a case's confirmed listings checked by the accuracy gate, composed into
 * a regime's notice (shared/notices builds it), sent through the SMTP outbox, answered, and
 * countered on a statutory clock with the holder reminded.
 */
export { checkListings, type GateListing, type GateRefusal } from './accuracy-gate';
export { composeNoticeInput, type NoticeRequest } from './compose';
export { createNoticeForCase, NoticeRefusedError } from './create-notice';
export { NoCounterClockError, recordCounterNotice } from './counter-notices';
export { deliverDue, sendCounterNoticeReminders, smtpTransport, type DeliveryOptions } from './delivery';
export {
  AlreadyNoticedError,
  NOTICE_OUTCOMES,
  NOTICE_STATES,
  NoticeStateError,
  type Channel,
  type CounterNoticeRecord,
  type CounterNoticeRepository,
  type NoticeRecord,
  type NoticeRepository,
} from '../store';
