/**
 * The review API, as the extension calls it: bearer token, JSON, answers
 * checked with zod. Two error types say whether trying again may help:
 * NetworkError (no answer, or 5xx/429/408) may; ApiError (a 4xx) will not
 * until something changes.
 */
import type { z } from 'zod';
import {
  ApiErrorBodySchema,
  CountsSchema,
  EvidenceUploadedSchema,
  FlagCreatedSchema,
  HitLookupSchema,
  HitsPageSchema,
  HitViewSchema,
  ItemImageUploadedSchema,
  ItemImageUrlsChangedSchema,
  ItemPhotosSchema,
  ItemsPageSchema,
  MeSchema,
  ReferenceImagesPageSchema,
  StatusResultsSchema,
  type FlagReason,
  type HitStatus,
} from './api-schemas';

/** One listing a notice's accuracy gate refused, with the reason. */
export interface Refusal {
  url: string;
  hitId: number;
  code: string;
  reason: string;
}

/** The server answered and refused: retrying the same request will not help. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Each problem the server named (a regime's missing elements…). */
    readonly problems: string[] = [],
    /** Each listing the accuracy gate refused. */
    readonly refusals: Refusal[] = [],
  ) {
    super(message);
  }
}

/** No usable answer (unreachable, timed out, 5xx, 429): worth retrying later. */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface HitFilters {
  status?: HitStatus | '';
  holderId?: string;
  itemId?: string;
  site?: string;
  minScore?: number;
  maxScore?: number;
  since?: string;
  until?: string;
  sort?: 'score' | 'date';
  order?: 'desc' | 'asc';
}

export interface FlagBody {
  flagId: string;
  url: string;
  listing: {
    title: string;
    site?: string;
    kind?: string;
    price?: number;
    currency?: string;
    seller?: { id?: string; name?: string; url?: string };
    images?: string[];
    description?: string;
  };
  itemId?: string;
  reason: FlagReason;
  note?: string;
  evidence: string[];
  capturedAt: string;
}

export interface EvidenceUpload {
  sha256: string;
  kind: 'html' | 'screenshot' | 'metadata';
  contentType: string;
  capturedAt: string;
  listingUrl?: string;
  bytes: ArrayBuffer;
}

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);
const TIMEOUT_MS = 20_000;

function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export class ApiClient {
  readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly token: string,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  protected async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${this.token}`);
    if (typeof init.body === 'string') headers.set('content-type', 'application/json');
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        ...init,
        headers,
        credentials: 'omit',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      throw new NetworkError(`cannot reach ${this.baseUrl}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (res.ok) return res;
    const text = await res.text().catch(() => '');
    let code = `http_${res.status}`;
    let message = `${res.status} ${res.statusText}`.trim();
    let field: string | undefined;
    let problems: string[] = [];
    let refusals: Refusal[] = [];
    try {
      const body = ApiErrorBodySchema.parse(JSON.parse(text));
      ({ code, message } = body.error);
      field = body.error.field ?? undefined;
      problems = body.error.problems ?? [];
      refusals = body.error.refusals ?? [];
    } catch {
      // not the API's error shape; keep the status line
    }
    if (RETRYABLE.has(res.status)) throw new NetworkError(`${message} (${code})`, res.status);
    throw new ApiError(res.status, code, message, field, problems, refusals);
  }

  protected async json<T extends z.ZodType>(schema: T, path: string, init?: RequestInit): Promise<z.output<T>> {
    const res = await this.request(path, init);
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      // The answer started and was cut off: whether the server acted is unknown, so this may be retried.
      throw new NetworkError(`the answer from ${path} was cut off: ${e instanceof Error ? e.message : String(e)}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new ApiError(
        res.status,
        'bad_response',
        `unexpected answer from ${path}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    return parsed.data;
  }

  me() {
    return this.json(MeSchema, '/v1/me');
  }

  items(cursor?: string | null, holderId?: string) {
    return this.json(ItemsPageSchema, `/v1/items${query({ limit: 500, cursor, holderId })}`);
  }

  /**
   * Add reference photo URLs to an item and take others off, on its list as the server has it when the request
   * arrives (nobody else's change is lost); the server checks each URL added, the crawler fetches them later.
   */
  changeImageUrls(id: string, change: { add?: string[]; remove?: string[] }) {
    return this.json(ItemImageUrlsChangedSchema, `/v1/items/${encodeURIComponent(id)}/image-urls`, {
      method: 'POST',
      body: JSON.stringify(change),
    });
  }

  /** An item's reference photos (URLs and uploads) and how far each got: hashed, pending or failed. */
  itemPhotos(id: string) {
    return this.json(ItemPhotosSchema, `/v1/items/${encodeURIComponent(id)}/images`);
  }

  /** Take an uploaded reference photo (`upload:<sha256>`) off an item. */
  async deleteItemUpload(id: string, sha256: string): Promise<void> {
    await this.request(`/v1/items/${encodeURIComponent(id)}/images/${encodeURIComponent(sha256)}`, {
      method: 'DELETE',
    });
  }

  /** Upload a reference photo for an item; the server decodes and hashes it at once. */
  uploadItemImage(id: string, file: Blob, name: string) {
    const form = new FormData();
    form.append('file', file, name);
    return this.json(ItemImageUploadedSchema, `/v1/items/${encodeURIComponent(id)}/images`, {
      method: 'POST',
      body: form,
    });
  }

  /** The reference photos' hashes, for matching listing photos locally. */
  referenceImages(cursor?: string | null, holderId?: string) {
    return this.json(ReferenceImagesPageSchema, `/v1/reference-images${query({ limit: 500, cursor, holderId })}`);
  }

  /** A thumbnail of one half of a hit's matched photo pair (JPEG). */
  async hitPhoto(id: number, side: 'listing' | 'reference'): Promise<Blob> {
    return (await this.request(`/v1/hits/${Math.trunc(id)}/photos/${side}`)).blob();
  }

  hits(filters: HitFilters, cursor?: string | null, limit = 50) {
    return this.json(HitsPageSchema, `/v1/hits${query({ ...filters, limit, cursor })}`);
  }

  counts(filters: HitFilters) {
    const { sort: _s, order: _o, status: _st, ...rest } = filters;
    return this.json(CountsSchema, `/v1/hits/counts${query(rest)}`);
  }

  hit(id: number) {
    return this.json(HitViewSchema, `/v1/hits/${id}`);
  }

  setStatus(ids: number[], status: HitStatus, reason: string) {
    return this.json(StatusResultsSchema, '/v1/hits/status', {
      method: 'POST',
      body: JSON.stringify({ ids, status, reason }),
    });
  }

  /** What the review side knows about one page's listings (status of known hits) and sellers (blacklist). */
  lookup(urls: string[], sellers: { site: string; id?: string; name?: string }[]) {
    return this.json(HitLookupSchema, '/v1/hits/lookup', { method: 'POST', body: JSON.stringify({ urls, sellers }) });
  }

  /** Upload one piece of evidence. Fields go before the file part, as the API reads them first. */
  uploadEvidence(e: EvidenceUpload) {
    const form = new FormData();
    form.append('sha256', e.sha256);
    form.append('kind', e.kind);
    form.append('capturedAt', e.capturedAt);
    if (e.listingUrl) form.append('listingUrl', e.listingUrl);
    form.append(
      'file',
      new Blob([e.bytes], { type: e.contentType }),
      `${e.sha256}.${e.kind === 'screenshot' ? 'png' : e.kind === 'html' ? 'html' : 'json'}`,
    );
    return this.json(EvidenceUploadedSchema, '/v1/evidence', { method: 'POST', body: form });
  }

  async evidence(sha256: string): Promise<Blob> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ApiError(400, 'bad_hash', 'not a SHA-256');
    return (await this.request(`/v1/evidence/${sha256}`)).blob();
  }

  flag(body: FlagBody) {
    return this.json(FlagCreatedSchema, '/v1/flags', { method: 'POST', body: JSON.stringify(body) });
  }
}

/** Is this API error one that a new token or URL may cure (the outbox waits rather than gives up)? */
export function isAuthError(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 401 || e.status === 403);
}
