#include "doorlock/ble/lock_dp_catalog.h"

#include <iterator>

#include "doorlock/ble/lock_dp_tables.h"
#include "doorlock/json_build.h"

namespace doorlock::ble::lock_dp {

using nlohmann::json;

namespace {

using namespace detail;

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::U8: return "u8";
    case Kind::U16: return "u16";
    case Kind::U32: return "u32";
    case Kind::Flag: return "flag";
    case Kind::Validity: return "validity";
    case Kind::Window: return "window";
    case Kind::Password: return "password";
    case Kind::Name: return "name";
    case Kind::Bytes8: return "bytes8";
    case Kind::Rest: return "rest";
    case Kind::TypeList: return "typeList";
    case Kind::Decimal: return "decimal";
  }
  return "rest";
}

// The reply parser of each message, as the bindings name it (DP 51/52/53 share one).
const char* parser_name(Message message) {
  switch (message) {
    case Message::CreateUnlockMethod: return "parseCreateUnlockMethodReply";
    case Message::DeleteUnlockMethod: return "parseDeleteUnlockMethodReply";
    case Message::ModifyUnlockMethod: return "parseModifyUnlockMethodReply";
    case Message::CreateTemporaryPassword:
    case Message::DeleteTemporaryPassword:
    case Message::ModifyTemporaryPassword: return "parseTemporaryPasswordReply";
    case Message::SyncMethods: return "parseSyncMethodsReply";
    case Message::RemoteUnlockConfig: return "parseRemoteUnlockConfigReply";
    case Message::RemoteUnlock: return "parseRemoteUnlockReply";
    case Message::SetT0: return nullptr;
    case Message::SetCheckCode: return "parseCheckCodeReply";
    case Message::UnlockCheck: return "parseUnlockCheckReply";
  }
  return nullptr;
}

void put_names(json& out, const NameEntry* names) {
  out = empty_array();
  for (const NameEntry* entry_ = names; entry_ != nullptr && entry_->name != nullptr; ++entry_) {
    json& item = append_object(out);
    entry(item, "value") = entry_->value;
    entry(item, "name") = entry_->name;
  }
}

void put_field(json& list, const Field& field) {
  json& out = append_object(list);
  entry(out, "name") = field.name;
  entry(out, "kind") = kind_name(field.kind);
  entry(out, "required") = field.fallback == kRequired;
  if (field.kind == Kind::U8 || field.kind == Kind::U16 || field.kind == Kind::U32 || field.kind == Kind::Decimal) {
    entry(out, "min") = field.min;
    entry(out, "max") = field.max;
    if (field.fallback != kRequired) entry(out, "default") = field.fallback;
  }
  if (field.names != nullptr) put_names(entry(out, "names"), field.names);
}

void put_table(json& out, const Table& fields) {
  out = empty_array();
  for (uint8_t i = 0; i < fields.count; ++i) put_field(out, fields.fields[i]);
}

void put_message(json& list, Message message) {
  const Spec& s = spec(message);
  json& out = append_object(list);
  entry(out, "name") = s.name;
  entry(out, "dp") = s.dp;
  entry(out, "type") = dp_type(message) == DpType::String ? "string" : "raw";
  if (const char* parser = parser_name(message)) entry(out, "parser") = parser;
  json& request = entry(out, "request");
  put_table(request, s.request);
  if (message == Message::DeleteUnlockMethod) {
    // Removing a whole member (method 0) takes hard id ff by default (build_request, §6b.3).
    for (json& field : request) {
      if (field["name"] == "hardId") entry(entry(field, "requiredUnless"), "method") = "member";
    }
  }
  json& variants = entry(out, "variants");
  variants = empty_object();
  const bool temporary = message == Message::CreateTemporaryPassword || message == Message::DeleteTemporaryPassword ||
                         message == Message::ModifyTemporaryPassword;
  if (temporary) put_table(entry(variants, "fitting"), table(kSlaveIdPrefix));
  if (message == Message::CreateTemporaryPassword) put_table(entry(variants, "named"), table(kCreateTemporaryNamed));
  if (message == Message::ModifyTemporaryPassword) put_table(entry(variants, "named"), table(kModifyTemporaryNamed));
  put_table(entry(out, "reply"), s.reply);
  if (s.results != nullptr) {
    put_names(entry(out, "statuses"), s.results);
  } else {
    // DP 54 answers in packages (sync_methods); DP 64 has no reply.
    json& statuses = entry(out, "statuses");
    statuses = empty_array();
    if (message == Message::SyncMethods) {
      for (const char* name : {"data", "done"}) entry(append_object(statuses), "name") = name;
    }
  }
}

}  // namespace

json describe_messages() {
  json out = empty_object();
  json& options = entry(out, "options");
  options = empty_array();
  const auto put_option = [&options](const char* name, const char* const* values, size_t count) {
    json& option = append_object(options);
    entry(option, "name") = name;
    if (count == 0) return;
    json& list = entry(option, "values");
    list = empty_array();
    for (size_t i = 0; i < count; ++i) list.push_back(values[i]);
  };
  put_option("digits", kDigitNames, std::size(kDigitNames));
  put_option("layout", kLayoutNames, std::size(kLayoutNames));
  put_option("allowWeakPassword", nullptr, 0);
  put_names(entry(out, "methods"), kMethodNames);
  put_names(entry(out, "enrolFailures"), kEnrolFailures);
  json& warnings = entry(out, "warnings");
  warnings = empty_array();
  for (const char* code : {kWarningWindow, kWarningModifyClearsPin}) warnings.push_back(code);
  json& messages = entry(out, "messages");
  messages = empty_array();
  for (size_t i = 0; i < sizeof kSpecs / sizeof kSpecs[0]; ++i) put_message(messages, static_cast<Message>(i));
  return out;
}

}  // namespace doorlock::ble::lock_dp
