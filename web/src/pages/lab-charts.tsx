// The lab's two charts, drawn with ECharts (tree-shaken: only the line and map charts and the
// components used here). ECharts is imported only by this module, which only the lazily loaded
// lab page imports, so no other page carries it. The prefecture map (TopoJSON, 63 KB) and
// topojson-client are imported on demand, as a chunk of their own.
import { LineChart, MapChart } from "echarts/charts";
import {
  GridComponent,
  MarkLineComponent,
  MarkPointComponent,
  TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import type { FeatureCollection } from "geojson";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Topology } from "topojson-specification";
import { number, percent } from "../format";
import { lang, t } from "../i18n";
import type { CurvePoint } from "../types";

echarts.use([
  LineChart,
  MapChart,
  GridComponent,
  TooltipComponent,
  VisualMapComponent,
  MarkLineComponent,
  MarkPointComponent,
  CanvasRenderer,
]);

// A threshold or other measured value: up to 4 decimals, none when whole ("200", "12.5").
export function amount(n: number): string {
  return n.toLocaleString(lang() === "en" ? "en-US" : "ja-JP", { maximumFractionDigits: 4 });
}

// One chart in a <div>: created on mount, disposed on unmount, resized with the window and the
// element; the option is set again whenever `key` changes (the data and the language).
// ECharts is never asked to lay out in an element of zero width or height (while the page is
// being laid out, say): the map's projection is then singular and ECharts throws. An option
// that arrives then waits for the element to get a size.
function useChart(option: () => echarts.EChartsCoreOption | null, key: string, onClick?: (name: string) => void) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pending = useRef<echarts.EChartsCoreOption | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  const sized = () => !!el.current && el.current.clientWidth > 0 && el.current.clientHeight > 0;
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: "canvas" });
    chart.current = c;
    c.on("click", (p) => {
      const name = (p as { name?: string }).name;
      if (name && click.current) click.current(name);
    });
    const resize = () => {
      if (!sized()) return;
      if (pending.current) {
        c.resize();
        c.setOption(pending.current, true);
        pending.current = null;
      } else {
        c.resize();
      }
    };
    window.addEventListener("resize", resize);
    const ro = typeof ResizeObserver === "function" ? new ResizeObserver(resize) : null;
    ro?.observe(el.current);
    return () => {
      window.removeEventListener("resize", resize);
      ro?.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    const o = option();
    if (!chart.current || !o) return;
    if (sized()) {
      // The element may have got its size while no option was set: lay out at that size first.
      const c = chart.current;
      if (c.getWidth() !== el.current!.clientWidth || c.getHeight() !== el.current!.clientHeight) c.resize();
      c.setOption(o, true);
      pending.current = null;
    } else {
      pending.current = o;
    }
  }, [key]);
  return el;
}

// --- the coverage curve of a calibrated threshold ------------------------------------------------

export function CoverageChart(props: {
  curve: CurvePoint[];
  chosen: CurvePoint | null;
  target: number;
  label: string;
}) {
  const { curve, chosen, target, label } = props;
  const points = [...curve].sort((a, b) => a.threshold - b.threshold);
  const positive = points.filter((p) => p.threshold > 0);
  const min = positive.length ? positive[0].threshold : 0;
  const max = points.length ? points[points.length - 1].threshold : 0;
  // A log scale when the thresholds span three orders of magnitude or more.
  const log = positive.length >= 2 && min > 0 && max / min >= 1000;
  const shown = log ? positive : points;
  const key = JSON.stringify([lang(), label, target, chosen, log, curve.length, curve[0], curve[curve.length - 1]]);
  const el = useChart(
    () => ({
      animation: false,
      grid: { left: 56, right: 24, top: 24, bottom: 56 },
      tooltip: {
        trigger: "axis",
        formatter: (ps: unknown) => {
          const p = (Array.isArray(ps) ? ps[0] : ps) as { dataIndex: number };
          const pt = shown[p.dataIndex];
          if (!pt) return "";
          return `${label} ≥ ${amount(pt.threshold)}<br>${t("該当", "Meeting it")}: ${number(pt.count)}<br>${t("カバー率", "Coverage")}: ${percent(pt.share)}`;
        },
      },
      xAxis: {
        type: log ? "log" : "value",
        name: `${label} (${t("閾値", "threshold")}${log ? t("・対数目盛", ", log scale") : ""})`,
        nameLocation: "middle",
        nameGap: 32,
        min: log ? undefined : "dataMin",
        axisLabel: { hideOverlap: true },
      },
      yAxis: {
        type: "value",
        name: t("カバー率 (%)", "Coverage (%)"),
        min: 0,
        max: 100,
      },
      series: [
        {
          type: "line",
          name: t("カバー率", "Coverage"),
          showSymbol: false,
          data: shown.map((p) => [p.threshold, Math.round(p.share * 10000) / 100]),
          lineStyle: { width: 2, color: "#0b5cad" },
          itemStyle: { color: "#0b5cad" },
          markLine: {
            symbol: "none",
            silent: true,
            label: { formatter: `${t("目標", "target")} ${percent(target)}`, position: "insideEndTop" },
            lineStyle: { type: "dashed", color: "#9a5b00" },
            data: [{ yAxis: target * 100 }],
          },
          markPoint: chosen
            ? {
                symbol: "pin",
                symbolSize: 44,
                itemStyle: { color: "#b3261e" },
                label: { fontSize: 10 },
                data: [
                  {
                    name: t("選ばれた閾値", "chosen threshold"),
                    coord: [chosen.threshold, Math.round(chosen.share * 10000) / 100],
                    value: amount(chosen.threshold),
                  },
                ],
              }
            : undefined,
        },
      ],
    }),
    key,
  );
  const summary = chosen
    ? t(
        `目標カバー率 ${percent(target)} を満たす閾値は ${label} ${amount(chosen.threshold)} 以上: ${number(chosen.count)} 者でカバー率 ${percent(chosen.share)}。`,
        `The threshold that reaches the target coverage of ${percent(target)} is ${label} ≥ ${amount(chosen.threshold)}: ${number(chosen.count)} meeting it cover ${percent(chosen.share)}.`,
      )
    : t(`目標カバー率 ${percent(target)} に届く閾値はありません。`, `No threshold reaches the target coverage of ${percent(target)}.`);
  return (
    <figure class="lab-figure">
      <div
        ref={el}
        class="chart"
        role="img"
        aria-label={`${t("カバー率曲線", "Coverage curve")}: ${label}. ${summary}`}
      />
      <figcaption class="small" data-testid="calibration-summary">
        {summary}{" "}
        <span class="muted">
          {t(
            `曲線は ${number(curve.length)} 点（閾値 ${amount(min)}〜${amount(max)}）。`,
            `The curve has ${number(curve.length)} points (thresholds ${amount(min)} to ${amount(max)}).`,
          )}
        </span>
      </figcaption>
    </figure>
  );
}

// --- the designees per prefecture on a map of Japan ---------------------------------------------

let japan: Promise<string[]> | null = null;

// Registers the map "japan" once; the prefectures' names (N03_001) in the map's order.
function loadJapan(): Promise<string[]> {
  japan ??= Promise.all([import("../data/japan-prefectures.topo.json"), import("topojson-client")]).then(
    ([topo, client]) => {
      const topology = (topo.default ?? topo) as unknown as Topology;
      const fc = client.feature(topology, topology.objects.prefectures) as unknown as FeatureCollection;
      echarts.registerMap("japan", fc as unknown as Parameters<typeof echarts.registerMap>[1]);
      return fc.features.map((f) => String((f.properties as Record<string, unknown>)?.N03_001 ?? ""));
    },
  );
  japan.catch(() => {
    japan = null;
  });
  return japan;
}

export function PrefectureMap(props: {
  counts: { prefecture: string; count: number }[];
  selected: string | null;
  onSelect: (prefecture: string) => void;
}) {
  const { counts, selected, onSelect } = props;
  const [names, setNames] = useState<string[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    loadJapan().then(
      (n) => live && setNames(n),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);
  const byName = new Map(counts.map((c) => [c.prefecture, c.count]));
  const max = Math.max(1, ...counts.filter((c) => c.prefecture).map((c) => c.count));
  const key = JSON.stringify([lang(), names?.length ?? 0, counts, selected]);
  const el = useChart(
    () =>
      names && {
        animation: false,
        tooltip: {
          trigger: "item",
          formatter: (p: unknown) => {
            const q = p as { name: string; value?: number };
            return `${q.name}: ${number(Number.isFinite(q.value) ? (q.value as number) : 0)} ${t("者", "")}`;
          },
        },
        visualMap: {
          type: "continuous",
          min: 0,
          max,
          left: 8,
          bottom: 8,
          text: [number(max), "0"],
          calculable: false,
          itemHeight: 100,
          inRange: { color: ["#eef3fa", "#9cc0e6", "#0b5cad", "#062f5c"] },
        },
        series: [
          {
            type: "map",
            map: "japan",
            nameProperty: "N03_001",
            roam: false,
            selectedMode: false,
            layoutCenter: ["50%", "50%"],
            layoutSize: "100%",
            aspectScale: 0.85,
            label: { show: false },
            emphasis: { label: { show: true, fontSize: 11 }, itemStyle: { areaColor: "#f0a000" } },
            itemStyle: { borderColor: "#8a94a0", borderWidth: 0.5 },
            data: names.map((n) => ({
              name: n,
              value: byName.get(n) ?? 0,
              itemStyle: n === selected ? { borderColor: "#f0a000", borderWidth: 2.5 } : undefined,
            })),
          },
        ],
      },
    key,
    onSelect,
  );
  const total = counts.reduce((s, c) => s + c.count, 0);
  const top = counts.filter((c) => c.prefecture).slice(0, 5);
  const zero = names ? names.filter((n) => !byName.get(n)).length : null;
  const unknown = byName.get("") ?? 0;
  return (
    <figure class="lab-figure">
      {failed ? (
        <p class="problem">{t("地図を読み込めませんでした。", "The map could not be loaded.")}</p>
      ) : (
        <div
          ref={el}
          class="map"
          role="img"
          aria-label={t(
            `都道府県別の指定対象数の地図。計 ${number(total)} 者。`,
            `Map of the operators designated per prefecture: ${number(total)} in all.`,
          )}
        />
      )}
      <figcaption>
        <p class="small" data-testid="map-summary">
          {t("都道府県別", "By prefecture")}: {top.map((c) => `${c.prefecture} ${number(c.count)}`).join("、")}
          {counts.filter((c) => c.prefecture).length > top.length && t(" ほか", " and others")}
          {zero !== null && t(`（0 者の都道府県: ${zero}）`, ` (prefectures with none: ${zero})`)}
          {unknown > 0 && t(`。所在地不明: ${number(unknown)} 者`, `; prefecture unknown: ${number(unknown)}`)}
        </p>
        <p class="credit">出典：国土数値情報（行政区域データ）（国土交通省）を加工して作成</p>
      </figcaption>
    </figure>
  );
}
