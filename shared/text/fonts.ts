/**
 * The one font stack every HTML page the project writes names (reports,
 * notices, evidence package indexes): CJK-capable faces first, so Chinese and
 * Japanese listing titles and seller names render with a font that has their
 * glyphs on Linux (Noto / Source Han), macOS (PingFang) and Windows (YaHei)
 * rather than as boxes or in a mismatched fallback.
 */
export const CJK_FONT_STACK =
  '"Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

/** Monospace for hashes and ids, with a CJK-capable face for any wide text among them. */
export const CJK_MONO_STACK = 'ui-monospace, "Noto Sans Mono CJK SC", monospace';
