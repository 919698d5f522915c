-- Review API: API tokens (stored hashed), flags from the extension, who may
-- read which evidence, cases with comments; the audit log becomes append-only.
CREATE TABLE api_tokens (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  role          text NOT NULL CHECK (role IN ('admin', 'reviewer', 'holder')),
  holder_id     text REFERENCES holders(id),
  token_hash    text NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  last_used_at  timestamptz,
  CHECK ((role = 'holder') = (holder_id IS NOT NULL))
);

ALTER TABLE hits ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
-- The latest flag on the hit: {by, reason, note, at}; every flag is also in the audit log.
ALTER TABLE hits ADD COLUMN flag jsonb;
CREATE INDEX hits_first_seen ON hits (first_seen_at DESC, id DESC);

-- A flag id is chosen by the client, so a flag sent twice (offline outbox,
-- retried request) is applied once. Scoped to the token: one client cannot
-- learn another's hit by replaying its flag id.
CREATE TABLE flags (
  token_id    text NOT NULL REFERENCES api_tokens(id),
  flag_id     text NOT NULL,
  hit_id      bigint NOT NULL REFERENCES hits(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (token_id, flag_id)
);

-- Evidence attached to a hit (a crawler capture, or the extension's screenshot + HTML + metadata).
CREATE TABLE hit_evidence (
  hit_id  bigint NOT NULL REFERENCES hits(id),
  sha256  text NOT NULL REFERENCES evidence(sha256),
  PRIMARY KEY (hit_id, sha256)
);
CREATE INDEX hit_evidence_sha ON hit_evidence (sha256);

-- Who uploaded which bytes: a holder may read evidence it uploaded or that is
-- attached to one of its hits, and nothing else, however it learns a hash.
CREATE TABLE evidence_uploads (
  sha256       text NOT NULL REFERENCES evidence(sha256),
  token_id     text NOT NULL REFERENCES api_tokens(id),
  holder_id    text REFERENCES holders(id),
  file_name    text,
  uploaded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sha256, token_id)
);

-- A case groups one holder's hits for one action (a notice, a blocking request).
CREATE TABLE cases (
  id          bigserial PRIMARY KEY,
  holder_id   text NOT NULL REFERENCES holders(id),
  title       text NOT NULL,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  assignee    text REFERENCES api_tokens(id),
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_holder ON cases (holder_id, id DESC);

CREATE TABLE case_hits (
  case_id   bigint NOT NULL REFERENCES cases(id),
  hit_id    bigint NOT NULL REFERENCES hits(id),
  added_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, hit_id)
);
CREATE INDEX case_hits_hit ON case_hits (hit_id);

CREATE TABLE case_comments (
  id       bigserial PRIMARY KEY,
  case_id  bigint NOT NULL REFERENCES cases(id),
  author   text NOT NULL,
  body     text NOT NULL,
  at       timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE audit_log ADD COLUMN reason text;
CREATE INDEX audit_log_target ON audit_log (target, id);

-- Append-only, enforced by the database rather than by convention.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
