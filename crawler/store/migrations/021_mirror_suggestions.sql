-- A pirate site a reviewer or admin recorded (holder_id NULL) is shared by
-- every holder's blocking requests, so only reviewers and admins change it.
-- A holder's mirror for such a site is the holder's suggestion: recorded here,
-- seen by that holder and by reviewers, in no request until a reviewer
-- accepts it (then it becomes one of the site's domains) or rejects it.
CREATE TABLE pirate_site_suggestions (
  id               bigserial PRIMARY KEY,
  site_id          bigint NOT NULL REFERENCES pirate_sites(id),
  domain           text NOT NULL,
  holder_id        text NOT NULL REFERENCES holders(id),
  -- What the holder gave: the agreeing template/title/hosting signals, or its stated reason (signal 'holder').
  reasons          jsonb NOT NULL DEFAULT '[]'::jsonb,
  suggested_by     text NOT NULL,
  suggested_at     timestamptz NOT NULL DEFAULT now(),
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  decided_by       text,
  decided_at       timestamptz,
  decision_reason  text,
  UNIQUE (site_id, domain, holder_id)
);
CREATE INDEX pirate_site_suggestions_pending ON pirate_site_suggestions (site_id, status);

-- Mirrors holders added to shared sites before this rule become their pending
-- suggestions, their stated reason no longer passed off as a reviewer's.
INSERT INTO pirate_site_suggestions (site_id, domain, holder_id, reasons, suggested_by, suggested_at)
SELECT d.site_id, d.domain, t.holder_id,
       COALESCE((SELECT jsonb_agg(CASE WHEN r->>'signal' = 'reviewer' THEN jsonb_set(r, '{signal}', '"holder"') ELSE r END)
                   FROM jsonb_array_elements(d.reasons) r), '[]'::jsonb),
       d.added_by, d.added_at
  FROM pirate_site_domains d JOIN pirate_sites s ON s.id = d.site_id
  JOIN api_tokens t ON t.role = 'holder' AND d.added_by LIKE '%(' || t.id || ')'
 WHERE s.holder_id IS NULL AND d.role = 'mirror'
ON CONFLICT DO NOTHING;
DELETE FROM pirate_site_domains d USING pirate_sites s, api_tokens t
 WHERE s.id = d.site_id AND s.holder_id IS NULL AND d.role = 'mirror'
   AND t.role = 'holder' AND d.added_by LIKE '%(' || t.id || ')';
