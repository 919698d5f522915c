-- The inbox at a year's volume (issue 17): every ordering and filter walks an
-- index in (sort value, id) order, so a page costs its own rows, not the table.
CREATE INDEX hits_score_id ON hits (score DESC, id DESC);
CREATE INDEX hits_status_score_id ON hits (status, score DESC, id DESC);
CREATE INDEX hits_item_score_id ON hits (item_id, score DESC, id DESC);
DROP INDEX hits_status;
DROP INDEX hits_item;

-- A seller's listings by the key seller_scores uses, to find the hits of a seller whose risk changed.
CREATE INDEX listings_seller_key ON listings (site, (COALESCE(seller_id, 'name:' || seller_name)));

-- What the inbox filters and ranks a hit by, from its listing as hit_listings resolves it:
-- its holder, its site, and its seller's risk (whole view; the hit's holder's own view) —
-- the seller's score raised to the blacklist threshold (0.5) when blacklisted, NULL when no
-- refresh has scored the seller.
CREATE FUNCTION hit_seller_risk(p_url text, p_item text, OUT holder_id text, OUT site text, OUT whole float8,
                                OUT own float8)
LANGUAGE sql STABLE AS $$
  SELECT i.holder_id, k.site,
         CASE WHEN a.blacklisted THEN GREATEST(a.score::numeric, 0.5)::float8 ELSE a.score::numeric::float8 END,
         CASE WHEN o.blacklisted THEN GREATEST(o.score::numeric, 0.5)::float8 ELSE o.score::numeric::float8 END
    FROM items i JOIN listings l ON l.url = p_url
    LEFT JOIN LATERAL (
      SELECT lv.data FROM listing_versions lv
       WHERE NOT l.crawled AND lv.listing_url = l.url AND lv.holder_id = i.holder_id
       ORDER BY lv.id DESC LIMIT 1
    ) v ON true
    CROSS JOIN LATERAL (
      SELECT CASE WHEN v.data IS NULL THEN l.site ELSE COALESCE(v.data->>'site', l.site) END AS site,
             CASE WHEN v.data IS NULL THEN COALESCE(l.seller_id, 'name:' || l.seller_name)
                  ELSE COALESCE(v.data->'seller'->>'id', 'name:' || (v.data->'seller'->>'name')) END AS seller_key
    ) k
    LEFT JOIN seller_scores a ON a.site = k.site AND a.seller_key = k.seller_key
    LEFT JOIN holder_seller_scores o ON o.holder_id = i.holder_id AND o.site = k.site AND o.seller_key = k.seller_key
   WHERE i.id = p_item
$$;

-- sort=risk ranks by the hit's score plus half its seller's risk. Stored on the hit (whole
-- view for reviewers and admins, the holder's own view for its token), set as a hit is
-- written and rewritten by the store only for sellers whose risk a refresh changed.
-- The holder and site are kept on the hit too, so the inbox filters by them without a join
-- per row scanned.
ALTER TABLE hits ADD COLUMN risk_all float8 NOT NULL DEFAULT 0;
ALTER TABLE hits ADD COLUMN risk_own float8 NOT NULL DEFAULT 0;
ALTER TABLE hits ADD COLUMN holder_id text NOT NULL DEFAULT '';
ALTER TABLE hits ADD COLUMN site text NOT NULL DEFAULT '';
UPDATE hits h SET (holder_id, site, risk_all, risk_own) = (
  SELECT r.holder_id, r.site, h.score::numeric::float8 + 0.5 * COALESCE(r.whole, 0),
         h.score::numeric::float8 + 0.5 * COALESCE(r.own, 0)
    FROM hit_seller_risk(h.listing_url, h.item_id) r);
CREATE INDEX hits_risk_all ON hits (risk_all DESC, id DESC);
CREATE INDEX hits_risk_own ON hits (risk_own DESC, id DESC);

CREATE FUNCTION hits_set_risk() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  SELECT * INTO r FROM hit_seller_risk(NEW.listing_url, NEW.item_id);
  NEW.holder_id := r.holder_id;
  NEW.site := r.site;
  NEW.risk_all := NEW.score::numeric::float8 + 0.5 * COALESCE(r.whole, 0);
  NEW.risk_own := NEW.score::numeric::float8 + 0.5 * COALESCE(r.own, 0);
  RETURN NEW;
END $$;
CREATE TRIGGER hits_set_risk BEFORE INSERT OR UPDATE OF score, listing_url, item_id ON hits
  FOR EACH ROW EXECUTE FUNCTION hits_set_risk();

-- A listing whose site or seller changes moves its hits with it.
CREATE FUNCTION listings_rerank() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- site listed too, so the tallies (041) see the move.
  UPDATE hits SET score = score, site = site WHERE listing_url = NEW.url;
  RETURN NULL;
END $$;
CREATE TRIGGER listings_rerank AFTER UPDATE OF site, seller_id, seller_name, crawled ON listings
  FOR EACH ROW WHEN (OLD.site IS DISTINCT FROM NEW.site OR OLD.seller_id IS DISTINCT FROM NEW.seller_id
    OR OLD.seller_name IS DISTINCT FROM NEW.seller_name OR OLD.crawled IS DISTINCT FROM NEW.crawled)
  EXECUTE FUNCTION listings_rerank();

-- An item moved to another holder (a re-import) moves its hits' holder and holder view with it.
CREATE FUNCTION items_reholder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE hits SET item_id = item_id WHERE item_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER items_reholder AFTER UPDATE OF holder_id ON items
  FOR EACH ROW WHEN (OLD.holder_id IS DISTINCT FROM NEW.holder_id) EXECUTE FUNCTION items_reholder();

-- The audit log read newest first by its key, filtered by actor or action.
CREATE INDEX audit_log_actor ON audit_log (actor, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
