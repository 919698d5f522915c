-- Counts and enforcement figures at a year's volume (issue 17): what each hit contributes is
-- kept on the hit, and the sums per item and per holder × site in tallies, so a figure costs
-- the number of groups, not the number of hits.

-- Per hit, what the enforcement figures ask of the audit log and the verifications, kept
-- as they are written: an audited move to notice_sent; a check that found the listing gone
-- after its notice; a relist found; the last check's outcome; the number of checks.
ALTER TABLE hits ADD COLUMN noticed boolean NOT NULL DEFAULT false;
ALTER TABLE hits ADD COLUMN removal_found boolean NOT NULL DEFAULT false;
ALTER TABLE hits ADD COLUMN relist_found boolean NOT NULL DEFAULT false;
ALTER TABLE hits ADD COLUMN checks integer NOT NULL DEFAULT 0;
ALTER TABLE hits ADD COLUMN last_check text;
ALTER TABLE hits ADD COLUMN last_check_at timestamptz;
ALTER TABLE hits ADD COLUMN last_check_id bigint;

UPDATE hits h SET noticed = true
 WHERE EXISTS (SELECT 1 FROM audit_log a WHERE a.target = 'hit:' || h.id AND a.after->>'status' = 'notice_sent');
UPDATE hits h SET removal_found = v.removal, relist_found = v.relist, checks = v.n,
       last_check = v.last[1], last_check_at = v.last_at[1], last_check_id = v.last_id[1]
  FROM (SELECT hit_id, bool_or(time_to_removal_ms IS NOT NULL) AS removal, bool_or(outcome = 'relisted') AS relist,
               count(*)::int AS n, array_agg(outcome ORDER BY checked_at DESC, id DESC) AS last,
               array_agg(checked_at ORDER BY checked_at DESC, id DESC) AS last_at,
               array_agg(id ORDER BY checked_at DESC, id DESC) AS last_id
          FROM verifications GROUP BY hit_id) v
 WHERE v.hit_id = h.id;

CREATE FUNCTION audit_log_noticed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE hits SET noticed = true WHERE id = substr(NEW.target, 5)::bigint AND NOT noticed;
  RETURN NULL;
END $$;
CREATE TRIGGER audit_log_noticed AFTER INSERT ON audit_log FOR EACH ROW
  WHEN (NEW.target ~ '^hit:[0-9]{1,18}$' AND NEW.after->>'status' = 'notice_sent')
  EXECUTE FUNCTION audit_log_noticed();

CREATE FUNCTION verifications_checked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE hits SET checks = checks + 1,
         removal_found = removal_found OR NEW.time_to_removal_ms IS NOT NULL,
         relist_found = relist_found OR NEW.outcome = 'relisted',
         last_check = CASE WHEN last_check_at IS NULL OR (NEW.checked_at, NEW.id) > (last_check_at, last_check_id)
                           THEN NEW.outcome ELSE last_check END,
         last_check_id = CASE WHEN last_check_at IS NULL OR (NEW.checked_at, NEW.id) > (last_check_at, last_check_id)
                              THEN NEW.id ELSE last_check_id END,
         last_check_at = CASE WHEN last_check_at IS NULL OR (NEW.checked_at, NEW.id) > (last_check_at, last_check_id)
                              THEN NEW.checked_at ELSE last_check_at END
   WHERE id = NEW.hit_id;
  RETURN NULL;
END $$;
CREATE TRIGGER verifications_checked AFTER INSERT ON verifications
  FOR EACH ROW EXECUTE FUNCTION verifications_checked();

-- Tallies: hits per status with the enforcement counts, per item and per holder × site (the
-- hit's, as migration 040 keeps them). A hit's change appends its old contribution negated and
-- its new one to hit_tally_deltas (insert only: concurrent writers never wait on a hot tally
-- row); a reader folds the deltas into the tallies first, so it sees exactly the committed hits.
CREATE TABLE hit_tally_deltas (
  holder_id  text NOT NULL,
  item_id    text NOT NULL,
  site       text NOT NULL,
  status     text NOT NULL,
  hits       integer NOT NULL,
  noticed    integer NOT NULL,
  removed    integer NOT NULL,
  relisted   integer NOT NULL,
  still_up   integer NOT NULL,
  checks     integer NOT NULL
);
CREATE TABLE hit_tallies_item (
  item_id    text NOT NULL,
  status     text NOT NULL,
  holder_id  text NOT NULL,
  hits       integer NOT NULL,
  noticed    integer NOT NULL,
  removed    integer NOT NULL,
  relisted   integer NOT NULL,
  still_up   integer NOT NULL,
  checks     integer NOT NULL,
  -- With the holder: an item moved to another holder leaves its old rows summing to zero.
  PRIMARY KEY (item_id, holder_id, status)
);
CREATE INDEX hit_tallies_item_holder ON hit_tallies_item (holder_id);
CREATE TABLE hit_tallies_site (
  holder_id  text NOT NULL,
  site       text NOT NULL,
  status     text NOT NULL,
  hits       integer NOT NULL,
  noticed    integer NOT NULL,
  removed    integer NOT NULL,
  relisted   integer NOT NULL,
  still_up   integer NOT NULL,
  checks     integer NOT NULL,
  PRIMARY KEY (holder_id, site, status)
);

-- One hit's contribution (sign 1) or its withdrawal (sign -1).
CREATE FUNCTION hit_tally_delta(h hits, sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO hit_tally_deltas
  SELECT h.holder_id, h.item_id, h.site, h.status, sign, sign * h.noticed::int,
         sign * (h.noticed AND h.removal_found)::int, sign * h.relist_found::int,
         sign * (h.last_check IS NOT DISTINCT FROM 'still_up')::int, sign * h.checks
$$;

CREATE FUNCTION hits_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM hit_tally_delta(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM hit_tally_delta(NEW, 1); END IF;
  RETURN NULL;
END $$;
-- listing_url and item_id are listed for the holder and site the BEFORE trigger of 040 derives from them.
CREATE TRIGGER hits_tally AFTER INSERT OR DELETE OR UPDATE OF status, holder_id, site, item_id, listing_url,
  noticed, removal_found, relist_found, last_check, checks ON hits
  FOR EACH ROW EXECUTE FUNCTION hits_tally();

INSERT INTO hit_tally_deltas
SELECT h.holder_id, h.item_id, h.site, h.status, 1, h.noticed::int, (h.noticed AND h.removal_found)::int,
       h.relist_found::int, (h.last_check IS NOT DISTINCT FROM 'still_up')::int, h.checks
  FROM hits h;

-- The median time to removal is no sum: it runs over the removals themselves, which carry
-- their hit's holder, site and item (set as they are written), so it reads removals only.
ALTER TABLE verifications ADD COLUMN holder_id text;
ALTER TABLE verifications ADD COLUMN site text;
ALTER TABLE verifications ADD COLUMN item_id text;
UPDATE verifications v SET holder_id = h.holder_id, site = h.site, item_id = h.item_id
  FROM hits h WHERE h.id = v.hit_id;
CREATE FUNCTION verifications_scope() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT h.holder_id, h.site, h.item_id INTO NEW.holder_id, NEW.site, NEW.item_id FROM hits h WHERE h.id = NEW.hit_id;
  IF NEW.time_to_removal_ms IS NOT NULL THEN
    INSERT INTO removal_medians_dirty VALUES ('all', '', ''), ('site', NEW.site, ''), ('holder', NEW.holder_id, ''),
      ('holder_site', NEW.holder_id, NEW.site), ('item', NEW.item_id, NEW.holder_id);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER verifications_scope BEFORE INSERT ON verifications
  FOR EACH ROW EXECUTE FUNCTION verifications_scope();
CREATE INDEX verifications_removal ON verifications (holder_id, site, item_id, time_to_removal_ms)
  WHERE time_to_removal_ms IS NOT NULL;
CREATE INDEX verifications_removal_site ON verifications (site, time_to_removal_ms)
  WHERE time_to_removal_ms IS NOT NULL;
CREATE INDEX verifications_removal_item ON verifications (item_id, time_to_removal_ms)
  WHERE time_to_removal_ms IS NOT NULL;

-- The medians per group, kept: a removal marks its groups (overall; its site; its holder; its
-- holder × site; its item, with its holder) dirty, and a reader recomputes the dirty ones first.
CREATE TABLE removal_medians (
  dim     text NOT NULL CHECK (dim IN ('all', 'site', 'holder', 'holder_site', 'item')),
  a       text NOT NULL,
  b       text NOT NULL,
  median  float8 NOT NULL,
  PRIMARY KEY (dim, a, b)
);
CREATE TABLE removal_medians_dirty (dim text NOT NULL, a text NOT NULL, b text NOT NULL);
INSERT INTO removal_medians_dirty
SELECT DISTINCT d.dim, d.a, d.b FROM verifications v CROSS JOIN LATERAL (VALUES ('all', '', ''), ('site', v.site, ''),
  ('holder', v.holder_id, ''), ('holder_site', v.holder_id, v.site), ('item', v.item_id, v.holder_id)) d(dim, a, b)
 WHERE v.time_to_removal_ms IS NOT NULL;

-- Top sellers read from what the refresh stored, in the order the report ranks them:
-- confirmed listings, estimated turnover in the referral currency (NULL: a currency without a rate).
ALTER TABLE seller_scores ADD COLUMN hit_listings integer NOT NULL DEFAULT 0;
ALTER TABLE seller_scores ADD COLUMN confirmed integer NOT NULL DEFAULT 0;
ALTER TABLE seller_scores ADD COLUMN approx_turnover float8;
ALTER TABLE holder_seller_scores ADD COLUMN hit_listings integer NOT NULL DEFAULT 0;
ALTER TABLE holder_seller_scores ADD COLUMN confirmed integer NOT NULL DEFAULT 0;
ALTER TABLE holder_seller_scores ADD COLUMN approx_turnover float8;
-- Rows a refresh wrote before these columns read as no hits until the next refresh ranks them.
CREATE INDEX seller_scores_top_confirmed ON seller_scores (confirmed DESC, (COALESCE(approx_turnover, -1)) DESC)
  WHERE hit_listings > 0;
CREATE INDEX seller_scores_top_turnover ON seller_scores ((COALESCE(approx_turnover, -1)) DESC, confirmed DESC)
  WHERE hit_listings > 0;
CREATE INDEX holder_seller_scores_top_confirmed
  ON holder_seller_scores (holder_id, confirmed DESC, (COALESCE(approx_turnover, -1)) DESC) WHERE hit_listings > 0;
CREATE INDEX holder_seller_scores_top_turnover
  ON holder_seller_scores (holder_id, (COALESCE(approx_turnover, -1)) DESC, confirmed DESC) WHERE hit_listings > 0;
