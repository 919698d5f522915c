/** SHA-256 with the browser's own crypto.subtle, as lower-case hex. */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function utf8(text: string): ArrayBuffer {
  return new TextEncoder().encode(text).buffer as ArrayBuffer;
}

/** The bytes of a base64 `data:` URL (what captureVisibleTab returns). */
export function dataUrlBytes(dataUrl: string): { contentType: string; bytes: ArrayBuffer } {
  const m = /^data:([^;,]+)(;base64)?,(.*)$/s.exec(dataUrl);
  if (!m || !m[2]) throw new Error('not a base64 data: URL');
  const bin = atob(m[3] ?? '');
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return { contentType: m[1] ?? 'application/octet-stream', bytes: out.buffer };
}
