-- What the crawler saw when it recorded a hit, beyond the HTML: the WARC file of the exchange
-- (request, response with status line and headers), the HTTP status and headers as read, and a
-- screenshot when the page was rendered and the hit scored high enough. A notice's evidence
-- package is built from these rows; the bytes themselves are evidence like any other.
CREATE TABLE IF NOT EXISTS page_captures (
  warc_sha256        text PRIMARY KEY REFERENCES evidence(sha256),
  html_sha256        text NOT NULL REFERENCES evidence(sha256),
  screenshot_sha256  text REFERENCES evidence(sha256),
  url                text NOT NULL,
  listing_url        text NOT NULL,
  status             integer NOT NULL,
  headers            jsonb NOT NULL,
  fetched_at         timestamptz NOT NULL,
  rendered           boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS page_captures_html ON page_captures (html_sha256, fetched_at DESC);

-- A notice's evidence package is built once and kept (content-addressed), so what was sent,
-- what the API serves and the SHA-256 the notice text names are the same bytes. The key lets
-- whoever received the notice download the package without an API token.
ALTER TABLE notices ADD COLUMN IF NOT EXISTS evidence_package_sha256 text REFERENCES evidence(sha256);
ALTER TABLE notices ADD COLUMN IF NOT EXISTS evidence_key text;
