export { checkListings, type GateListing, type GateRefusal } from './accuracy-gate';
export { composeNoticeInput, type NoticeRequest } from './compose';
export { createNoticeForCase, NoticeRefusedError } from './create-notice';
export { COUNTER_CLOCK, createCounterNoticeRepository, NoCounterClockError, type CounterNoticeRecord, type CounterNoticeRepository } from './counter-notice-repo';
export { deliverDue, sendCounterNoticeReminders, smtpTransport, type DeliveryOptions } from './delivery';
export { AlreadyNoticedError, createNoticeRepository, NOTICE_OUTCOMES, NOTICE_STATES, NoticeStateError, type Channel, type NoticeRecord, type NoticeRepository } from './notice-repo';
