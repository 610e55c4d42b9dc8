// Type declarations of the kubeletlint WebAssembly package (index.js).
import type { Report, RuleInfo, ArtifactKind } from './report';
export * from './report';

/** One piece of evidence. `kind` is detected when absent (`"auto"` and `""` mean absent too). */
export interface ArtifactInput {
  text: string;
  /** Where the artifact lives on the node, e.g. `/etc/default/kubelet`. */
  path?: string | null;
  /** An {@link ArtifactKind} or one of the core's aliases (`envfile`, `unit`, `ps`, ...). */
  kind?: ArtifactKind | string | null;
}

/** The core's `Options` (snake_case, like the report). */
export interface Options {
  /** The kubelet version to judge as (`1.30`, `v1.30.2`). */
  kubelet_version?: string;
  /** `KUBELET_CONFIG_DROPIN_DIR_ALPHA` is set in the kubelet's environment (1.28-1.29). */
  dropin_alpha_env?: boolean;
  /** "now", seconds since the Unix epoch, for certificate validity. */
  now_unix?: number;
  /** Node paths known not to exist on the node (absent, not unknown). */
  absent_paths?: string[];
  /** Directories known to exist and to be empty (an empty `--config-dir`). */
  empty_dirs?: string[];
}

/** Thrown for unusable input. `message` is `source:line:column: detail` (known parts only). */
export interface KubeletlintInputError extends Error {
  kind: 'input';
  detail: string;
  source: string | null;
  artifact: number | null;
  line: number | null;
  column: number | null;
}

/** Thrown when the module trapped (a bug); the module was re-instantiated when `restarted`. */
export interface KubeletlintInternalError extends Error {
  kind: 'internal';
  restarted: boolean;
}

/** Instantiates the module once (default: from the embedded bytes; no network access). */
export function load(source?: BufferSource | WebAssembly.Module | URL | string | Response): Promise<void>;
/** How many times the module was re-instantiated after a trap. */
export function restartCount(): number;
/** Checks the evidence. Throws {@link KubeletlintInputError} for unusable input. */
export function check(artifacts: ArtifactInput[], options?: Options | null): Report;
/** The kind the core detects, or null. */
export function detectKind(text: string, path?: string | null): ArtifactKind | null;
export function version(): string;
export function kinds(): ArtifactKind[];
export function rule(): RuleInfo;
export function explain(): string;
export type Format = 'json' | 'text' | 'text-color' | 'kube-bench' | 'sarif' | 'junit' | 'redacted-json';
export function formats(): Format[];
/** Checks the evidence and renders the report with one of the core's renderings. */
export function render(artifacts: ArtifactInput[], format: Format, options?: Options | null): string;
export function renderText(artifacts: ArtifactInput[], options?: Options | null, color?: boolean): string;
/** The report as pretty-printed JSON (the documented schema). */
export function renderJson(artifacts: ArtifactInput[], options?: Options | null): string;
/** kube-bench-compatible JSON. */
export function renderKubeBench(artifacts: ArtifactInput[], options?: Options | null): string;
/** SARIF 2.1.0. */
export function renderSarif(artifacts: ArtifactInput[], options?: Options | null): string;
/** JUnit XML. */
export function renderJunit(artifacts: ArtifactInput[], options?: Options | null): string;
/** The report with values and paths masked. */
export function redact(artifacts: ArtifactInput[], options?: Options | null): Report;
/** @internal Panics inside the module on purpose (recovery tests). */
export function __panicForTesting(): never;
