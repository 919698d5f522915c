-- Discovery of new infringing sites: candidate sites (one row per registrable
-- domain) with where they were found, what their page showed, and the
-- reviewer's decision; and how far each Certificate Transparency log is read.
CREATE TABLE discovery_candidates (
  id               bigserial PRIMARY KEY,
  -- ASCII (IDNA) registrable domain, lower case: the unit a reviewer decides on.
  domain           text NOT NULL UNIQUE,
  unicode          text NOT NULL,
  status           text NOT NULL DEFAULT 'new'
                   CHECK (status IN ('new', 'accepted', 'rejected', 'official')),
  -- [{"source": "ct"|"lookalike"|"search"|"blocklist"|"referral", "detail": "...", "name": "...", "by": "..."}]
  sources          jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- Why the name plays on a protected term: [{"kind": "term"|"homoglyph"|"typo", "term": "...", ...}]
  name_reasons     jsonb NOT NULL DEFAULT '[]'::jsonb,
  holder_ids       jsonb NOT NULL DEFAULT '[]'::jsonb,
  addresses        jsonb,
  -- Where its page was read (scheme, host and port), for the sweep after acceptance.
  origin           text,
  kind             text CHECK (kind IN ('shop', 'streaming', 'torrent', 'parked', 'unrelated', 'unreachable')),
  -- The works and brands the page names, and the signals behind the kind.
  named            jsonb NOT NULL DEFAULT '[]'::jsonb,
  signals          jsonb NOT NULL DEFAULT '[]'::jsonb,
  template         text,
  fingerprint      jsonb,
  hosting          jsonb,
  -- Known sites and other candidates it looks like: [{"domain": "...", "score": 0.9, "reasons": [...]}]
  mirror_of        jsonb NOT NULL DEFAULT '[]'::jsonb,
  score            real NOT NULL DEFAULT 0,
  infringing       boolean NOT NULL DEFAULT false,
  pirate_site_id   bigint REFERENCES pirate_sites(id),
  adapter          text,
  sweep_status     text CHECK (sweep_status IN ('queued', 'done', 'failed')),
  sweep_id         text,
  decided_by       text,
  decided_at       timestamptz,
  decision_reason  text,
  first_seen       timestamptz NOT NULL DEFAULT now(),
  checked_at       timestamptz
);
CREATE INDEX discovery_candidates_queue ON discovery_candidates (status, score DESC);
CREATE INDEX discovery_candidates_sweep ON discovery_candidates (sweep_status);

CREATE TABLE discovery_ct_logs (
  log_url       text PRIMARY KEY,
  -- The next entry index to read: everything below it has been read and flagged.
  next_index    bigint NOT NULL DEFAULT 0,
  tree_size     bigint,
  entries_read  bigint NOT NULL DEFAULT 0,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
