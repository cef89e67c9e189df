#include "doorlock/api/password_request.h"

#include <cmath>

#include "doorlock/api/catalog.h"
#include "doorlock/api/request.h"
#include "doorlock/crypto/ticket.h"
#include "doorlock/error.h"
#include "doorlock/json_build.h"
#include "doorlock/json_fields.h"
#include "doorlock/schedule/cloud_schedule.h"

namespace doorlock::api {

using nlohmann::json;

namespace {

constexpr const char* kPasswordActions[] = {"doorLock.createTemporaryPassword",
                                            "doorLock.createTemporaryPasswordWithoutName",
                                            "doorLock.modifyTemporaryPassword", "doorLock.openDoor"};
// The cloud fields a `schedule` stands for.
constexpr const char* kScheduleFields[] = {"effective_time", "invalid_time", "time_zone", "schedule_list"};
// Set here from the PIN and the ticket, never by the caller.
constexpr const char* kTicketFields[] = {"password", "password_type", "ticket_id"};

// The same error, moved under another field name: errors of the helpers this composes name their
// own inputs ("windows[0].end", "ticketKey"); the caller knows them as "schedule.windows[0].end".
DOORLOCK_COLD void rethrow_as(const Error& error, const std::string& field) {
  std::string text = error.message();
  if (!error.field().empty() && text.compare(0, error.field().size() + 2, error.field() + ": ") == 0) {
    text.erase(0, error.field().size() + 2);
  }
  throw_error(error.code(), field + ": " + text, field);
}

std::string under(const char* parent, const std::string& field) {
  if (field.empty()) return parent;
  return field[0] == '[' ? parent + field : std::string(parent) + "." + field;
}

double unix_seconds(const json& options, const char* key) {
  const json& value = fields::require(options, key, "");
  if (!value.is_number() || !std::isfinite(value.get<double>())) {
    throw_invalid(key, {"must be Unix seconds (a number), got ", fields::describe_type(value)});
  }
  const double seconds = value.get<double>();
  if (seconds > 1e11) throw_invalid(key, "looks like milliseconds: pass Unix seconds (Date.now() / 1000)");
  if (seconds < 0) throw_invalid(key, "must not be negative");
  return seconds;
}

void check_ticket(const PasswordRequestOptions& options) {
  if (options.now < options.obtained_at) {
    throw_invalid("now", "is earlier than obtainedAt: pass both from the same clock, in Unix seconds");
  }
  const double left = options.obtained_at + static_cast<double>(options.expire_time) - options.now;
  if (left > kTicketMarginSeconds) return;
  if (left <= 0) {
    throw_invalid("ticket", {"expired ", Decimal(static_cast<int64_t>(std::ceil(-left))),
                             " s ago: get a new one with doorLock.passwordTicket"});
  }
  throw_invalid("ticket",
                {"expires in ", Decimal(static_cast<int64_t>(left)), " s: get a new one with doorLock.passwordTicket"});
}

bool has_param(const Action& action, const char* name) {
  for (size_t i = 0; i < action.param_count; ++i) {
    if (std::string_view(action.params[i].name) == name) return true;
  }
  return false;
}

void expand_schedule(const Action& action, json& request) {
  const json* schedule = fields::find(request, "schedule");
  if (schedule == nullptr) return;
  if (!has_param(action, "schedule_list")) throw_invalid("schedule", {action.name, " takes no schedule"});
  for (const char* field : kScheduleFields) {
    if (fields::find(request, field) != nullptr) {
      throw_invalid("schedule", {"give either schedule or ", field, ", not both"});
    }
  }
  json cloud;
  try {
    cloud = schedule::build_schedule(*schedule);
  } catch (const Error& error) {
    rethrow_as(error, under("schedule", error.field()));
  }
  request.erase("schedule");
  for (auto it = cloud.begin(); it != cloud.end(); ++it) request[it.key()] = std::move(it.value());
}

std::string encrypted_pin(const SecretBytes& password, const SecretBytes& access_key,
                          const PasswordRequestOptions& options) {
  const std::string_view digits(reinterpret_cast<const char*>(password.data()), password.size());
  try {
    return crypto::encrypt_password(digits, options.ticket_key, access_key, options.lock_type);
  } catch (const Error& error) {
    if (error.field() == "ticketKey") rethrow_as(error, "ticket.ticket_key");
    throw;
  }
}

}  // namespace

PasswordRequestOptions password_request_options_from_json(const json& options) {
  fields::require_object(options, "options");
  fields::reject_unknown(options, {"lockType", "ticket", "obtainedAt", "now"}, "");
  PasswordRequestOptions out;
  out.lock_type = parse_lock_type(fields::to_string(fields::require(options, "lockType", ""), "lockType"), "lockType");
  // The ticket as dl.parseResponse returns it; members it does not use are ignored.
  const json& ticket = fields::require_object(fields::require(options, "ticket", ""), "ticket");
  out.ticket_id = fields::to_string(fields::require(ticket, "ticket_id", "ticket"), "ticket.ticket_id");
  if (out.ticket_id.empty()) throw_invalid("ticket.ticket_id", "must not be empty");
  out.ticket_key = fields::to_string(fields::require(ticket, "ticket_key", "ticket"), "ticket.ticket_key");
  out.expire_time =
      fields::to_integer(fields::require(ticket, "expire_time", "ticket"), "ticket.expire_time", INT32_MIN, INT32_MAX);
  out.obtained_at = unix_seconds(options, "obtainedAt");
  out.now = unix_seconds(options, "now");
  return out;
}

bool is_password_action(std::string_view action) noexcept {
  for (const char* name : kPasswordActions) {
    if (action == name) return true;
  }
  return false;
}

json build_password_request(std::string_view name, const json& params, const SecretBytes& password,
                            const SecretBytes& access_key, const PasswordRequestOptions& options) {
  if (!is_password_action(name)) {
    throw_invalid("action",
                  "dl.buildPasswordRequest builds createTemporaryPassword, createTemporaryPasswordWithoutName, "
                  "modifyTemporaryPassword and openDoor requests; use dl.buildRequest for \"" +
                      std::string(name) + "\"");
  }
  // Of modifyTemporaryPassword only the modify form sets a password.
  const Action& action = select_action(name, empty_object(), form_count(name) > 1 ? "modify" : "");
  check_lock_type(action, options.lock_type);
  check_ticket(options);
  if (!params.is_null() && !params.is_object()) throw_invalid("params", "must be an object");
  json request = params.is_null() ? empty_object() : params;
  for (const char* field : kTicketFields) {
    if (fields::find(request, field) != nullptr) {
      throw_invalid(field, std::string("is set from the PIN and the ticket: leave it out"));
    }
  }
  expand_schedule(action, request);
  entry(request, "password") = encrypted_pin(password, access_key, options);
  entry(request, "password_type") = "ticket";
  entry(request, "ticket_id") = options.ticket_id;
  return build_request(name, request, RequestOptions{options.lock_type, action.form != nullptr ? action.form : ""});
}

}  // namespace doorlock::api
