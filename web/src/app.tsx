// The shell: header with the six pages, the language switch and sign-in; the page of the path.
// Pages are loaded on demand, so the first page carries only its own code (the JavaScript budget
// in scripts/check-budget.mjs), and charts and the map come with the lab.
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { lang, setLang, t, tx } from "./i18n";
import { navigate, onLinkClick, useLocation } from "./router";
import * as session from "./session";
import { Loading } from "./ui";

type PageModule = { default: ComponentType<{ path: string; params: URLSearchParams }> };

interface PageDef {
  path: string;
  ja: string;
  en: string;
  load: () => Promise<PageModule>;
}

const pages: PageDef[] = [
  { path: "/regime", ja: "制度", en: "Regime", load: () => import("./pages/regime") },
  { path: "/register", ja: "指定事業者", en: "Register", load: () => import("./pages/register") },
  { path: "/lab", ja: "基準シミュレータ", en: "Criteria lab", load: () => import("./pages/lab") },
  { path: "/filings", ja: "届出", en: "Filings", load: () => import("./pages/filings") },
  { path: "/supply", ja: "サプライチェーン", en: "Supply chain", load: () => import("./pages/supply") },
  { path: "/audit", ja: "監査", en: "Audit record", load: () => import("./pages/audit") },
];
const loginPage: PageDef = { path: "/login", ja: "ログイン", en: "Sign in", load: () => import("./pages/login") };

function pageFor(path: string): PageDef | null {
  if (path === "/") return pages[0];
  if (path === loginPage.path) return loginPage;
  return pages.find((p) => path === p.path || path.startsWith(p.path + "/")) ?? null;
}

export function App() {
  const { path, params } = useLocation();
  const [, setTick] = useState(0);
  const [page, setPage] = useState<{ def: PageDef; mod: PageModule } | null>(null);
  const [loadFailed, setLoadFailed] = useState<string | null>(null);
  const [signOutFailed, setSignOutFailed] = useState(false);
  const [ready, setReady] = useState(false);
  const rerender = () => setTick((n) => n + 1);

  useEffect(() => {
    const off = session.onChange(rerender);
    session.refresh().finally(() => setReady(true));
    return off;
  }, []);

  const def = pageFor(path);
  useEffect(() => {
    if (!def) return;
    let live = true;
    setLoadFailed(null);
    def.load().then(
      (mod) => live && setPage({ def, mod }),
      // A page's code could not be fetched (a stale tab after an update, the network).
      () => live && setLoadFailed(def.path),
    );
    return () => {
      live = false;
    };
  }, [def?.path]);

  useEffect(() => {
    const name = def ? t(def.ja, def.en) : t("見つかりません", "Not found");
    document.title = `${name} — Kikan ${t("基幹インフラ制度", "critical infrastructure regime")}`;
  });

  const me = session.current();
  const switchLang = () => {
    setLang(lang() === "ja" ? "en" : "ja");
    rerender();
  };
  const Page = page && def && page.def.path === def.path ? page.mod.default : null;

  return (
    <div class="shell" onClick={onLinkClick as unknown as (e: MouseEvent) => void}>
      <a class="skip" href="#main">
        {t("本文へ移動", "Skip to content")}
      </a>
      <header class="top">
        <a class="brand" href="/regime">
          Kikan <span>{t("基幹インフラ制度", "Critical infrastructure regime")}</span>
        </a>
        <nav aria-label={t("ページ", "Pages")}>
          <ul>
            {pages.map((p) => (
              <li key={p.path}>
                <a href={p.path} aria-current={def === p ? "page" : undefined}>
                  {t(p.ja, p.en)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="tools">
          <button type="button" class="lang" onClick={switchLang} lang={lang() === "ja" ? "en" : "ja"}>
            {lang() === "ja" ? "English" : "日本語"}
          </button>
          {me.user ? (
            <span class="who">
              <span class="user" title={me.user.login}>
                {tx(me.user.display_name)}
              </span>
              <button
                type="button"
                onClick={() => {
                  setSignOutFailed(false);
                  session.logout().then(
                    () => navigate("/regime"),
                    () => setSignOutFailed(true),
                  );
                }}
              >
                {t("ログアウト", "Sign out")}
              </button>
              {signOutFailed && (
                <span role="alert" class="small">
                  {t("ログアウトできませんでした。もう一度お試しください。", "Sign-out failed; please try again.")}
                </span>
              )}
            </span>
          ) : (
            <a class="button" href={`/login?next=${encodeURIComponent(path + location.search)}`}>
              {t("ログイン", "Sign in")}
            </a>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {!def ? (
          <section class="card">
            <h1>{t("ページが見つかりません", "Page not found")}</h1>
            <p>
              <a href="/regime">{t("制度のページへ", "Go to the regime")}</a>
            </p>
          </section>
        ) : loadFailed === def.path ? (
          <section class="card" role="alert">
            <p>{t("ページを読み込めませんでした。", "The page could not be loaded.")}</p>
            <button type="button" onClick={() => location.reload()}>
              {t("再読み込み", "Reload")}
            </button>
          </section>
        ) : Page && ready ? (
          <Page key={me.role + (me.user?.id ?? "")} path={path} params={params} />
        ) : (
          <Loading />
        )}
      </main>
      <footer class="foot">
        <p>
          {t(
            "Kikan — 経済安全保障推進法 第3章（基幹インフラ制度）のオープンな実装。表示中の事業者データの一部は合成データです（各ページに表示）。",
            "Kikan — an open implementation of the Economic Security Promotion Act, Chapter 3. Part of the operator data shown is synthetic (marked on each page).",
          )}
        </p>
      </footer>
    </div>
  );
}
