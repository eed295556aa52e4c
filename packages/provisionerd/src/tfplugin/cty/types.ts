// cty types, the type system of Terraform values, and their JSON form used in schemas and in
// dynamic values ("string", ["list","string"], ["object",{"a":"number"}], ...).

export type CtyPrimitive = 'string' | 'number' | 'bool';

export type CtyType =
  | CtyPrimitive
  | 'dynamic'
  | { readonly list: CtyType }
  | { readonly set: CtyType }
  | { readonly map: CtyType }
  | { readonly object: Readonly<Record<string, CtyType>> }
  | { readonly tuple: readonly CtyType[] };

type TypeJson = string | [string, TypeJson | Record<string, TypeJson> | TypeJson[], ...unknown[]];

export function typeToJson(type: CtyType): TypeJson {
  if (typeof type === 'string') return type;
  if ('list' in type) return ['list', typeToJson(type.list)];
  if ('set' in type) return ['set', typeToJson(type.set)];
  if ('map' in type) return ['map', typeToJson(type.map)];
  if ('tuple' in type) return ['tuple', type.tuple.map(typeToJson)];
  const attributes: Record<string, TypeJson> = {};
  for (const name of Object.keys(type.object).sort()) attributes[name] = typeToJson(type.object[name]!);
  return ['object', attributes];
}

/** The bytes Terraform expects in `Schema.Attribute.type`: JSON text, quotes included. */
export function typeToJsonBytes(type: CtyType): Uint8Array {
  return Buffer.from(JSON.stringify(typeToJson(type)));
}

export function typeFromJson(json: unknown): CtyType {
  if (json === 'string' || json === 'number' || json === 'bool' || json === 'dynamic') return json;
  if (Array.isArray(json) && typeof json[0] === 'string') {
    const [kind, arg] = json as [string, unknown];
    switch (kind) {
      case 'list':
        return { list: typeFromJson(arg) };
      case 'set':
        return { set: typeFromJson(arg) };
      case 'map':
        return { map: typeFromJson(arg) };
      case 'tuple':
        if (Array.isArray(arg)) return { tuple: arg.map(typeFromJson) };
        break;
      case 'object':
        if (arg !== null && typeof arg === 'object' && !Array.isArray(arg)) {
          const object: Record<string, CtyType> = {};
          for (const [name, attributeType] of Object.entries(arg)) object[name] = typeFromJson(attributeType);
          return { object };
        }
        break;
    }
  }
  throw new TypeError(`Not a cty type: ${JSON.stringify(json)}.`);
}
