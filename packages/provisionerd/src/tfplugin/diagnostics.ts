// Diagnostics: the errors and warnings a provider reports to Terraform, each with an optional
// attribute path. Handlers add them through `ctx.diagnostics` or throw a ProviderError.
import { type AttributePath as ProtoPath, type Diagnostic as ProtoDiagnostic, Diagnostic_Severity } from './proto/tfplugin6.js';

/** An attribute name, a list index, or a map key. */
export type PathStep = string | number | { readonly key: string };
export type AttributePath = readonly PathStep[];

export interface DiagnosticOptions {
  detail?: string;
  path?: AttributePath;
}

/** Thrown by a handler to fail the operation with one error diagnostic. */
export class ProviderError extends Error {
  constructor(
    readonly summary: string,
    readonly options: DiagnosticOptions = {},
  ) {
    super(options.detail ? `${summary}: ${options.detail}` : summary);
  }
}

export class Diagnostics {
  readonly #list: ProtoDiagnostic[] = [];

  error(summary: string, options: DiagnosticOptions = {}): void {
    this.#list.push(toProto(Diagnostic_Severity.ERROR, summary, options));
  }

  warning(summary: string, options: DiagnosticOptions = {}): void {
    this.#list.push(toProto(Diagnostic_Severity.WARNING, summary, options));
  }

  /** Records a thrown value: a ProviderError as it is, anything else as an unexpected error. */
  fail(error: unknown): void {
    if (error instanceof ProviderError) this.error(error.summary, error.options);
    else this.error('Unexpected provider error', { detail: error instanceof Error ? error.message : String(error) });
  }

  get hasErrors(): boolean {
    return this.#list.some((diagnostic) => diagnostic.severity === Diagnostic_Severity.ERROR);
  }

  toProto(): ProtoDiagnostic[] {
    return [...this.#list];
  }
}

function toProto(severity: Diagnostic_Severity, summary: string, { detail, path }: DiagnosticOptions): ProtoDiagnostic {
  return { severity, summary, detail: detail ?? '', ...(path?.length ? { attribute: toProtoPath(path) } : {}) };
}

export function toProtoPath(path: AttributePath): ProtoPath {
  return {
    steps: path.map((step) =>
      typeof step === 'string' ? { attributeName: step } : typeof step === 'number' ? { elementKeyInt: step } : { elementKeyString: step.key }),
  };
}
