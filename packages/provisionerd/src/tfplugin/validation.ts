// Runs each attribute's `validate` option over a configuration, nested blocks included.
// Unknown and null values are skipped: Terraform validates again once they are known.
import { asList, asObject, type CtyValue, findUnknown } from './cty/value.js';
import type { AttributePath, Diagnostics } from './diagnostics.js';
import type { BlockSchema } from './schema.js';

export function validateAttributes(schema: BlockSchema, value: CtyValue, diagnostics: Diagnostics, path: AttributePath = []): void {
  const object = asObject(value);
  if (!object) return;
  for (const [name, { options }] of Object.entries(schema.attributes)) {
    const attributeValue = object[name] ?? null;
    if (!options.validate || attributeValue === null || findUnknown(attributeValue)) continue;
    const message = options.validate(attributeValue);
    if (message) diagnostics.error(`Invalid value for "${name}"`, { detail: message, path: [...path, name] });
  }
  for (const [name, nested] of Object.entries(schema.blocks ?? {})) {
    const nestedValue = object[name] ?? null;
    if (nested.nesting === 'list' || nested.nesting === 'set') {
      asList(nestedValue)?.forEach((element, index) =>
        validateAttributes(nested.block, element, diagnostics, nested.nesting === 'set' ? [...path, name] : [...path, name, index]));
    } else if (nested.nesting === 'map') {
      for (const [key, element] of Object.entries(asObject(nestedValue) ?? {})) {
        validateAttributes(nested.block, element, diagnostics, [...path, name, { key }]);
      }
    } else {
      validateAttributes(nested.block, nestedValue, diagnostics, [...path, name]);
    }
  }
}
