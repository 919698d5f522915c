import { describe, expect, it } from 'vitest';
import { cheerioDocument } from '../../crawler/fetch/cheerio-document';
import {
  assignedState,
  attributeJson,
  callArgument,
  keyedState,
  pathText,
  pathValues,
  scriptJson,
} from '../../shared/extract/embedded-state';
import { parseLiteral, readLiteral } from '../../shared/extract/js-literal';

describe('parseLiteral: what a script assigns, read without running it', () => {
  it('reads JSON and JavaScript object literals alike', () => {
    expect(parseLiteral('{"a": [1, 2.5, -3e2], "b": null, "c": true}')).toEqual({
      a: [1, 2.5, -300],
      b: null,
      c: true,
    });
    expect(parseLiteral("{ a: 'x', 'b': \"y\", c: !0, d: !1, e: undefined, f: [1,,2,], g: 0x10, }")).toEqual({
      a: 'x',
      b: 'y',
      c: true,
      d: false,
      e: null,
      f: [1, null, 2],
      g: 16,
    });
    expect(parseLiteral("{ title: '\\u4E73\\u767D\\x41 \\'q\\'', n: '\\u{1F600}' }")).toEqual({
      title: "乳白A 'q'",
      n: '😀',
    });
  });

  it('skips expressions, keeping the keys around them', () => {
    const src = `{
      startTime : +new Date,
      url       : location.protocol==='http:' ? '//a.example/x' : '//b.example/x',
      fn        : function () { return { no: 1 }; },
      arrow     : (a) => a + 1,
      list      : [1, foo(2), 3]
      ,lead     : 'comma first'
      // a comment, { not: 'data' }
      /* another */ ok: 'yes',
      method() { return 1; },
      tpl       : \`plain\`,
      sub       : \`has \${x}\`,
    }`;
    expect(parseLiteral(src)).toEqual({ list: [1, null, 3], lead: 'comma first', ok: 'yes', tpl: 'plain' });
  });

  it('gives up on text that is not a literal, and on what breaks its bounds', () => {
    expect(parseLiteral('window.x')).toBeUndefined();
    expect(parseLiteral("{ a: 'never closed }")).toBeUndefined();
    expect(parseLiteral('{ a: [1, 2 ')).toBeUndefined();
    expect(readLiteral(`{ "a": "${'x'.repeat(1000)}" }`, 0, { maxChars: 100 })).toBeUndefined();
    // Too deep: the deep part becomes null, the rest is read.
    const deep = parseLiteral(`{ "a": ${'['.repeat(100)}${']'.repeat(100)}, "b": 1 }`, { maxDepth: 10 }) as {
      a: unknown;
      b: number;
    };
    expect(deep.b).toBe(1);
    expect(JSON.stringify(deep.a)).toBe(`${'['.repeat(9)}null${']'.repeat(9)}`);
    // No stack is used for nesting a million deep.
    expect(parseLiteral('['.repeat(1_000_000))).toBeUndefined();
  });

  it('never builds a prototype from a key', () => {
    const v = parseLiteral('{"__proto__": {"polluted": 1}, "a": 1}') as Record<string, unknown>;
    expect(v).toEqual({ a: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

const page = (body: string) =>
  cheerioDocument(`<html><head><title>t</title></head><body>${body}</body></html>`, 'https://shop.example/item/1');

describe('embedded state in a page', () => {
  it('reads a named script of JSON', () => {
    const doc = page(
      '<script id="__NEXT_DATA__" ' +
        'type="application/json">{"props":{"pageProps":{"items":[{"name":"A"},{"name":"B"}]}}}</script>',
    );
    const state = scriptJson(doc, 'script#__NEXT_DATA__');
    expect(pathValues(state, 'props.pageProps.items[*].name')).toEqual(['A', 'B']);
    expect(pathText(state, 'props.missing', 'props.pageProps.items[-1].name')).toBe('B');
  });

  it('finds an assignment however it is written, past one that assigns no literal', () => {
    const doc = page(`<script>var cfg = window.cfg;</script>
      <script>window["cfg"] = {"a": 1};</script>
      <script>var other = { cfg: 2 };</script>`);
    expect(assignedState(doc, 'cfg')).toEqual({ a: 1 });
    expect(assignedState(page('<script>window.runParams = { data: { x: "y" } };</script>'), 'runParams')).toEqual({
      data: { x: 'y' },
    });
    expect(assignedState(page("<script>var g_config = { itemId : '42', t: +new Date };</script>"), 'g_config')).toEqual(
      { itemId: '42' },
    );
    expect(
      assignedState(
        page(
          '<script>ytplayer.config = ' +
            '{"args":{"player_response":"{\\"videoDetails\\":{\\"title\\":\\"T\\"}}"}};</script>',
        ),
        'ytplayer.config',
      ),
    ).toBeDefined();
    expect(assignedState(page('<script>var data = JSON.parse(\'{"q": 1}\');</script>'), 'data')).toEqual({ q: 1 });
    // `notcfg = …` and `x.cfg = …` are other names.
    expect(assignedState(page('<script>notcfg = {"a":1}; x.cfg = {"b":2};</script>'), 'cfg')).toBeUndefined();
  });

  it('walks into strings holding JSON', () => {
    const doc = page(
      '<script>ytplayer.config = {"args":{"player_response":"{\\"videoDetails\\":{\\"title\\":\\"T\\"}}"}};</script>',
    );
    expect(pathText(assignedState(doc, 'ytplayer.config'), 'args.player_response.videoDetails.title')).toBe('T');
  });

  it('reads a call argument, a keyed value inside a literal, and JSON attributes', () => {
    expect(callArgument(page('<script>TShop.Setup({ itemDO: { title: "X" } });</script>'), 'TShop.Setup')).toEqual({
      itemDO: { title: 'X' },
    });
    expect(
      keyedState(
        page('<script>var data = { \'colorImages\': { \'initial\': [{"hiRes": "h.jpg"}] } };</script>'),
        'colorImages',
      ),
    ).toEqual({ initial: [{ hiRes: 'h.jpg' }] });
    const doc = page('<div data-a-state=\'{"key":"v"}\'></div><div data-a-state="not json"></div>');
    expect(attributeJson(doc.root, '[data-a-state]', 'data-a-state')).toEqual([{ key: 'v' }]);
  });
});
