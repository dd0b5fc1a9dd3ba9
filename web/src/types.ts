// The shapes of the server's JSON: names for the schemas of the OpenAPI document
// (src/api/openapi.json), whose TypeScript form `npm run gen:types` writes to src/generated/api.ts
// at every build. Nothing here is written by hand: change the document (and the server), and the
// build tells every page that relies on the old shape. tests/contract.spec.ts checks that the
// server answers as the document says.
import type { components } from "./generated/api";

type Schemas = components["schemas"];

// --- common --------------------------------------------------------------------------------------
export type Text = Schemas["Text"];
export type Problem = Schemas["Problem"];
export type FieldError = NonNullable<Problem["errors"]>[number];
export type AppliedRule = Schemas["AppliedRule"];
export type Reference = Schemas["Reference"];
export type DateBasis = NonNullable<Schemas["DateBasis"]>;

// --- sessions ------------------------------------------------------------------------------------
export type Me = Schemas["Me"];
export type User = Schemas["User"];
export type Role = Me["role"];
export type LoginAnswer = Schemas["LoginAnswer"];
export type Health = Schemas["Health"];

// --- the regime ----------------------------------------------------------------------------------
export type RegimeAnswer = Schemas["Regime"];
export type Pack = Schemas["Pack"];
export type ListedCase = Schemas["ListedCase"];
export type OrganizationName = Schemas["OrganizationName"];
export type Business = Schemas["Business"];
export type CriteriaVersion = Schemas["CriteriaVersion"];
export type FieldRef = Schemas["FieldRef"];
export type EquipmentDef = Schemas["EquipmentDefinition"];
export type Form = Schemas["Form"];
export type FormItem = Form["items"][number];
export type TimelineEvent = Schemas["TimelineEvent"];

// --- the register --------------------------------------------------------------------------------
export type Designation = Schemas["Designation"];
export type DesignationList = Schemas["DesignationList"];
export type Site = Schemas["Site"];
export type DutyRule = AppliedRule;

// --- filings -------------------------------------------------------------------------------------
export type Filing = Schemas["Filing"];
export type FilingSummary = Schemas["FilingSummary"];
export type FilingList = Schemas["FilingList"];
export type FilingContents = Schemas["FilingContents"];
export type FilingEvent = Schemas["FilingEvent"];
export type Finding = Schemas["Finding"];
export type Deadlines = Schemas["Deadlines"];
export type Deadline = Deadlines["items"][number];
export type DeadlineRule = AppliedRule;
export type AllowedAct = Schemas["AllowedAct"];
export type ActRequest = Schemas["ActRequest"];
export type Queue = Schemas["Queue"];
export type QueueItem = Queue["items"][number];

// --- audit ---------------------------------------------------------------------------------------
export type AuditEvent = Schemas["AuditEvent"];
export type AuditEvents = Schemas["AuditEvents"];
export type VerifyReport = Schemas["VerifyReport"];

// --- the criteria lab ----------------------------------------------------------------------------
export type LabDataset = Schemas["LabDataset"];
export type DatasetsAnswer = Schemas["LabDatasets"];
export type Diagnostic = Schemas["Diagnostic"];
export type CheckRequest = Schemas["CheckRequest"];
export type CheckAnswer = Schemas["CheckAnswer"];
export type Member = Schemas["LabMember"];
export type EvaluateRequest = Schemas["EvaluateRequest"];
export type EvaluateAnswer = Schemas["EvaluateAnswer"];
export type Coverage = NonNullable<EvaluateAnswer["coverage"]>;
export type CurvePoint = Schemas["CurvePoint"];
export type CalibrateRequest = Schemas["CalibrateRequest"];
export type CalibrateAnswer = Schemas["CalibrateAnswer"];
export type ExplainRequest = Schemas["ExplainRequest"];
export type ExplainValue = Schemas["ExplainValue"];
export type ExplainNode = Schemas["ExplainNode"];
export type ExplainAnswer = Schemas["ExplainAnswer"];

// --- the supply chain ---------------------------------------------------------------------------
export type SupplySystemList = Schemas["SupplySystemList"];
export type SupplySystemSummary = Schemas["SupplySystemSummary"];
export type SupplyGraph = Schemas["SupplyGraph"];
export type SupplyPartyMatch = Schemas["SupplyPartyMatch"];
export type SupplyMatchDecision = Schemas["SupplyMatchDecision"];
export type SupplyComponent = Schemas["SupplyComponent"];
export type SupplyWhoUses = Schemas["SupplyWhoUses"];
export type SupplyWhatIf = Schemas["SupplyWhatIf"];
export type SupplySuggestions = Schemas["SupplySuggestions"];
export type SupplySuggestion = SupplySuggestions["suggestions"][number];
export type SupplyFindings = Schemas["SupplyFindings"];
export type SupplyFinding = Schemas["SupplyFinding"];
export type SupplyConcentration = Schemas["SupplyConcentration"];
export type SupplyConcentrationDimension = Schemas["SupplyConcentrationDimension"];
