// A filing's contents as plain JSON, addressed by JSON pointers (RFC 6901): what the editor
// reads and writes, and the pointers the server's findings and errors carry.

export type Json = Record<string, unknown>;

const unescape = (s: string) => s.replace(/~1/g, "/").replace(/~0/g, "~");
// One reference token of a JSON pointer (RFC 6901): "~" → "~0", "/" → "~1".
export const esc = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
export const parts = (ptr: string) => (ptr === "" ? [] : ptr.slice(1).split("/").map(unescape));

export function getAt(obj: unknown, ptr: string): unknown {
  let cur: unknown = obj;
  for (const p of parts(ptr)) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Json)[p];
  }
  return cur;
}

// A copy of `obj` with the value at `ptr` replaced (containers created on the way; undefined
// removes the member).
export function setAt(obj: Json, ptr: string, value: unknown): Json {
  const ps = parts(ptr);
  const rec = (cur: unknown, i: number): unknown => {
    const key = ps[i];
    // The container keeps its kind; a missing one is an object (lists are created whole, by List).
    const base: Json | unknown[] = Array.isArray(cur) ? [...cur] : cur && typeof cur === "object" ? { ...(cur as Json) } : {};
    const next = i === ps.length - 1 ? value : rec((base as Json)[key], i + 1);
    if (next === undefined && !Array.isArray(base)) delete (base as Json)[key];
    else (base as Json)[key] = next;
    return base;
  };
  return rec(obj, 0) as Json;
}

// What is sent: empty strings and empty objects dropped (the server reads an absent item as
// missing), empty lists kept (an empty shareholder list says "none").
export function prune(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(prune);
  if (v && typeof v === "object") {
    const out: Json = {};
    for (const [k, x] of Object.entries(v as Json)) {
      const p = prune(x);
      if (p === undefined || p === "") continue;
      if (p && typeof p === "object" && !Array.isArray(p) && Object.keys(p).length === 0) continue;
      out[k] = p;
    }
    return out;
  }
  return v;
}

// "/suppliers/1/corporate_number" → "suppliers[].corporate_number" (the form's item path).
export const itemPath = (ptr: string) =>
  parts(ptr)
    .map((p) => (/^\d+$/.test(p) ? "[]" : p))
    .join(".")
    .replace(/\.\[\]/g, "[]");
