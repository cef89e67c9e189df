// Errors of the core. Every failure that a caller can cause is a doorlock::Error with a stable
// code, a human message and, where it applies, the path of the offending field. Messages never
// contain key material: callers pass secrets, errors only name the field.
#pragma once

#include <cstdint>
#include <exception>
#include <initializer_list>
#include <string>
#include <string_view>

#include "doorlock/path.h"

namespace doorlock {

enum class ErrorCode {
  InvalidArgument,
  UnsupportedForLockType,
  CloudError,
  BadResponse,
  BadFrame,
  CrcMismatch,
  ReplayedSn,
  NoSecureRandom,
  InvalidState,
  Internal,
};

// The stable string form that crosses into JavaScript ("INVALID_ARGUMENT", ...).
const char* error_code_name(ErrorCode code) noexcept;

class Error : public std::exception {
 public:
  Error(ErrorCode code, std::string message, std::string field = {});

  ErrorCode code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }
  const std::string& field() const noexcept { return field_; }
  const char* what() const noexcept override { return message_.c_str(); }

  // Only for CLOUD_ERROR: the cloud's own error code, when the body carried one.
  bool has_cloud_code() const noexcept { return has_cloud_code_; }
  int64_t cloud_code() const noexcept { return cloud_code_; }
  Error& with_cloud_code(int64_t cloud_code) noexcept;

 private:
  ErrorCode code_;
  std::string message_;
  std::string field_;
  bool has_cloud_code_ = false;
  int64_t cloud_code_ = 0;
};

// Throwing happens out of line, in cold functions that take views: a call site then builds no
// strings and holds no temporaries, which keeps the exception landing pads that Emscripten's
// JS-based exception catching puts around every throwing call out of the common path.
#define DOORLOCK_COLD [[noreturn, gnu::cold, gnu::noinline]]

DOORLOCK_COLD void throw_error(ErrorCode code, std::string_view message, std::string_view field = {});

// Shorthand for the most common failure: a caller-supplied value is wrong ("field: message").
DOORLOCK_COLD void throw_invalid(const Path& field, std::string_view message);

// The same with a message of parts, joined only when thrown: {"must be ", what, ", got ", type}.
DOORLOCK_COLD void throw_error(ErrorCode code, std::initializer_list<std::string_view> message,
                               std::string_view field = {});
DOORLOCK_COLD void throw_invalid(const Path& field, std::initializer_list<std::string_view> message);

// An integer as decimal text in a buffer of its own, for message parts: nothing to allocate or
// to destroy at the call site.
class Decimal {
 public:
  explicit Decimal(int64_t value) noexcept;
  operator std::string_view() const noexcept { return std::string_view(text_, size_); }

 private:
  char text_[24];
  size_t size_;
};

}  // namespace doorlock
