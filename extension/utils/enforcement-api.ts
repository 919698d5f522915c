/**
 * The review API's enforcement routes as the side panel calls them: cases,
 * notice drafts and their outbox, platform answers, counter-notices, pirate
 * sites and site-blocking requests, discovery's triage queue. Every answer is
 * checked against the server's own schema (shared/model/enforcement.ts, discovery.ts).
 */
import { z } from 'zod';
import {
  BlockingRequestSchema,
  CandidateAcceptedSchema,
  CaseSummarySchema,
  CaseViewSchema,
  ChannelSchema,
  CounterNoticeSchema,
  DiscoveryCandidateSchema,
  NoticeSchema,
  PirateSiteSchema,
  ReadinessSchema,
  RegimesSchema,
  type NOTICE_EVENTS,
} from '../../shared/model';
import { ApiClient } from './api-client';

/** What the reviewer writes into a notice: the free-text parts, the signature, the statements. */
export interface NoticeWords {
  signature?: { name?: string; kind?: 'electronic' | 'physical' };
  statements?: { goodFaith?: boolean; accurate?: boolean; complete?: boolean; authorised?: boolean };
  explanation?: string;
  requestedMeasures?: ('delete' | 'block' | 'disconnect' | 'terminate')[];
}

export interface CounterNoticeInput {
  receivedAt: string;
  sender: string;
  statement: string;
}

const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });

export class EnforcementApi extends ApiClient {
  cases(holderId?: string) {
    const q = holderId ? `&holderId=${encodeURIComponent(holderId)}` : '';
    return this.json(
      z.object({ cases: z.array(CaseSummarySchema), nextCursor: z.string().nullable() }),
      `/v1/cases?status=open&limit=200${q}`,
    );
  }

  caseView(id: number) {
    return this.json(CaseViewSchema, `/v1/cases/${id}`);
  }

  createCase(title: string, hitIds: number[]) {
    return this.json(CaseViewSchema, '/v1/cases', post({ title, hitIds }));
  }

  addToCase(id: number, hitIds: number[]) {
    return this.json(CaseViewSchema, `/v1/cases/${id}/hits`, post({ hitIds }));
  }

  removeFromCase(id: number, hitId: number) {
    return this.json(CaseViewSchema, `/v1/cases/${id}/hits/${hitId}`, { method: 'DELETE' });
  }

  regimes() {
    return this.json(RegimesSchema, '/v1/regimes');
  }

  channels() {
    return this.json(z.object({ channels: z.array(ChannelSchema) }), '/v1/channels');
  }

  readiness(holderId: string) {
    return this.json(ReadinessSchema, `/v1/holders/${encodeURIComponent(holderId)}/readiness`);
  }

  createNotice(caseId: number, regime: string, channelId: string, words: NoticeWords) {
    return this.json(NoticeSchema, `/v1/cases/${caseId}/notices`, post({ regime, channelId, ...words }));
  }

  reviseNotice(id: number, words: NoticeWords) {
    return this.json(NoticeSchema, `/v1/notices/${id}`, { method: 'PATCH', body: JSON.stringify(words) });
  }

  async discardNotice(id: number): Promise<void> {
    await this.request(`/v1/notices/${id}`, { method: 'DELETE' });
  }

  notices(caseId: number) {
    return this.json(z.object({ notices: z.array(NoticeSchema) }), `/v1/notices?caseId=${caseId}`);
  }

  sendNotice(id: number) {
    return this.json(NoticeSchema, `/v1/notices/${id}/send`, { method: 'POST' });
  }

  noticeEvent(id: number, event: (typeof NOTICE_EVENTS)[number], note?: string) {
    return this.json(NoticeSchema, `/v1/notices/${id}/events`, post({ event, ...(note ? { note } : {}) }));
  }

  counterNotices(id: number) {
    return this.json(z.object({ counterNotices: z.array(CounterNoticeSchema) }), `/v1/notices/${id}/counter-notices`);
  }

  recordCounterNotice(id: number, c: CounterNoticeInput) {
    return this.json(CounterNoticeSchema, `/v1/notices/${id}/counter-notices`, post(c));
  }

  pirateSites() {
    return this.json(z.object({ sites: z.array(PirateSiteSchema) }), '/v1/pirate-sites');
  }

  recordPirateSite(name: string, domain: string) {
    return this.json(PirateSiteSchema, '/v1/pirate-sites', post({ name, domain }));
  }

  linkMirror(siteId: number, domain: string, reason: string) {
    return this.json(PirateSiteSchema, `/v1/pirate-sites/${siteId}/mirrors`, post({ domain, reason }));
  }

  buildBlockingRequest(siteId: number, o: { legalGround: string; accessProviders: string[]; regulator?: string }) {
    return this.json(BlockingRequestSchema, `/v1/pirate-sites/${siteId}/blocking-requests`, post(o));
  }

  /** Discovery's triage queue as the API ranks it (infringing first, then by evidence score); reviewers and admins. */
  candidates(status: 'new' | 'accepted' | 'rejected' | 'official' | 'all' = 'new') {
    return this.json(
      z.object({ candidates: z.array(DiscoveryCandidateSchema) }),
      `/v1/discovery/candidates?status=${status}&limit=200`,
    );
  }

  acceptCandidate(id: number, reason?: string) {
    return this.json(CandidateAcceptedSchema, `/v1/discovery/candidates/${id}/accept`, post(reason ? { reason } : {}));
  }

  decideCandidate(id: number, decision: 'reject' | 'official', reason?: string) {
    return this.json(
      DiscoveryCandidateSchema,
      `/v1/discovery/candidates/${id}/${decision}`,
      post(reason ? { reason } : {}),
    );
  }
}
