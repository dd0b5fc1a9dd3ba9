// Requests whose answer follows the page's state: `useRequest(key, run)` runs `run` whenever
// `key` changes (null: nothing to ask), optionally after a pause (typing, dragging), and keeps the
// last answer on screen while the next one loads. An answer that arrives after the key moved on
// is dropped, so a slow answer never overwrites a newer one.
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "./api";

export interface Requested<T> {
  key: string | null; // the key `answer` or `error` belongs to
  answer: T | null; // the latest answer (null after an error)
  error: ApiError | null;
  loading: boolean;
}

export interface RequestOptions {
  delay?: number; // ms to wait before asking (a newer key cancels)
  keepError?: boolean; // keep the last error on screen while the next request runs
}

export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError({ status: 0, detail: String(e) });
}

export function useRequest<T>(key: string | null, run: () => Promise<T>, options: RequestOptions = {}): Requested<T> {
  const [state, setState] = useState<Requested<T>>({ key: null, answer: null, error: null, loading: false });
  useEffect(() => {
    if (key === null) {
      setState((s) => (s.loading ? { ...s, loading: false } : s));
      return;
    }
    let live = true;
    setState((s) => ({ ...s, error: options.keepError ? s.error : null, loading: true }));
    const ask = () =>
      run().then(
        (answer) => live && setState({ key, answer, error: null, loading: false }),
        (e) => live && setState({ key, answer: null, error: asApiError(e), loading: false }),
      );
    const timer = options.delay ? setTimeout(ask, options.delay) : (ask(), undefined);
    return () => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [key]);
  return state;
}

// `value`, once it has stopped changing for `ms`.
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}
