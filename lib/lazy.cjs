'use strict';
// Result objects whose big parts cross the napi boundary only when first read ("only the report
// crosses on hot paths"), yet look like the plain objects they replace: every key is an own
// enumerable property in the same order, so property access, `Object.keys`, spreading,
// `JSON.stringify`, `structuredClone` and `assert.deepStrictEqual` see the same thing. A deferred key
// is an accessor until its first read, which loads the value once and turns the key into an
// ordinary data property; assigning to it before reading also just makes it a data property.

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

class Deferred {
  constructor(load) {
    this.load = load;
  }
}

/** A value `lazyObject` loads on first read. */
const deferred = (load) => new Deferred(load);

const data = (value) => ({ value, writable: true, enumerable: true, configurable: true });

/** A plain object of `entries` (`[key, value | deferred(load)]`, in key order). */
function lazyObject(entries) {
  const target = {};
  // Values already loaded, kept for an object frozen before its first read (its accessors stay).
  const loaded = new Map();
  const lazyKeys = [];
  for (const [key, value] of entries) {
    if (!(value instanceof Deferred)) {
      target[key] = value;
      continue;
    }
    lazyKeys.push(key);
    Object.defineProperty(target, key, {
      enumerable: true,
      configurable: true,
      get() {
        if (!loaded.has(key)) loaded.set(key, value.load());
        const result = loaded.get(key);
        Reflect.defineProperty(target, key, data(result));
        return result;
      },
      set(replacement) {
        Reflect.defineProperty(target, key, data(replacement));
      },
    });
  }
  if (lazyKeys.length > 0) {
    // `util.inspect`/`console.log` would print the accessors as `[Getter/Setter]`: load them first.
    Object.defineProperty(target, INSPECT, {
      configurable: true,
      writable: true,
      enumerable: false,
      value() {
        for (const key of lazyKeys) void target[key];
        delete target[INSPECT];
        return target;
      },
    });
  }
  return target;
}

module.exports = { lazyObject, deferred };
