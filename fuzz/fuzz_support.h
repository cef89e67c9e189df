// What every fuzz target shares: reading the fuzzer's bytes, and the oracle. A parser of the core
// given hostile bytes may only return or throw a doorlock::Error with a caller-facing code. Any
// other exception (a nlohmann::json type_error, std::out_of_range, bad_alloc), an INTERNAL error,
// a failed property, and whatever ASan or UBSan catch are findings: the target aborts with a
// message, so libFuzzer stores the input as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "doorlock/error.h"

namespace doorlock::fuzz {

[[noreturn]] inline void fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "\nFUZZ FINDING: %s%s%s\n", what, detail.empty() ? "" : ": ", detail.c_str());
  std::abort();
}

// A property that must hold whenever the parser accepted the input.
inline void require(bool holds, const char* property, const std::string& detail = {}) {
  if (!holds)
    fail("property broken", detail.empty() ? std::string(property) : property + std::string(" (") + detail + ")");
}

// Runs one call on hostile input. INTERNAL is a finding unless `internal_allowed` (the value
// bridge's reader reports a malformed buffer that way, as no caller can produce one).
template <class Body>
void expect_clean_failure(Body&& body, bool internal_allowed = false) {
  try {
    body();
  } catch (const Error& error) {
    if (error.code() == ErrorCode::Internal && !internal_allowed) fail("INTERNAL error", error.message());
  } catch (const std::exception& error) {
    fail("exception that is not a doorlock::Error", error.what());
  }
}

// Splits the input: a leading selector byte (0 when empty) and the rest.
struct Input {
  const uint8_t* data;
  size_t size;

  uint8_t take_byte() {
    if (size == 0) return 0;
    --size;
    return *data++;
  }
  std::string_view text() const { return std::string_view(reinterpret_cast<const char*>(data), size); }
  // The text up to the first newline (consumed with it); all of it when there is none.
  std::string_view take_line() {
    const std::string_view all = text();
    const size_t newline = all.find('\n');
    const std::string_view line = all.substr(0, newline);
    const size_t used = newline == std::string_view::npos ? all.size() : newline + 1;
    data += used;
    size -= used;
    return line;
  }
};

// JSON text as the JS layer would have handed it over; discarded (not an exception) when the text
// is not JSON, which the target then skips: the JSON parser is nlohmann's, not ours.
inline nlohmann::json parse_json(std::string_view text) {
  return nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

// A dump that cannot throw on invalid UTF-8, for comparing JSON values.
inline std::string canonical(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace doorlock::fuzz
