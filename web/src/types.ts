// The shapes of the server's JSON answers the pages use (docs/server.md).
import type { Text } from "./i18n";

export interface CriteriaVersion {
  business: string;
  version: string;
  name: Text;
  status: "in_force" | "proposed" | "repealed" | string;
  citation: string;
  rule: string;
  rationale: string;
  note: string;
  effective_from: string | null;
  effective_from_wareki?: string;
  effective_until: string | null;
  effective_until_wareki?: string;
}

export interface EquipmentDef {
  business: string;
  id: string;
  version: string;
  name: Text;
  match: "all_of" | "any_of";
  functions: { id: string; name?: Text }[];
  citation: string;
  status: string;
  effective_from?: string | null;
  effective_from_wareki?: string;
  effective_until?: string | null;
  [k: string]: unknown;
}

export interface FormItem {
  path: string;
  label: Text;
}

export interface Form {
  kind: string;
  version: string;
  name: Text;
  citation: string;
  items: FormItem[];
  checklist?: { id: string; label: Text; [k: string]: unknown }[];
  attachments?: { kind: string; label: Text; [k: string]: unknown }[];
  [k: string]: unknown;
}

export interface TimelineEvent {
  date: string;
  date_wareki?: string;
  time?: string;
  kind: string;
  text: Text;
  business?: string;
  planned: boolean;
  approximate: boolean;
  citation: string;
  figures?: Record<string, unknown>;
}

export interface Pack {
  id: string;
  name: Text;
  version?: string;
  sector: { id: string; name: Text; act: string };
  ministry: { id: string; name: Text };
  act_status: { in_force: boolean; law: string; description: Text; in_force_from: string | null };
  businesses: { id: string; name: Text; cabinet_order: string; note: string }[];
  criteria: CriteriaVersion[];
  equipment: EquipmentDef[];
  forms: Form[];
  timeline: TimelineEvent[];
}

export interface RegimeAnswer {
  packs: Pack[];
}

export interface DutyRule {
  id: string;
  text: Text;
  basis: Text;
}

export interface Site {
  harbour: string;
  harbour_name: string;
  port: string;
  port_name: string;
  order: number; // the harbour's row in the dataset (the data's order)
}

export interface Designation {
  id: number;
  operator: { id: string; name_ja: string; name_en: string; corporate_number: string; prefecture: string };
  business: string;
  business_name: Text;
  ministry: string;
  designated_on: string;
  designated_on_wareki: string;
  gazette_ref: string;
  criteria_version: string;
  duty_from: string;
  duty_from_wareki: string;
  duty_from_rules: DutyRule[];
  revoked_on: string | null;
  revoked_on_wareki?: string;
  revocation_reason: string;
  sites?: Site[];
}
