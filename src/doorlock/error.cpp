#include "doorlock/error.h"

#include <charconv>
#include <utility>

namespace doorlock {

const char* error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::InvalidArgument: return "INVALID_ARGUMENT";
    case ErrorCode::UnsupportedForLockType: return "UNSUPPORTED_FOR_LOCK_TYPE";
    case ErrorCode::CloudError: return "CLOUD_ERROR";
    case ErrorCode::BadResponse: return "BAD_RESPONSE";
    case ErrorCode::BadFrame: return "BAD_FRAME";
    case ErrorCode::CrcMismatch: return "CRC_MISMATCH";
    case ErrorCode::ReplayedSn: return "REPLAYED_SN";
    case ErrorCode::NoSecureRandom: return "NO_SECURE_RANDOM";
    case ErrorCode::InvalidState: return "INVALID_STATE";
    case ErrorCode::Internal: return "INTERNAL";
  }
  return "INTERNAL";
}

Error::Error(ErrorCode code, std::string message, std::string field)
    : code_(code), message_(std::move(message)), field_(std::move(field)) {}

Error& Error::with_cloud_code(int64_t cloud_code) noexcept {
  has_cloud_code_ = true;
  cloud_code_ = cloud_code;
  return *this;
}

void throw_error(ErrorCode code, std::string_view message, std::string_view field) {
  throw Error(code, std::string(message), std::string(field));
}

namespace {

std::string joined(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) out += part;
  return out;
}

}  // namespace

Decimal::Decimal(int64_t value) noexcept
    : size_(static_cast<size_t>(std::to_chars(text_, text_ + sizeof text_, value).ptr - text_)) {}

void throw_error(ErrorCode code, std::initializer_list<std::string_view> message, std::string_view field) {
  throw Error(code, joined(message), std::string(field));
}

void throw_invalid(const Path& field, std::initializer_list<std::string_view> message) {
  throw_invalid(field, joined(message));
}

void throw_invalid(const Path& field, std::string_view message) {
  std::string name = field.text();
  std::string text = name;
  if (!text.empty()) text += ": ";
  text += message;
  throw Error(ErrorCode::InvalidArgument, std::move(text), std::move(name));
}

}  // namespace doorlock
