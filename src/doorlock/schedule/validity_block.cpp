#include "doorlock/schedule/validity_block.h"

#include "doorlock/error.h"
#include "doorlock/json_fields.h"
#include "doorlock/schedule/time_of_day.h"
#include "doorlock/schedule/working_days.h"

namespace doorlock::schedule {

using nlohmann::json;

namespace {

// The block stores hours and minutes, so the last minute it can name is 23:59. A window that ends
// at 24:00 is stored as ending at 23:59, which is how Tuya's own "whole day" blocks are written.
constexpr int kLastMinute = 23 * 60 + 59;

Cycle parse_cycle(const json& value, const Path& path) {
  const std::string& name = fields::to_string(value, path);
  if (name == "none") return Cycle::None;
  if (name == "daily") return Cycle::Daily;
  if (name == "weekly") return Cycle::Weekly;
  throw_invalid(path, "cycle is 'none', 'daily' or 'weekly'");
}

// `days: []` (or 0) says "no days", which is what a cycle without weekdays has.
bool names_no_day(const json& days) {
  return (days.is_array() && days.empty()) || (days.is_number_integer() && days.get<int64_t>() == 0);
}

}  // namespace

Validity validity_from_json(const json& input, const Path& path) {
  fields::require_object(input, path);
  fields::reject_unknown(input, {"effectiveTime", "invalidTime", "cycle", "days", "start", "end"}, path);
  const auto member = [&](const char* key) { return path.member(key); };

  Validity out;
  out.effective_time = static_cast<uint32_t>(
      fields::to_integer(fields::require(input, "effectiveTime", path), member("effectiveTime"), 0, UINT32_MAX));
  out.invalid_time = static_cast<uint32_t>(
      fields::to_integer(fields::require(input, "invalidTime", path), member("invalidTime"), 0, UINT32_MAX));
  if (out.effective_time >= out.invalid_time) throw_invalid(member("invalidTime"), "must be later than effectiveTime");

  const json* cycle = fields::find(input, "cycle");
  out.cycle = cycle == nullptr ? Cycle::None : parse_cycle(*cycle, member("cycle"));

  const json* days = fields::find(input, "days");
  if (out.cycle == Cycle::Weekly) {
    if (days == nullptr) throw_invalid(member("days"), "is required for a weekly cycle");
    out.days = days->is_number() ? static_cast<uint32_t>(fields::to_integer(*days, member("days"), 0, kAllDays))
                                 : working_day_mask(*days, member("days"));
    if (out.days == 0) throw_invalid(member("days"), "a weekly cycle needs at least one weekday");
  } else if (days != nullptr && !names_no_day(*days)) {
    throw_invalid(member("days"), "weekdays apply only to a weekly cycle");
  }

  const json* start = fields::find(input, "start");
  const json* end = fields::find(input, "end");
  if (out.cycle == Cycle::None && start == nullptr && end == nullptr) {
    // Tuya's panel writes a non-repeating block as 00:00-00:00; the lock ignores the daily window
    // of cycle 0 (ble-protocol.md §6b.1).
    out.start_minute = 0;
    out.end_minute = 0;
    return out;
  }
  if (start != nullptr) out.start_minute = minute_from_json(*start, member("start"));
  if (end != nullptr) out.end_minute = minute_from_json(*end, member("end"));
  if (out.end_minute > kLastMinute) out.end_minute = kLastMinute;
  const bool whole_day_none = out.cycle == Cycle::None && out.start_minute == 0 && out.end_minute == 0;
  if (out.start_minute >= out.end_minute && !whole_day_none) {
    throw_invalid(member("end"), "the daily window must end after it starts");
  }
  return out;
}

Bytes encode_validity(const Validity& validity) {
  Bytes out;
  out.reserve(kValidityBlockSize);
  put_u32be(out, validity.effective_time);
  put_u32be(out, validity.invalid_time);
  out.push_back(static_cast<uint8_t>(validity.cycle));
  put_u32be(out, validity.days);
  out.push_back(static_cast<uint8_t>(validity.start_minute / 60));
  out.push_back(static_cast<uint8_t>(validity.start_minute % 60));
  out.push_back(static_cast<uint8_t>(validity.end_minute / 60));
  out.push_back(static_cast<uint8_t>(validity.end_minute % 60));
  return out;
}

Validity decode_validity(const uint8_t* block, size_t size) {
  if (size != kValidityBlockSize) throw_error(ErrorCode::BadFrame, "a validity block is 17 bytes");
  Validity out;
  out.effective_time = get_u32be(block);
  out.invalid_time = get_u32be(block + 4);
  if (block[8] > static_cast<uint8_t>(Cycle::Weekly)) throw_error(ErrorCode::BadFrame, "unsupported validity cycle");
  out.cycle = static_cast<Cycle>(block[8]);
  out.days = get_u32be(block + 9);
  if (block[13] > 23 || block[14] > 59 || block[15] > 23 || block[16] > 59) {
    throw_error(ErrorCode::BadFrame, "validity block has an impossible time of day");
  }
  out.start_minute = block[13] * 60 + block[14];
  out.end_minute = block[15] * 60 + block[16];
  return out;
}

}  // namespace doorlock::schedule
