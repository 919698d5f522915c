-- Pirate sites with their mirrors, and the site-blocking requests made about them.
CREATE TABLE pirate_sites (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL,
  -- The holder that recorded it; NULL when a reviewer or admin did (shared by all of them).
  holder_id   text REFERENCES holders(id),
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pirate_site_domains (
  site_id   bigint NOT NULL REFERENCES pirate_sites(id),
  domain    text NOT NULL,
  role      text NOT NULL CHECK (role IN ('primary', 'mirror')),
  -- Why a mirror belongs to the site: which of template, title and hosting agreed.
  reasons   jsonb NOT NULL DEFAULT '[]'::jsonb,
  added_by  text NOT NULL,
  added_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, domain)
);
CREATE INDEX pirate_site_domains_domain ON pirate_site_domains (domain);

CREATE TABLE blocking_requests (
  id          bigserial PRIMARY KEY,
  site_id     bigint NOT NULL REFERENCES pirate_sites(id),
  holder_id   text REFERENCES holders(id),
  package     jsonb NOT NULL,
  body_text   text NOT NULL,
  body_html   text NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
