// DP 54 (ble-protocol.md §6.6): the lock answers one sync request with a stream of packages, each
// listing { hardId, type, memberId, freezeState } records, then a "done" with the package count.
#include "doorlock/ble/lock_dp_sync.h"

#include "doorlock/error.h"
#include "doorlock/json_build.h"
#include "doorlock/json_fields.h"

namespace doorlock::ble::lock_dp::detail {

using nlohmann::json;

namespace {

constexpr uint8_t kSyncData = 0x00;
constexpr uint8_t kSyncDone = 0x01;

}  // namespace

void decode_sync_reply(const uint8_t* value, size_t size, json& out) {
  if (size < 2) throw_error(ErrorCode::BadFrame, "sync reply is shorter than 2 bytes");
  const bool done = value[0] == kSyncDone;
  if (!done && (value[0] != kSyncData || (size - 2) % 4 != 0)) {
    throw_error(ErrorCode::BadFrame, "sync reply is malformed");
  }
  entry(out, "stage") = done ? "done" : "data";
  entry(out, "status") = done ? "done" : "data";
  entry(out, "ok") = true;
  entry(out, done ? "packages" : "package") = value[1];
  if (done) return;
  json& methods = entry(out, "methods");
  methods = empty_array();
  for (size_t offset = 2; offset < size; offset += 4) {
    json& method = append_object(methods);
    entry(method, "hardId") = value[offset];
    entry(method, "type") = value[offset + 1];
    entry(method, "memberId") = value[offset + 2];
    // freeze_state 0 means frozen in the lock SDK (FREEZE_ON = 0).
    entry(method, "frozen") = value[offset + 3] == 0;
  }
}

Bytes encode_sync_reply(const json& reply) {
  fields::require_object(reply, "");
  const std::string& stage = fields::to_string(fields::require(reply, "stage", ""), "stage");
  if (stage == "done") {
    return Bytes{kSyncDone,
                 static_cast<uint8_t>(fields::to_integer(fields::require(reply, "packages", ""), "packages", 0, 255))};
  }
  if (stage != "data") throw_invalid("stage", "is 'data' or 'done'");
  Bytes out{kSyncData,
            static_cast<uint8_t>(fields::to_integer(fields::require(reply, "package", ""), "package", 0, 255))};
  const json& methods = fields::require_array(fields::require(reply, "methods", ""), "methods");
  for (size_t i = 0; i < methods.size(); ++i) {
    const Path list("methods");
    const Path path = list.item(i);
    const json& method = fields::require_object(methods[i], path);
    for (const char* key : {"hardId", "type", "memberId"}) {
      out.push_back(
          static_cast<uint8_t>(fields::to_integer(fields::require(method, key, path), path.member(key), 0, 255)));
    }
    const json* frozen = fields::find(method, "frozen");
    out.push_back(frozen != nullptr && fields::to_bool(*frozen, path.member("frozen")) ? 0 : 1);
  }
  return out;
}

}  // namespace doorlock::ble::lock_dp::detail
