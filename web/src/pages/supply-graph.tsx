// A system's supply chain as an ECharts graph: the system, its components nested (parent → child),
// the parties that supply, make, provide or run them, and the operators that use it. ECharts (the
// graph chart only) is imported by this module alone, which the supply page loads on demand, so
// the page's first load does not carry it. The same facts are in the page's tables (for keyboard
// and screen-reader users); the chart is a picture of them.
import { GraphChart } from "echarts/charts";
import { LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "preact/hooks";
import { t } from "../i18n";
import type { SupplyComponent, SupplyGraph } from "../types";

echarts.use([GraphChart, TooltipComponent, LegendComponent, CanvasRenderer]);

interface Node {
  id: string;
  name: string;
  category: number;
  symbolSize: number;
}

export function graphData(g: SupplyGraph): { nodes: Node[]; links: { source: string; target: string }[] } {
  const nodes: Node[] = [{ id: "system", name: g.name, category: 0, symbolSize: 34 }];
  const links: { source: string; target: string }[] = [];
  const walk = (cs: SupplyComponent[], parent: string, depth: number) => {
    for (const c of cs) {
      const id = `c:${c.ref}`;
      nodes.push({ id, name: c.version ? `${c.name} ${c.version}` : c.name, category: 1, symbolSize: Math.max(10, 22 - depth * 4) });
      links.push({ source: parent, target: id });
      walk(c.components, id, depth + 1);
    }
  };
  walk(g.inventory.components, "system", 0);
  for (const s of g.inventory.services) {
    nodes.push({ id: `s:${s.ref}`, name: s.name, category: 1, symbolSize: 14 });
    links.push({ source: "system", target: `s:${s.ref}` });
  }
  const partyByName = new Map(g.parties.map((p) => [p.name, `p:${p.id}`]));
  for (const p of g.parties) nodes.push({ id: `p:${p.id}`, name: p.name, category: 2, symbolSize: 16 });
  const linkParty = (from: string, name: string | undefined) => {
    const to = name ? partyByName.get(name) : undefined;
    if (to) links.push({ source: from, target: to });
  };
  const parties = (cs: SupplyComponent[]) => {
    for (const c of cs) {
      linkParty(`c:${c.ref}`, c.supplier?.name);
      linkParty(`c:${c.ref}`, c.manufacturer?.name);
      parties(c.components);
    }
  };
  parties(g.inventory.components);
  for (const s of g.inventory.services) linkParty(`s:${s.ref}`, s.provider?.name);
  for (const l of g.party_links) links.push({ source: `p:${l.from}`, target: `p:${l.to}` });
  for (const o of g.operators) {
    nodes.push({ id: `o:${o.id}`, name: o.name, category: 3, symbolSize: 20 });
    links.push({ source: `o:${o.id}`, target: "system" });
  }
  return { nodes, links };
}

export default function SupplyGraphChart({ graph }: { graph: SupplyGraph }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: "canvas" });
    const { nodes, links } = graphData(graph);
    chart.setOption({
      tooltip: {},
      legend: { bottom: 0, textStyle: { fontSize: 11 } },
      series: [
        {
          type: "graph",
          layout: "force",
          top: 24,
          bottom: 48,
          roam: true,
          draggable: true,
          label: { show: true, position: "right", fontSize: 11, width: 140, overflow: "truncate" },
          labelLayout: { hideOverlap: true },
          force: { repulsion: 320, edgeLength: [50, 130], gravity: 0.08 },
          categories: [
            { name: t("システム", "System") },
            { name: t("構成要素・サービス", "Components and services") },
            { name: t("供給者・製造者・委託先", "Suppliers, makers, contractors") },
            { name: t("利用事業者", "Operators using it") },
          ],
          data: nodes,
          links,
          lineStyle: { opacity: 0.6 },
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.dispose();
    };
  }, [graph]);
  return (
    <div
      ref={el}
      class="supply-graph"
      role="img"
      aria-label={t(`${graph.name} の構成のグラフ（下の表と同じ内容）`, `A graph of ${graph.name}'s inventory (the tables below say the same)`)}
    />
  );
}
