// Lookups over the catalog tables (catalog_tables.cpp) and the names the catalog's enums print as.
#include "doorlock/api/catalog.h"

namespace doorlock::api {

const Action* find_action(std::string_view name, std::string_view form_name) noexcept {
  for (const Action& entry : all_actions()) {
    if (name != entry.name) continue;
    if (form_name.empty() || (entry.form != nullptr && form_name == entry.form)) return &entry;
  }
  return nullptr;
}

size_t form_count(std::string_view name) noexcept {
  size_t count = 0;
  for (const Action& entry : all_actions()) count += name == entry.name ? 1 : 0;
  return count;
}

const char* type_name(Type type) noexcept {
  switch (type) {
    case Type::String: return "String";
    case Type::Integer: return "Integer";
    case Type::Long: return "Long";
    case Type::Boolean: return "Boolean";
    case Type::List: return "List";
    case Type::Object: return "Object";
  }
  return "Object";
}

const char* location_name(Location at) noexcept {
  switch (at) {
    case Location::Uri: return "URI";
    case Location::Query: return "QUERY";
    case Location::Body: return "BODY";
    case Location::None: break;
  }
  return "";
}

const char* format_name(Format format) noexcept {
  switch (format) {
    case Format::Id: return "id";
    case Format::CsvList: return "csvList";
    case Format::Timestamp: return "timestamp";
    case Format::TimestampMs: return "timestampMs";
    case Format::EncryptedPassword: return "encryptedPassword";
    case Format::TimeZone: return "timeZone";
    case Format::CountOrUnlimited: return "countOrUnlimited";
    case Format::DpValue: return "dpValue";
    case Format::MinuteOfDay: return "minuteOfDay";
    case Format::WeekdayMask: return "weekdayMask";
    case Format::None: break;
  }
  return "";
}

bool accepts(LockMask mask, LockType type) noexcept { return (mask & lock_bit(type)) != 0; }

std::string lock_list(LockMask mask) {
  std::string out;
  size_t remaining = 0;
  for (LockType type : kAllLockTypes) remaining += accepts(mask, type) ? 1 : 0;
  for (LockType type : kAllLockTypes) {
    if (!accepts(mask, type)) continue;
    out += lock_type_name(type);
    --remaining;
    if (remaining > 1) out += ", ";
    if (remaining == 1) out += " and ";
  }
  return out;
}

}  // namespace doorlock::api
