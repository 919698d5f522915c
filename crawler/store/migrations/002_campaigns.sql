-- Campaigns: named, time-boxed sweeps of a set of sites for a catalogue
-- scope, on a schedule. Their figures come from the sweeps tagged with the
-- campaign's name (sweeps.campaign) and the hits those sweeps recorded.
CREATE TABLE campaigns (
  name              text PRIMARY KEY,
  -- [{"site": "demo-market", "origin": "https://…"}]
  sites             jsonb NOT NULL,
  -- {"holders": [...], "items": [...], "categories": [...]}
  scope             jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- {"every_ms": 1800000} or {"pattern": "0 */6 * * *", "tz": "Europe/Berlin"}
  schedule          jsonb NOT NULL,
  max_search_pages  integer NOT NULL DEFAULT 20 CHECK (max_search_pages >= 1),
  starts_at         timestamptz NOT NULL DEFAULT now(),
  ends_at           timestamptz,
  status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'stopped', 'ended')),
  created_at        timestamptz NOT NULL DEFAULT now(),
  stopped_at        timestamptz,
  CHECK (ends_at IS NULL OR ends_at > starts_at)
);

CREATE INDEX sweeps_campaign ON sweeps (campaign);
CREATE INDEX hits_sweep ON hits (sweep_id);
