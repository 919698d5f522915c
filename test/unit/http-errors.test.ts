/**
 * The one error → HTTP table (crawler/api/errors.ts): each known error's status and code; anything else is not answered
 * from it.
 */
import { describe, expect, it } from 'vitest';
import { ApiError, httpAnswer } from '../../crawler/api/errors';
import { NoAddresseeError } from '../../crawler/blocking';
import { NoCounterClockError, NoticeRefusedError } from '../../crawler/notices';
import {
  AlreadyNoticedError,
  CaseRuleError,
  EvidenceHashMismatchError,
  NoticeStateError,
  UnknownHolderError,
} from '../../crawler/store';

/** A listing the accuracy gate refused because an open notice already names it. */
const open = (url: string) => ({ url, hitId: 1, code: 'already_noticed' as const, reason: 'still open' });

describe('error → HTTP answer', () => {
  it.each([
    [new ApiError(403, 'forbidden', 'no'), 403, 'forbidden', undefined],
    [new EvidenceHashMismatchError('a'.repeat(64), 'b'.repeat(64)), 422, 'evidence_hash_mismatch', 'sha256'],
    [new CaseRuleError('not_found', 'no case'), 404, 'not_found', undefined],
    [new CaseRuleError('hit_not_confirmed', 'not confirmed', 'hitIds'), 422, 'hit_not_confirmed', 'hitIds'],
    [new UnknownHolderError('h'), 422, 'invalid_holder', 'holderId'],
    [new NoticeRefusedError('unknown_channel', 'no channel'), 422, 'unknown_channel', 'channelId'],
    [new NoticeRefusedError('listings_refused', 'refused', ['x']), 422, 'listings_refused', undefined],
    [
      new NoticeRefusedError('listings_refused', 'refused', ['u: open'], [open('u'), open('v')]),
      409,
      'already_noticed',
      undefined,
    ],
    [
      new NoticeRefusedError(
        'listings_refused',
        'refused',
        ['u', 'v'],
        [open('u'), { ...open('v'), code: 'not_confirmed' }],
      ),
      422,
      'listings_refused',
      undefined,
    ],
    [new AlreadyNoticedError([{ url: 'https://a.example/1', id: 1 }]), 409, 'already_noticed', undefined],
    [new NoticeStateError('sent'), 409, 'invalid_state', undefined],
    [new NoCounterClockError('none'), 422, 'no_counter_clock', undefined],
    [new NoAddresseeError('nobody'), 502, 'no_addressee', undefined],
  ] as const)('%s → %i %s', (err, status, code, field) => {
    const a = httpAnswer(err)!;
    expect(a.status).toBe(status);
    expect(a.error.code).toBe(code);
    expect(a.error.field).toBe(field);
  });

  it('an unknown error is not in the table (the handler answers a bare 500)', () => {
    expect(httpAnswer(new Error('db down'))).toBeUndefined();
  });
});
