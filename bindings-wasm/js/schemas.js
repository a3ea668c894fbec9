// The core's JSON Schemas for `schema(name)`, read from the package instead of the module: the
// build writes them from the core (bindings-wasm/build.rs) into the package, `schemas/NAME.json`
// for the Node build (this file is made CommonJS there and reads those files) and `web/schemas.js`
// for the browser build (the same texts, each shared definition once, imported here). The module
// checks each text against the SHA-256 of the core's text it carries.
import text from '../../../schemas.js';

/** The text of schema `name` (`undefined` when the package has none). */
export function schemaText(name) {
  return text(name);
}
