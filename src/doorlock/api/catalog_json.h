// The catalog as plain data for JavaScript (dl.actions()) and for the generators of the TypeScript
// declarations and docs/cloud-api.md:
// [{ name, form?, summary, lockTypes, readOnly, passwordRequest?, params: [param], result }]
// (passwordRequest: true on the actions dl.buildPasswordRequest builds)
// param: { name, type, required, location, description, min?, max?, minLength?, maxLength?,
//          minItems?, format?, enum?, lockTypes?, requiredFor?, requiredWith?, after?,
//          passwordDigits?, fields? }
// result: { name: "result", type, required, description, alias?, fields? } (fields nest the same way)
#pragma once

#include <string>

namespace doorlock::api {

// JSON text: written directly, as the module hands it to JSON.parse and nothing else reads it.
std::string describe_catalog();

}  // namespace doorlock::api
