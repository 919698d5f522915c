-- Early warning: watches on items (or a whole catalogue) that alert by
-- webhook and email when high-scoring hits appear, batched per interval.
CREATE TABLE watches (
  id                bigserial PRIMARY KEY,
  holder_id         text NOT NULL REFERENCES holders(id),
  -- NULL: every item of the holder.
  item_id           text REFERENCES items(id),
  min_score         real NOT NULL CHECK (min_score >= 0 AND min_score <= 1),
  webhook_url       text,
  -- Signs each webhook body (HMAC-SHA256), so the receiver knows it is ours.
  webhook_secret    text,
  email             text,
  interval_seconds  integer NOT NULL CHECK (interval_seconds >= 1),
  -- Hits with a larger id are new to this watch.
  last_hit_id       bigint NOT NULL DEFAULT 0,
  last_run_at       timestamptz,
  created_by        text NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (webhook_url IS NOT NULL OR email IS NOT NULL)
);

CREATE TABLE alert_deliveries (
  id         bigserial PRIMARY KEY,
  watch_id   bigint NOT NULL REFERENCES watches(id),
  channel    text NOT NULL CHECK (channel IN ('webhook', 'email')),
  hit_ids    bigint[] NOT NULL,
  ok         boolean NOT NULL,
  error      text,
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_deliveries_watch ON alert_deliveries (watch_id, id DESC);
