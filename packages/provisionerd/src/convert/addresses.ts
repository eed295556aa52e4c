/** Terraform resource addresses, and the labels `terraform graph` gives their nodes. */

/** The graph label of an address: the address with the instance index cut off. */
export function addressToLabel(address: string): string {
  const bracket = address.indexOf('[');
  return bracket === -1 ? address : address.slice(0, bracket);
}

/** What a resource's module path is when its address cannot be parsed. */
export const INVALID_ADDRESS_MODULE_PATH = 'invalid terraform address';

const IDENTIFIER = '[A-Za-z_-][A-Za-z0-9_-]*';
const INDEX = String.raw`\[(?:-?[0-9]+|"(?:[^"\\\x00-\x1f]|\\.)*")\]`;
const MODULE_CALL = `module\\.${IDENTIFIER}(?:${INDEX})?`;
const ADDRESS = new RegExp(
  `^((?:${MODULE_CALL}\\.)*)(?:data\\.)?${IDENTIFIER}\\.${IDENTIFIER}(?:${INDEX})?$`,
);

/**
 * The module part of a resource address: `""` for the root module, `module.a[0].module.b` for
 * nested ones, or {@link INVALID_ADDRESS_MODULE_PATH} when the address does not parse.
 */
export function addressToModulePath(address: string): string {
  const match = ADDRESS.exec(address);
  if (!match) return INVALID_ADDRESS_MODULE_PATH;
  return (match[1] ?? '').replace(/\.$/, '');
}
