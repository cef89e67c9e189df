// The catalog as plain data for JavaScript (dl.actions()) and for the generators of the TypeScript
// declarations and docs/cloud-api.md:
// [{ name, form?, summary, lockTypes, readOnly, params: [param], result }]
// param: { name, type, required, location, description, min?, max?, minLength?, maxLength?,
//          minItems?, format?, enum?, lockTypes?, requiredFor?, requiredWith?, after?,
//          passwordDigits?, fields? }
// result: { name: "result", type, required, description, alias?, fields? } (fields nest the same way)
#pragma once

#include <nlohmann/json.hpp>

namespace doorlock::api {

nlohmann::json describe_catalog();

}  // namespace doorlock::api
