import { FEATURE_NAMES, type Entitlements, type Feature, type FeatureName } from '@warren/sdk';

/**
 * Features Warren provides without a license. Everything else Coder's entitlements name is
 * answered as Coder's unlicensed server answers it: not entitled, not enabled.
 */
const PROVIDED: ReadonlySet<FeatureName> = new Set<FeatureName>(['external_provisioner_daemons']);

/** Coder's entitlements of a deployment without a license. */
export function entitlements(now: Date): Entitlements {
  const features = {} as Record<FeatureName, Feature>;
  for (const name of FEATURE_NAMES) {
    features[name] = PROVIDED.has(name) ? { entitlement: 'entitled', enabled: true } : { entitlement: 'not_entitled', enabled: false };
  }
  return { features, warnings: [], errors: [], has_license: false, trial: false, require_telemetry: false, refreshed_at: now.toISOString() };
}

/** Whether a feature is enabled; routes of features that are not answer Coder's premium-feature error. */
export function featureEnabled(name: FeatureName): boolean {
  return PROVIDED.has(name);
}
