// The report shape: exactly the JSON of the core's `Report` (core/src/model.rs), as plain
// objects and arrays. Optional (`?`) members are omitted when empty; `| null` members are always
// present.

export type ArtifactKind =
  | 'kubelet-config'
  | 'config-dropin'
  | 'configz'
  | 'cmdline'
  | 'systemd-unit'
  | 'systemd-dropin'
  | 'env-file'
  | 'ca-bundle';

export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'invalid';
export type Severity = 'info' | 'warning' | 'error';
export type Certainty = 'confirmed' | 'derived';

/** Lines and columns are 1-based; columns count characters. */
export interface Location {
  /** Index of the artifact in the evidence list. */
  artifact?: number;
  /** The artifact's node path, or `artifact #N`. */
  source?: string;
  line?: number;
  column?: number;
  /** For command-line evidence: index into the kubelet's argv. */
  argv_index?: number;
  /** The whole text of the line at `line`. */
  excerpt?: string;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  location?: Location;
  rules?: string[];
}

export interface Source {
  what: string;
  /** `""` = explicitly empty; absent = not applicable. */
  value?: string;
  location: Location;
}

export interface Provenance {
  decided_by?: Source;
  via?: Source[];
  overridden?: Source[];
}

export interface Unseen {
  what: string;
  reference: string;
  could_decide: boolean;
  referenced_at?: Location;
}

export interface BenchmarkRef {
  benchmark: string;
  version: string;
  control: string;
}

export interface RuleInfo {
  id: string;
  title: string;
  benchmarks: BenchmarkRef[];
}

export interface JudgedVersion {
  version: string;
  reason: string;
}

export interface Remediation {
  platform: string;
  summary: string;
  steps: string[];
}

export interface ArtifactSummary {
  index: number;
  name: string;
  path?: string;
  kind: ArtifactKind;
  kind_from: 'given' | 'detected' | 'inferred' | string;
  role: 'used' | 'ignored' | 'unreferenced' | string;
  note?: string;
}

export interface Effective {
  argv?: string[];
  config_file?: string;
  config_dir?: string;
  dropins?: string[];
  anonymous_auth?: boolean;
  webhook_authn?: boolean;
  ca_path_opened?: string;
  merge_mode?: 'none' | 'internal' | 'v1beta1' | string;
}

export interface Report {
  schema_version: number;
  tool: string;
  tool_version: string;
  rule: RuleInfo;
  verdict: Verdict;
  client_ca_file: string | null;
  certainty: Certainty;
  summary: string;
  provenance: Provenance;
  diagnostics: Diagnostic[];
  unseen: Unseen[];
  judged_version: JudgedVersion | null;
  platform: string;
  remediation: Remediation | null;
  effective: Effective;
  artifacts: ArtifactSummary[];
}
