// Sign-in: the session cookie; then back to the page the user came from.
import type { Health } from "../types";
import { useState } from "preact/hooks";
import { ApiError, get } from "../api";
import { t } from "../i18n";
import { navigate } from "../router";
import * as session from "../session";
import { ProblemBox, useLoad } from "../ui";

// Where to go after signing in: a path of this site (never another origin, never the sign-in page).
function safeNext(next: string | null): string {
  if (!next) return "/filings";
  try {
    const url = new URL(next, location.origin);
    if (url.origin !== location.origin || url.pathname === "/login") return "/filings";
    return url.pathname + url.search;
  } catch {
    return "/filings";
  }
}

export default function LoginPage({ params }: { path: string; params: URLSearchParams }) {
  const [user, setUser] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get("next");
  const health = useLoad(() => get<Health>("/api/v1/health"), []);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.login(user, password);
      navigate(safeNext(next));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card login">
      <h1>{t("ログイン", "Sign in")}</h1>
      <form onSubmit={submit}>
        <label>
          <span>{t("ログイン名", "User name")}</span>
          <input name="user" autocomplete="username" required value={user} onInput={(e) => setUser((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          <span>{t("パスワード", "Password")}</span>
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
        </label>
        <ProblemBox error={error} />
        <p>
          <button class="primary" type="submit" disabled={busy}>
            {t("ログイン", "Sign in")}
          </button>
        </p>
      </form>
      {health.data?.demo && (
      <p class="small muted">
        {t(
          "デモ（kikan serve --demo）のアカウント: cao（内閣府）、mlit（国土交通省 審査担当）、mhlw（厚生労働省）、kamigumi（株式会社上組）、nittsu（日本通運）。パスワードはいずれも kikan-demo。",
          "Demo accounts (kikan serve --demo): cao (Cabinet Office), mlit (MLIT reviewer), mhlw (MHLW), kamigumi (Kamigumi), nittsu (Nippon Express); the password of each is kikan-demo.",
        )}
      </p>
      )}
    </section>
  );
}
