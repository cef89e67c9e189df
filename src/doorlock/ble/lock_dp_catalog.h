// The lock DP tables as plain data for JavaScript (dl.ble.lockDp.messages()) and for the generator
// of the lock-DP TypeScript declarations (js/scripts/generate-ble-types.mjs), so the declarations
// cannot drift from what the builders and parsers check:
// { options: [{ name, values? }], methods: [{ value, name }], warnings: [code],
//   messages: [{ name, dp, type, parser?, request: [field], variants: { fitting: [field],
//                named: [field] }, reply: [field], statuses: [{ value, name }] }] }
// field: { name, kind, required, requiredUnless?, min?, max?, default?, names?: [{ value, name }] }
// kind: 'u8' | 'u16' | 'u32' | 'flag' | 'validity' | 'window' | 'password' | 'name' | 'bytes8' |
//       'rest' | 'typeList' | 'decimal'
#pragma once

#include <nlohmann/json.hpp>

namespace doorlock::ble::lock_dp {

nlohmann::json describe_messages();

}  // namespace doorlock::ble::lock_dp
