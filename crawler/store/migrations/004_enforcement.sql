-- Enforcement: where notices go (channels), notices with their listed URLs
-- and delivery state (the outbox), and counter-notices with their clocks.
CREATE TABLE notice_channels (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  email       text NOT NULL,
  -- The recipient party as notices name it: address, country.
  party       jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE notices (
  id               bigserial PRIMARY KEY,
  case_id          bigint NOT NULL REFERENCES cases(id),
  holder_id        text NOT NULL REFERENCES holders(id),
  regime           text NOT NULL,
  channel_id       text NOT NULL REFERENCES notice_channels(id),
  recipient        text NOT NULL,
  subject          text NOT NULL,
  body_text        text NOT NULL,
  body_html        text NOT NULL,
  payload          jsonb NOT NULL,
  input            jsonb NOT NULL,
  state            text NOT NULL DEFAULT 'draft'
                   CHECK (state IN ('draft', 'queued', 'sent', 'failed', 'bounced', 'acknowledged')),
  -- The platform's answer, which is what its trust in the sender rests on.
  outcome          text CHECK (outcome IN ('accepted', 'rejected', 'withdrawn', 'countered')),
  attempts         integer NOT NULL DEFAULT 0,
  last_error       text,
  next_attempt_at  timestamptz,
  message_id       text,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notices_outbox ON notices (state, next_attempt_at);
CREATE INDEX notices_case ON notices (case_id);

CREATE TABLE notice_urls (
  notice_id  bigint NOT NULL REFERENCES notices(id),
  url        text NOT NULL,
  hit_id     bigint NOT NULL REFERENCES hits(id),
  PRIMARY KEY (notice_id, url)
);
CREATE INDEX notice_urls_url ON notice_urls (url);

CREATE TABLE counter_notices (
  id           bigserial PRIMARY KEY,
  notice_id    bigint NOT NULL REFERENCES notices(id),
  regime       text NOT NULL,
  received_at  timestamptz NOT NULL,
  sender       text NOT NULL,
  statement    text NOT NULL,
  earliest     timestamptz NOT NULL,
  latest       timestamptz NOT NULL,
  remind_at    timestamptz NOT NULL,
  reminded_at  timestamptz,
  outcome      text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'action_filed', 'restored', 'withdrawn')),
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX counter_notices_due ON counter_notices (reminded_at, remind_at);
