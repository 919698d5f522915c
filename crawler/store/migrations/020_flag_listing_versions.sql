-- A flag's listing data (title, price, currency, seller) is the flagger's
-- claim, not what the crawler saw. It is kept as a listing version attributed
-- to the holder of the flagged hit and never written over the listings row,
-- which holds the crawler's fetch: the one version every holder's hits share.
--
-- A URL only flags have shown gets a placeholder row (crawled = false: no
-- title, price or seller) so hits can point at it; until the crawler fetches
-- it, each holder's hits read that holder's own latest flag version, and
-- another holder's flag is never seen.
ALTER TABLE listings ADD COLUMN crawled boolean NOT NULL DEFAULT true;

ALTER TABLE listing_versions DROP CONSTRAINT listing_versions_pkey;
ALTER TABLE listing_versions ADD COLUMN id bigserial PRIMARY KEY;
-- NULL: a version the crawler fetched. Else the holder whose hit a flag recorded it for; only that holder's hits read it.
ALTER TABLE listing_versions ADD COLUMN holder_id text REFERENCES holders(id);
-- Who flagged it (the audit log's actor); NULL for the crawler.
ALTER TABLE listing_versions ADD COLUMN flagged_by text;
CREATE UNIQUE INDEX listing_versions_crawler ON listing_versions (listing_url, content_hash) WHERE holder_id IS NULL;
CREATE INDEX listing_versions_holder ON listing_versions (listing_url, holder_id, id) WHERE holder_id IS NOT NULL;

-- Each hit's listing as the hit's holder sees it: the crawler's row once the
-- crawler has fetched the URL, else that holder's latest flag version. Every
-- query that shows, notices, scores or alerts on a hit's listing reads this.
CREATE VIEW hit_listings AS
SELECT h.id AS hit_id, h.listing_url AS url, i.holder_id,
       CASE WHEN v.id IS NULL THEN 'crawler' ELSE 'flag' END AS source,
       CASE WHEN v.id IS NULL THEN l.site ELSE COALESCE(v.data->>'site', l.site) END AS site,
       CASE WHEN v.id IS NULL THEN l.kind ELSE COALESCE(v.data->>'kind', l.kind) END AS kind,
       CASE WHEN v.id IS NULL THEN l.title ELSE v.data->>'title' END AS title,
       CASE WHEN v.id IS NULL THEN l.price ELSE (v.data->>'price')::numeric END AS price,
       CASE WHEN v.id IS NULL THEN l.currency ELSE v.data->>'currency' END AS currency,
       CASE WHEN v.id IS NULL THEN l.seller_id ELSE v.data->'seller'->>'id' END AS seller_id,
       CASE WHEN v.id IS NULL THEN l.seller_name ELSE v.data->'seller'->>'name' END AS seller_name,
       CASE WHEN v.id IS NULL THEN l.data ELSE v.data END AS data
  FROM hits h JOIN items i ON i.id = h.item_id JOIN listings l ON l.url = h.listing_url
  LEFT JOIN LATERAL (
    SELECT lv.id, lv.data FROM listing_versions lv
     WHERE NOT l.crawled AND lv.listing_url = h.listing_url AND lv.holder_id = i.holder_id
     ORDER BY lv.id DESC LIMIT 1
  ) v ON true;
