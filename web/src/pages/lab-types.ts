// The shapes of the criteria lab's answers (/api/v1/lab/…, src/api/lab_api.cc).
import type { Text } from "../i18n";

export interface LabDataset {
  id: string;
  name: string;
  description: string;
  synthetic: boolean;
  businesses: string[];
  fiscal_years: number[];
  notes: string[];
  citations: { text: string; url: string }[];
}

export interface DatasetsAnswer {
  datasets: LabDataset[];
}

// A place in the rule text: 1-based line and column; the end is exclusive. The server counts
// columns in UTF-16 code units of the text as sent (lab_api.cc), which is how JavaScript indexes
// strings.
export interface Diagnostic {
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  length: number;
  message: Text;
}

export interface CheckAnswer {
  criteria: string;
  ok: boolean;
  diagnostics: Diagnostic[];
}

export interface Member {
  id: string;
  name: string;
  prefecture: string;
}

export interface Coverage {
  metric: string;
  label: Text;
  part: number;
  whole: number;
  share: number;
}

export interface EvaluateAnswer {
  business: string;
  dataset: string;
  as_of: string;
  as_of_wareki?: string;
  fiscal_year: number | null;
  criteria: string;
  edited: boolean;
  warnings: Text[];
  population: number;
  designated: number;
  coverage: Coverage | null;
  compare: {
    criteria: string;
    fiscal_year?: number | null;
    designated: number;
    entered: Member[];
    left: Member[];
    stayed_count: number;
  } | null;
  designees: Member[];
  designees_truncated: boolean;
  by_prefecture: { prefecture: string; count: number }[];
}

export interface CurvePoint {
  threshold: number;
  count: number;
  share: number;
}

export interface CalibrateAnswer {
  metric: string;
  label: Text;
  target: number;
  fiscal_year: number | null;
  chosen: CurvePoint | null;
  curve_points?: number;
  curve: CurvePoint[];
  warnings?: Text[];
}

export type ExplainValue =
  | null
  | boolean
  | { int: number }
  | { decimal: string }
  | { ratio: [number, number]; percent: string }
  | { text: string }
  | { date: string }
  | { list: ExplainValue[] };

export interface ExplainNode {
  source: string;
  loc: { line: number; column: number };
  citation: string;
  value: ExplainValue;
  children: ExplainNode[];
}

export interface ExplainAnswer {
  operator: { id: string; name: string };
  designated: boolean;
  criteria: string;
  edited?: boolean;
  fiscal_year?: number | null;
  explanation: {
    schema_version: number;
    subject: { id: string; name: string; [k: string]: unknown };
    result: boolean;
    root: ExplainNode;
  };
  warnings?: Text[];
}
