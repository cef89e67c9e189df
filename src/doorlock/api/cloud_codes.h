// What the cloud's global error codes mean (dl.cloudCodeMeaning): Tuya's "Global error codes"
// page (https://developer.tuya.com/en/docs/iot/global-error-code?id=Kaa7xrmxyveaf) and its
// cloud-development error-code page. Action-specific codes are not listed there: for them the
// cloud's own `msg`, which CLOUD_ERROR carries in its message, is all there is.
#pragma once

#include <cstdint>

namespace doorlock::api {

// The meaning of a code of the global table, or nullptr for any other code.
const char* cloud_code_meaning(int64_t code) noexcept;

}  // namespace doorlock::api
