// Walks runtime metadata the way a generic client must understand it, with
// no custom type definitions: every type id the pallets reference has to
// resolve in the portable registry and be constructible by @polkadot/types,
// and every constant has to decode.

import { stringCamelCase } from '@polkadot/util';

/**
 * Checks `metadata` (a decoded `Metadata`) against `registry` (which has that
 * metadata set). `consts` is the decorated constants object (`api.consts`).
 * Throws, naming the offending item, on the first failure; otherwise returns
 * how many items of each category were checked.
 */
export function walkMetadata(registry, metadata, consts) {
  const { lookup } = registry;
  const counts = {
    pallets: 0,
    callVariants: 0,
    eventVariants: 0,
    errorVariants: 0,
    storageItems: 0,
    constants: 0,
    typeIds: 0,
    registryTypes: 0,
  };
  const seen = new Set();

  // A referenced type id must resolve to a SiType and a TypeDef, and an
  // instance of its lookup-derived type name must be constructible.
  const checkType = (typeId, where) => {
    const id = typeId.toNumber();
    if (seen.has(id)) return;
    seen.add(id);
    try {
      lookup.getSiType(id);
      lookup.getTypeDef(id);
      registry.createType(registry.createLookupType(id));
    } catch (err) {
      throw new Error(`${where}: type id ${id} does not decode: ${err.message}`, { cause: err });
    }
    counts.typeIds++;
  };

  // Calls, events and errors are each one enum; check it and every variant's fields.
  const checkEnum = (typeId, where, counter) => {
    checkType(typeId, where);
    const { def } = lookup.getSiType(typeId);
    if (!def.isVariant) throw new Error(`${where}: type id ${typeId} is ${def.type}, not an enum`);
    for (const variant of def.asVariant.variants) {
      counts[counter]++;
      for (const field of variant.fields) checkType(field.type, `${where}.${variant.name}`);
    }
  };

  for (const pallet of metadata.asLatest.pallets) {
    const name = pallet.name.toString();
    counts.pallets++;

    if (pallet.calls.isSome) checkEnum(pallet.calls.unwrap().type, `${name} calls`, 'callVariants');
    if (pallet.events.isSome) checkEnum(pallet.events.unwrap().type, `${name} events`, 'eventVariants');
    if (pallet.errors.isSome) checkEnum(pallet.errors.unwrap().type, `${name} errors`, 'errorVariants');

    if (pallet.storage.isSome) {
      for (const item of pallet.storage.unwrap().items) {
        const where = `${name}.${item.name} storage`;
        counts.storageItems++;
        if (item.type.isPlain) {
          checkType(item.type.asPlain, where);
        } else {
          const { key, value } = item.type.asMap;
          checkType(key, `${where} key`);
          checkType(value, `${where} value`);
        }
      }
    }

    const section = stringCamelCase(name);
    for (const constant of pallet.constants) {
      const where = `${name}.${constant.name} constant`;
      counts.constants++;
      checkType(constant.type, where);
      const decoded = consts[section]?.[stringCamelCase(constant.name)];
      if (!decoded) throw new Error(`${where}: missing from api.consts.${section}`);
      try {
        decoded.toJSON();
      } catch (err) {
        throw new Error(`${where}: value does not decode: ${err.message}`, { cause: err });
      }
    }
  }

  // Beyond what the pallets reference (extrinsic format, runtime APIs, ...),
  // every type in the registry must at least have a type definition.
  for (const { id } of lookup.types) {
    try {
      lookup.getTypeDef(id);
    } catch (err) {
      throw new Error(`registry type id ${id}: ${err.message}`, { cause: err });
    }
    counts.registryTypes++;
  }

  return counts;
}
