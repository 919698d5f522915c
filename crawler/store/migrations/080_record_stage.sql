-- The record stage in one statement per listing page (issue 17). Each statement the crawler sends
-- costs PGlite a protocol exchange through WebAssembly (parse, describe, bind, execute, sync) and a
-- fresh plan, and PostgreSQL a network round trip as well; a hit took eight. These functions write
-- the same rows the statements did, with their plans kept for the session (record-repo.ts).

-- What the crawler fetched: its row per URL and, when the page is a version not kept yet, that.
CREATE FUNCTION record_listing(l jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO listings (url, site, kind, title, price, currency, seller_id, seller_name, data, content_hash,
                        first_seen_at, last_seen_at)
  VALUES (l->>'url', l->>'site', l->>'kind', l->>'title', (l->>'price')::numeric, l->>'currency',
          l->'seller'->>'id', l->'seller'->>'name', l, l->>'contentHash', (l->>'fetchedAt')::timestamptz,
          (l->>'fetchedAt')::timestamptz)
  ON CONFLICT (url) DO UPDATE SET site = excluded.site, kind = excluded.kind, title = excluded.title,
    price = excluded.price, currency = excluded.currency, seller_id = excluded.seller_id,
    seller_name = excluded.seller_name, data = excluded.data, content_hash = excluded.content_hash,
    last_seen_at = excluded.last_seen_at, fetch_count = listings.fetch_count + 1, crawled = true;
  IF COALESCE(l->>'contentHash', '') <> '' THEN
    INSERT INTO listing_versions (listing_url, content_hash, fetched_at, data)
    VALUES (l->>'url', l->>'contentHash', (l->>'fetchedAt')::timestamptz, l)
    ON CONFLICT DO NOTHING;
  END IF;
END $$;

-- Evidence rows for bytes already in the blob store: [{sha256, kind, contentType, size, listingUrl,
-- capturedAt, storagePath}].
CREATE FUNCTION record_evidence(files jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO evidence (sha256, kind, content_type, size, listing_url, captured_at, storage_path)
  SELECT f->>'sha256', f->>'kind', f->>'contentType', (f->>'size')::integer, f->>'listingUrl',
         (f->>'capturedAt')::timestamptz, f->>'storagePath'
    FROM jsonb_array_elements(files) f
  ON CONFLICT (sha256) DO NOTHING;
END $$;

-- A hit with its listing and its page (one evidence row), and the page's latest capture if one was
-- taken (record.ts decides whether to take another).
CREATE FUNCTION record_hit(l jsonb, h jsonb, page jsonb, OUT hit_id bigint, OUT kept_warc text,
                           OUT kept_screenshot text, OUT kept_listing_url text)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM record_listing(l);
  PERFORM record_evidence(jsonb_build_array(page));
  INSERT INTO hits (listing_url, item_id, score, signals, sweep_id, evidence_sha256)
  VALUES (l->>'url', h->>'itemId', (h->>'score')::real, h->'signals', h->>'sweepId', page->>'sha256')
  ON CONFLICT (listing_url, item_id) DO UPDATE SET score = excluded.score, signals = excluded.signals,
    sweep_id = excluded.sweep_id, evidence_sha256 = COALESCE(excluded.evidence_sha256, hits.evidence_sha256),
    last_seen_at = now()
  RETURNING id INTO hit_id;
  SELECT c.warc_sha256, c.screenshot_sha256, c.listing_url INTO kept_warc, kept_screenshot, kept_listing_url
    FROM page_captures c WHERE c.html_sha256 = page->>'sha256'
   ORDER BY c.fetched_at DESC, c.warc_sha256 LIMIT 1;
END $$;

-- A page's capture: its files' evidence rows, the page_captures row, and the files cited by the hit.
CREATE FUNCTION record_capture(p_hit_id bigint, files jsonb, c jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM record_evidence(files);
  INSERT INTO page_captures (warc_sha256, html_sha256, screenshot_sha256, url, listing_url, status, headers,
                             fetched_at, rendered)
  VALUES (c->>'warcSha256', c->>'htmlSha256', c->>'screenshotSha256', c->>'url', c->>'listingUrl',
          (c->>'status')::integer, c->'headers', (c->>'fetchedAt')::timestamptz, (c->>'rendered')::boolean)
  ON CONFLICT (warc_sha256) DO NOTHING;
  INSERT INTO hit_evidence (hit_id, sha256)
  SELECT p_hit_id, f->>'sha256' FROM jsonb_array_elements(files) f
  ON CONFLICT DO NOTHING;
END $$;
