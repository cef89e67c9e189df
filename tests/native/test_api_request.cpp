// dl.buildRequest's core: every sample request of the reference (fixed) comes out as the reference
// shows it, normalized; every rule of the catalog rejects a request that breaks it, naming the
// exact field; lock types the reference excludes are refused.
#include "api_fixtures.h"
#include "doorlock/api/catalog.h"
#include "doorlock/api/request.h"
#include "doorlock/api/response.h"
#include "test_support.h"

using namespace doorlock;
using namespace doorlock::api;
using nlohmann::json;

namespace {

RequestOptions options_of(const json& sample) {
  RequestOptions options = request_options_from_json(sample.value("options", json()));
  if (sample.contains("form")) options.form = sample["form"].get<std::string>();
  return options;
}

json build(const std::string& action, const json& params, const std::string& lock = {}, const std::string& form = {}) {
  RequestOptions options;
  if (!lock.empty()) options.lock_type = parse_lock_type(lock, "lockType");
  options.form = form;
  return build_request(action, params, options);
}

void expect_error(const std::string& action, const json& params, ErrorCode code, const std::string& field,
                  const std::string& lock = {}, const std::string& form = {}) {
  INFO(action << " " << params.dump());
  const Error error = test::capture_error([&] { build(action, params, lock, form); });
  INFO("message: " << error.message());
  CHECK(error_code_name(error.code()) == std::string(error_code_name(code)));
  CHECK(error.field() == field);
}

void expect_invalid(const std::string& action, const json& params, const std::string& field,
                    const std::string& lock = {}, const std::string& form = {}) {
  expect_error(action, params, ErrorCode::InvalidArgument, field, lock, form);
}

json sample(const std::string& action, const std::string& form = {}) {
  return test::sample_request(action, form)["params"];
}

}  // namespace

TEST_CASE("buildRequest: every sample request of the reference, fixed, gives the reference's shape") {
  size_t count = 0;
  for (const auto& entry : test::cloud_samples()["requests"]) {
    INFO((entry["reference"].is_string() ? entry["reference"] : entry["action"]).get<std::string>());
    const json out = build_request(entry["action"].get<std::string>(), entry["params"], options_of(entry));
    CHECK(out == json{{"action", entry["action"]}, {"params", entry["expected"]}});
    ++count;
  }
  // 42 samples in the reference plus openDoor and deleteOfflinePassword, which have none.
  CHECK(count == 44);
}

TEST_CASE("buildRequest: normalizes what the samples write loosely") {
  const json out = build("doorLock.operateRecords", {{"device_id", "d1"},
                                                     {"startTime", "0"},
                                                     {"endTime", "1646116582"},
                                                     {"pageSize", "100"},
                                                     {"onlyShowMediaRecord", "false"},
                                                     {"userIds", json{"u1", "u2"}}})["params"];
  CHECK(out == json{{"device_id", "d1"},
                    {"startTime", 0},
                    {"endTime", 1646116582},
                    {"pageSize", 100},
                    {"onlyShowMediaRecord", false},
                    {"userIds", "u1,u2"}});
  json create = sample("doorLock.createTemporaryPassword");
  create["password"] = "956fad7000000000000009c68e168b77";
  create["schedule_list"] =
      json{{{"effective_time", "07:30"}, {"invalid_time", "18:00"}, {"working_day", json{"mon", "tue", "fri"}}}};
  create["phone"] = nullptr;  // null is "not given"
  const json params = build("doorLock.createTemporaryPassword", create)["params"];
  CHECK(params["password"] == "956FAD7000000000000009C68E168B77");
  CHECK(params["schedule_list"] == json{{{"effective_time", 450}, {"invalid_time", 1080}, {"working_day", 38}}});
  CHECK_FALSE(params.contains("phone"));
  CHECK(build("timer.currentTime", nullptr) == json{{"action", "timer.currentTime"}, {"params", json::object()}});
}

TEST_CASE("buildRequest: the two forms of modifyTemporaryPassword") {
  const json modify = sample("doorLock.modifyTemporaryPassword", "modify");
  const json rename = sample("doorLock.modifyTemporaryPassword", "rename");
  // Chosen by the presence of a password, or named.
  CHECK(build("doorLock.modifyTemporaryPassword", modify, "wifi")["params"].contains("password"));
  CHECK(build("doorLock.modifyTemporaryPassword", rename, "ble")["params"]["name"] == "New name");
  expect_invalid("doorLock.modifyTemporaryPassword", rename, "password", "", "modify");
  expect_invalid("doorLock.modifyTemporaryPassword", json{{"device_id", "d1"}, {"password_id", 5}}, "name");
  expect_invalid("doorLock.modifyTemporaryPassword", rename, "form", "", "delete");
  expect_invalid("doorLock.openDoor", sample("doorLock.openDoor"), "form", "", "modify");
  // A password change is not supported on Bluetooth locks, in either form.
  expect_error("doorLock.modifyTemporaryPassword", modify, ErrorCode::UnsupportedForLockType, "lockType", "ble");
  json rename_with_password = rename;
  rename_with_password["password"] = modify["password"];
  rename_with_password["password_type"] = "ticket";
  rename_with_password["ticket_id"] = "t1";
  expect_error("doorLock.modifyTemporaryPassword", rename_with_password, ErrorCode::UnsupportedForLockType, "password",
               "ble", "rename");
  rename_with_password.erase("ticket_id");
  expect_invalid("doorLock.modifyTemporaryPassword", rename_with_password, "ticket_id", "wifi", "rename");
}

TEST_CASE("buildRequest: one invalid request per documented rule, with the exact field") {
  json media = sample("doorLock.getMediaUrl");
  media["file_type"] = 3;
  expect_invalid("doorLock.getMediaUrl", media, "file_type");
  media["file_type"] = "2";
  CHECK(build("doorLock.getMediaUrl", media)["params"]["file_type"] == 2);

  json cancel = sample("doorLock.cancelPasswordFreeOpen");
  cancel["type"] = 0;
  expect_invalid("doorLock.cancelPasswordFreeOpen", cancel, "type");

  json hijack = sample("doorLock.setHijack");
  hijack["unlock_type"] = "unlock_fingerprint";
  expect_invalid("doorLock.setHijack", hijack, "unlock_type");
  hijack = sample("doorLock.removeHijack");
  hijack["unlock_sn"] = 2;  // the reference's own sample spelling
  expect_invalid("doorLock.removeHijack", hijack, "unlock_sn");

  json records = sample("doorLock.operateRecords");
  records["pageSize"] = 101;
  expect_invalid("doorLock.operateRecords", records, "pageSize");
  records["pageSize"] = 0;
  expect_invalid("doorLock.operateRecords", records, "pageSize");

  json create = sample("doorLock.createTemporaryPassword");
  create["schedule_list"] = json{{{"effective_time", 720}, {"invalid_time", 1080}, {"working_day", 127}},
                                 {{"effective_time", 720}, {"invalid_time", 1080}, {"working_day", 128}}};
  expect_invalid("doorLock.createTemporaryPassword", create, "schedule_list[1].working_day");
  create["schedule_list"][1]["working_day"] = 0;
  create["schedule_list"][1]["invalid_time"] = 1441;
  expect_invalid("doorLock.createTemporaryPassword", create, "schedule_list[1].invalid_time");
  create["schedule_list"][1]["invalid_time"] = 700;
  expect_invalid("doorLock.createTemporaryPassword", create, "schedule_list[1].invalid_time");
  create["schedule_list"][1]["invalid_time"] = 1440;
  create["schedule_list"][1]["effective_time"] = -1;
  expect_invalid("doorLock.createTemporaryPassword", create, "schedule_list[1].effective_time");
  create["schedule_list"][1]["effective_time"] = "25:00";
  expect_invalid("doorLock.createTemporaryPassword", create, "schedule_list[1].effective_time");
  create["schedule_list"][1]["effective_time"] = 0;
  create["schedule_list"][1]["holiday"] = true;
  expect_invalid("doorLock.createTemporaryPassword", create, "schedule_list[1].holiday");
  create["schedule_list"] = json::array();
  expect_invalid("doorLock.createTemporaryPassword", create, "schedule_list");

  // The password field takes the encrypted PIN; a plain one is caught.
  create = sample("doorLock.createTemporaryPassword");
  create["password"] = "1234567";
  expect_invalid("doorLock.createTemporaryPassword", create, "password");
  create["password"] = "956FAD7 **** 09C68E168B77";
  expect_invalid("doorLock.createTemporaryPassword", create, "password");
  create["password"] = "956FAD7000000000000009C68E168B7G";
  expect_invalid("doorLock.createTemporaryPassword", create, "password");

  json config = sample("doorLock.remoteUnlockConfig");
  config["remote_unlock_type"] = "";
  expect_invalid("doorLock.remoteUnlockConfig", config, "remote_unlock_type");
  config["remote_unlock_type"] = "remoteUnlockWithPwd";
  config["open"] = "yes";
  expect_invalid("doorLock.remoteUnlockConfig", config, "open");
}

TEST_CASE("buildRequest: formats, cross-field rules and options") {
  json create = sample("doorLock.createTemporaryPassword");
  create["effective_time"] = 1579156726000;  // milliseconds where seconds are documented
  expect_invalid("doorLock.createTemporaryPassword", create, "effective_time");
  create["effective_time"] = 1579243126;
  expect_invalid("doorLock.createTemporaryPassword", create, "invalid_time");  // not later
  create["effective_time"] = 1579156726;
  create["time_zone"] = "";
  expect_invalid("doorLock.createTemporaryPassword", create, "time_zone");
  create.erase("time_zone");
  expect_invalid("doorLock.createTemporaryPassword", create, "time_zone");  // required with schedule_list
  create = sample("doorLock.createTemporaryPassword");
  create["phone"] = 11233213;
  expect_invalid("doorLock.createTemporaryPassword", create, "phone");
  create = sample("doorLock.createTemporaryPassword");
  create["device_id"] = "vdevo15345926009 **** ";  // masked sample value
  expect_invalid("doorLock.createTemporaryPassword", create, "device_id");
  create["device_id"] = "";
  expect_invalid("doorLock.createTemporaryPassword", create, "device_id");
  create = sample("doorLock.createTemporaryPassword");
  create["name"] = "";
  expect_invalid("doorLock.createTemporaryPassword", create, "name");

  json logs = sample("doorLock.openingLogs");
  logs["start_time"] = 1583213146;  // seconds where milliseconds are documented
  expect_invalid("doorLock.openingLogs", logs, "start_time");

  json sharing = sample("doorLock.createPermissionSharing");
  sharing["permission_detail"]["available_times"] = 0;
  expect_invalid("doorLock.createPermissionSharing", sharing, "permission_detail.available_times");
  sharing["permission_detail"]["available_times"] = -2;
  expect_invalid("doorLock.createPermissionSharing", sharing, "permission_detail.available_times");
  sharing["permission_detail"]["available_times"] = 3;
  sharing["permission_detail"]["biz_type"] = "unlock_card";
  expect_invalid("doorLock.createPermissionSharing", sharing, "permission_detail.biz_type");
  sharing["permission_detail"]["biz_type"] = "unlock_ble";
  sharing["permission_detail"]["schedule_end_time"] = 450;
  expect_invalid("doorLock.createPermissionSharing", sharing, "permission_detail.schedule_end_time");

  json opmodes = sample("doorLock.listUserOpmodes");
  opmodes["target_unlock_standard_dp_codes"] = "unlock_fingerprint,unlock_face";
  expect_invalid("doorLock.listUserOpmodes", opmodes, "target_unlock_standard_dp_codes");
  opmodes["target_unlock_standard_dp_codes"] = "";  // documented: may be empty
  CHECK(build("doorLock.listUserOpmodes", opmodes)["params"]["target_unlock_standard_dp_codes"] == "");
  json alarms = sample("doorLock.alarmLogs");
  alarms["codes"] = "hijack,,alarm_lock";
  expect_invalid("doorLock.alarmLogs", alarms, "codes");
  alarms["codes"] = json{"hijack", 3};
  expect_invalid("doorLock.alarmLogs", alarms, "codes[1]");
  alarms["codes"] = "";
  expect_invalid("doorLock.alarmLogs", alarms, "codes");
  alarms["codes"] = "hijack";
  alarms["page_no"] = "1a";
  expect_invalid("doorLock.alarmLogs", alarms, "page_no");
  alarms["page_no"] = 1.5;
  expect_invalid("doorLock.alarmLogs", alarms, "page_no");
  alarms["page_no"] = 0;
  expect_invalid("doorLock.alarmLogs", alarms, "page_no");

  json control = sample("device.control");
  control["commands"][0]["value"] = json::object();
  expect_invalid("device.control", control, "commands[0].value");
  control["commands"][0]["value"] = 370;
  control["commands"][0].erase("code");
  expect_invalid("device.control", control, "commands[0].code");

  json remove = sample("doorLock.deleteTemporaryPassword");
  remove["password_id"] = 9007199254740992.0;  // 2^53: no longer exact in JavaScript
  expect_invalid("doorLock.deleteTemporaryPassword", remove, "password_id");
  json sharing_count = sample("doorLock.createPermissionSharing");
  sharing_count["permission_detail"]["available_times"] = UINT64_MAX;  // would be -1 if it wrapped
  expect_invalid("doorLock.createPermissionSharing", sharing_count, "permission_detail.available_times");

  expect_invalid("doorLock.noSuchAction", json::object(), "action");
  expect_invalid("doorLock.openDoor", json::array(), "params");
  expect_invalid("doorLock.openDoor", json("x"), "params");
  CHECK(test::capture_error([] {
          request_options_from_json(json{{"lockType", "wifi"}, {"retry", true}});
        }).field() == "retry");
  CHECK(test::capture_error([] { request_options_from_json(json{{"lockType", "bluetooth"}}); }).field() == "lockType");
}

TEST_CASE("buildRequest: actions and options a lock type does not support") {
  expect_error("doorLock.openDoor", sample("doorLock.openDoor"), ErrorCode::UnsupportedForLockType, "lockType", "wifi");
  expect_error("doorLock.bleOpenInstruction", sample("doorLock.bleOpenInstruction"), ErrorCode::UnsupportedForLockType,
               "lockType", "zigbee");
  expect_error("doorLock.cancelPasswordFreeOpen", sample("doorLock.cancelPasswordFreeOpen"),
               ErrorCode::UnsupportedForLockType, "lockType", "ble");

  json create = sample("doorLock.createTemporaryPassword");
  create["type"] = 0;
  create["bluetooth_symbolic"] = true;
  CHECK(build("doorLock.createTemporaryPassword", create, "ble")["params"]["bluetooth_symbolic"] == true);
  expect_error("doorLock.createTemporaryPassword", create, ErrorCode::UnsupportedForLockType, "bluetooth_symbolic",
               "zigbee");
  create.erase("bluetooth_symbolic");
  create["sn"] = 3;
  expect_error("doorLock.createTemporaryPassword", create, ErrorCode::UnsupportedForLockType, "sn", "wifi");

  // Required on one lock type only.
  create = sample("doorLock.createTemporaryPassword");
  expect_invalid("doorLock.createTemporaryPassword", create, "type", "zigbee");
  create["type"] = 1;
  CHECK(build("doorLock.createTemporaryPassword", create, "zigbee")["params"]["type"] == 1);
  create["type"] = 2;
  expect_invalid("doorLock.createTemporaryPassword", create, "type", "zigbee");

  json open = sample("doorLock.passwordFreeOpen");
  expect_invalid("doorLock.passwordFreeOpen", open, "channel_id", "wifi_access_control");
  open["channel_id"] = "2";
  CHECK(build("doorLock.passwordFreeOpen", open, "wifi_access_control")["params"]["channel_id"] == "2");
  expect_error("doorLock.passwordFreeOpen", open, ErrorCode::UnsupportedForLockType, "channel_id", "wifi");
}

namespace {

// A value of the wrong type for `field`, whatever its format.
json wrong_type(const Field& field) {
  switch (field.type) {
    case Type::String: return json::object();
    case Type::Integer:
    case Type::Long: return "twelve";
    case Type::Boolean: return "yes";
    case Type::List: return "x";
    case Type::Object: return field.format == Format::DpValue ? json::object() : json("x");
  }
  return nullptr;
}

bool has_own_bounds(const Field& field) {
  if (field.type != Type::Integer && field.type != Type::Long) return false;
  if (field.format == Format::Timestamp || field.format == Format::TimestampMs) return false;
  const Field plain = make_field(field.name, field.type, field.location, "");
  return field.min != plain.min || field.max != plain.max;
}

// Breaks every rule of `members` in turn, inside `base` at `at`, and expects INVALID_ARGUMENT on the
// exact path. `set` replaces the object being checked inside a copy of the whole request.
void sweep(const std::string& action, const std::string& form, const json& request, const Field* members, size_t count,
           const json::json_pointer& at, const std::string& prefix) {
  const auto path = [&](const std::string& name) { return prefix.empty() ? name : prefix + "." + name; };
  const json& object = request[at];
  json broken = request;
  broken[at]["zz_unknown"] = 1;
  expect_invalid(action, broken, path("zz_unknown"), "", form);
  for (size_t i = 0; i < count; ++i) {
    const Field& field = members[i];
    const json::json_pointer member = at / field.name;
    INFO(action << " " << path(field.name));
    if (field.required) {
      broken = request;
      broken[at].erase(field.name);
      expect_invalid(action, broken, path(field.name), "", form);
    }
    broken = request;
    broken[member] = wrong_type(field);
    expect_invalid(action, broken, path(field.name), "", form);
    if (has_own_bounds(field)) {
      broken[member] = field.lower_bound() - 1;
      expect_invalid(action, broken, path(field.name), "", form);
      broken[member] = field.upper_bound() + 1;
      expect_invalid(action, broken, path(field.name), "", form);
    }
    if (field.choices() != nullptr) {
      broken[member] = "not_a_documented_value";
      expect_invalid(action, broken, path(field.name), "", form);
    }
    if (!object.contains(field.name) || field.fields() == nullptr) continue;
    if (field.type == Type::Object) {
      sweep(action, form, request, field.fields(), field.field_count, member, path(field.name));
    } else if (!object[field.name].empty()) {
      sweep(action, form, request, field.fields(), field.field_count, member / 0, path(field.name) + "[0]");
    }
  }
}

}  // namespace

TEST_CASE("buildRequest: every rule of every action rejects a request that breaks it") {
  for (const Action& action : all_actions()) {
    const std::string form = action.form != nullptr ? action.form : "";
    const json base = sample(action.name, form);
    sweep(action.name, form, base, action.params, action.param_count, json::json_pointer(), "");
    // Lock types outside the action's own are refused before anything else.
    for (LockType type : kAllLockTypes) {
      if (accepts(action.lock_types, type)) continue;
      INFO(action.name << " on " << lock_type_name(type));
      expect_error(action.name, base, ErrorCode::UnsupportedForLockType, "lockType", lock_type_name(type), form);
    }
  }
}

TEST_CASE("buildRequest and parseResponse: an unknown action names the nearest real one") {
  auto message_for = [](const std::function<void()>& call) {
    try {
      call();
    } catch (const Error& error) {
      CHECK(error.field() == "action");
      return error.message();
    }
    return std::string("accepted");
  };
  const json params = json::object();
  CHECK(message_for([&] { build_request("doorLock.getUsr", params, {}); }).find("did you mean doorLock.getUser?") !=
        std::string::npos);
  CHECK(message_for([&] {
          parse_response("doorlock.listUsers", json{{"success", true}, {"result", json::array()}});
        }).find("did you mean doorLock.listUsers?") != std::string::npos);
  CHECK(message_for([&] { build_request("device.reboot", params, {}); }).find("did you mean") == std::string::npos);
}
