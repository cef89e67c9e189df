// The password actions end to end in the core (dl.buildPasswordRequest): given the result of
// doorLock.passwordTicket, the project's access secret and a plain PIN, check that the ticket has
// not expired, encrypt the PIN with the ticket key, expand a schedule, and build the
// createTemporaryPassword / createTemporaryPasswordWithoutName / modifyTemporaryPassword (modify
// form) / openDoor request through the catalog. Time is passed in: the core reads no clock.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "doorlock/bytes.h"
#include "doorlock/lock_type.h"

namespace doorlock::api {

// A ticket counts as expired this long before its end, so that it does not expire on the way.
inline constexpr double kTicketMarginSeconds = 5;

struct PasswordRequestOptions {
  LockType lock_type = LockType::Wifi;
  std::string ticket_id;
  std::string ticket_key;   // hex, as doorLock.passwordTicket returns it
  int64_t expire_time = 0;  // seconds the ticket is valid after it was obtained
  double obtained_at = 0;   // Unix seconds: when the ticket was requested
  double now = 0;           // Unix seconds: the caller's clock now
};

// JavaScript options without the access key (the binding reads that as a secret):
// { lockType, ticket: { ticket_id, ticket_key, expire_time }, obtainedAt, now }.
PasswordRequestOptions password_request_options_from_json(const nlohmann::json& options);

// The actions build_password_request builds (the modify form of doorLock.modifyTemporaryPassword
// only); dl.actions() marks them `passwordRequest`, from which their TypeScript list is generated.
bool is_password_action(std::string_view action) noexcept;

// `params`: the action's parameters in the cloud's names, without password, password_type and
// ticket_id (the PIN comes as `password`, the other two from the ticket); a `schedule` member in
// dl.buildSchedule's input form may stand for effective_time, invalid_time, time_zone and
// schedule_list. Returns { action, params } like build_request.
nlohmann::json build_password_request(std::string_view action, const nlohmann::json& params,
                                      const SecretBytes& password, const SecretBytes& access_key,
                                      const PasswordRequestOptions& options);

}  // namespace doorlock::api
