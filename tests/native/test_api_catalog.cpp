// The catalog itself: every action of the reference is there once (modifyTemporaryPassword twice),
// the tables are internally consistent, and the lock types and read-only flags the reference states
// are as the reference says.
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "doorlock/api/catalog.h"
#include "doorlock/api/catalog_json.h"
#include "test_support.h"

using namespace doorlock;
using namespace doorlock::api;

namespace {

// The 43 names of doorlock-cloud-api.txt: its two index tables, plus the two actions that have a
// section but no index row (createTemporaryPasswordWithoutName, removalInvalidTempPasswords).
const std::set<std::string> kReferenceActions = {"doorLock.alarmLogs",
                                                 "doorLock.listRecords",
                                                 "doorLock.operateRecords",
                                                 "doorLock.loglatest",
                                                 "doorLock.getAvailableInstructions",
                                                 "doorLock.passwordFreeOpen",
                                                 "doorLock.openingLogs",
                                                 "doorLock.getDynamicPassword",
                                                 "doorLock.passwordTicket",
                                                 "doorLock.getTemporaryPassword",
                                                 "doorLock.getTemporaryPasswordList",
                                                 "doorLock.createTemporaryPassword",
                                                 "doorLock.createTemporaryPasswordWithoutName",
                                                 "doorLock.modifyTemporaryPassword",
                                                 "doorLock.deleteTemporaryPassword",
                                                 "doorLock.removalInvalidTempPasswords",
                                                 "device.status",
                                                 "device.control",
                                                 "doorLock.remoteUnlocks",
                                                 "doorLock.remoteUnlockConfig",
                                                 "doorLock.listUnallocatedOpmodes",
                                                 "doorLock.allocateOpmode",
                                                 "doorLock.deallocateOpmode",
                                                 "doorLock.createPermissionSharing",
                                                 "doorLock.verifyPermissionSharing",
                                                 "doorLock.confirmPermissionSharing",
                                                 "doorLock.cancelPermissionSharing",
                                                 "doorLock.setHijack",
                                                 "doorLock.removeHijack",
                                                 "doorLock.unlockInstruction",
                                                 "doorLock.bleOpenInstruction",
                                                 "device.pairingAuthKey",
                                                 "timer.currentTime",
                                                 "doorLock.getIssuedConfig",
                                                 "device.getListByIds",
                                                 "doorLock.getSyncableOpmodeTypes",
                                                 "doorLock.openDoor",
                                                 "doorLock.cancelPasswordFreeOpen",
                                                 "doorLock.deleteOfflinePassword",
                                                 "doorLock.getMediaUrl",
                                                 "doorLock.getUser",
                                                 "doorLock.listUserOpmodes",
                                                 "doorLock.listUsers"};

void check_fields(const Field* members, size_t count, const std::string& where, bool request) {
  std::set<std::string> names;
  for (size_t i = 0; i < count; ++i) {
    const Field& field = members[i];
    INFO(where << "." << field.name);
    CHECK(names.insert(field.name).second);
    CHECK(field.description != nullptr);
    CHECK((field.fields() != nullptr) == (field.field_count > 0));
    if (field.fields() != nullptr) {
      CHECK((field.type == Type::List || field.type == Type::Object));
      CHECK(field.choices() == nullptr);
      check_fields(field.fields(), field.field_count, where + "." + field.name, request);
    }
    if (field.choices() != nullptr) {
      CHECK(field.type == Type::String);
      CHECK(field.choices()[0] != nullptr);
    }
    CHECK((field.required_for & ~field.lock_types) == 0);
    if (request) {
      CHECK(field.alias() == nullptr);
      if (field.type == Type::Integer || field.type == Type::Long) CHECK(field.lower_bound() <= field.upper_bound());
    }
  }
  // Siblings named by "required with" and "later than" exist, and "later than" compares numbers.
  for (size_t i = 0; i < count; ++i) {
    const char* other = members[i].required_with() != nullptr ? members[i].required_with() : members[i].after();
    if (other == nullptr) continue;
    INFO(where << "." << members[i].name << " -> " << other);
    CHECK(names.count(other) == 1);
    if (members[i].after() != nullptr) CHECK((members[i].type == Type::Integer || members[i].type == Type::Long));
  }
}

}  // namespace

TEST_CASE("catalog: the 43 actions of the reference, modifyTemporaryPassword in two forms") {
  std::set<std::string> names;
  size_t entries = 0;
  for (const Action& action : all_actions()) {
    names.insert(action.name);
    ++entries;
  }
  CHECK(names == kReferenceActions);
  CHECK(names.size() == 43);
  CHECK(entries == 44);
  CHECK(form_count("doorLock.modifyTemporaryPassword") == 2);
  REQUIRE(find_action("doorLock.modifyTemporaryPassword", "modify") != nullptr);
  REQUIRE(find_action("doorLock.modifyTemporaryPassword", "rename") != nullptr);
  CHECK(find_action("doorLock.modifyTemporaryPassword", "delete") == nullptr);
  CHECK(find_action("doorLock.noSuchAction") == nullptr);
  CHECK(form_count("doorLock.openDoor") == 1);
}

TEST_CASE("catalog: every table is consistent") {
  for (const Action& action : all_actions()) {
    INFO(action.name);
    CHECK(std::string(action.summary).size() > 5);
    CHECK(action.lock_types != 0);
    CHECK((action.lock_types & ~kAnyLock) == 0);
    CHECK((action.params != nullptr) == (action.param_count > 0));
    check_fields(action.params, action.param_count, action.name, true);
    CHECK(action.result.required);
    check_fields(&action.result, 1, std::string(action.name) + ".result", false);
    for (size_t i = 0; i < action.param_count; ++i) {
      INFO(action.params[i].name);
      CHECK(action.params[i].location != Location::None);
      // A parameter limited to lock types the action does not serve could never be sent.
      CHECK((action.params[i].lock_types & action.lock_types) != 0);
    }
  }
}

TEST_CASE("catalog: lock types and read-only flags of the actions the reference describes") {
  CHECK(find_action("doorLock.openDoor")->lock_types == kZigbee);
  CHECK(find_action("doorLock.bleOpenInstruction")->lock_types == kBle);
  CHECK(find_action("doorLock.unlockInstruction")->lock_types == kBle);
  CHECK(find_action("doorLock.cancelPasswordFreeOpen")->lock_types == kWifi);
  CHECK(find_action("doorLock.getMediaUrl")->lock_types == kWifi);
  CHECK(find_action("doorLock.getIssuedConfig")->lock_types == kBle);
  CHECK(find_action("doorLock.modifyTemporaryPassword", "modify")->lock_types ==
        (kWifi | kZigbee | kWifiAccessControl));
  CHECK(find_action("doorLock.modifyTemporaryPassword", "rename")->lock_types == (kWifi | kZigbee | kBle));
  CHECK(find_action("doorLock.passwordTicket")->lock_types == kAnyLock);
  CHECK(find_action("device.status")->lock_types == kAnyLock);

  for (const char* query : {"doorLock.alarmLogs", "doorLock.passwordTicket", "device.status", "timer.currentTime",
                            "doorLock.getTemporaryPasswordList", "doorLock.listUsers", "device.getListByIds"}) {
    INFO(query);
    CHECK(find_action(query)->read_only);
  }
  for (const char* change :
       {"doorLock.passwordFreeOpen", "doorLock.openDoor", "doorLock.unlockInstruction", "doorLock.bleOpenInstruction",
        "doorLock.createTemporaryPassword", "doorLock.deleteTemporaryPassword", "doorLock.deleteOfflinePassword",
        "device.control", "doorLock.remoteUnlockConfig", "doorLock.setHijack", "doorLock.getSyncableOpmodeTypes",
        "doorLock.createPermissionSharing", "doorLock.cancelPasswordFreeOpen"}) {
    INFO(change);
    CHECK_FALSE(find_action(change)->read_only);
  }
  CHECK_FALSE(find_action("doorLock.modifyTemporaryPassword", "modify")->read_only);
  CHECK_FALSE(find_action("doorLock.modifyTemporaryPassword", "rename")->read_only);
}

TEST_CASE("catalog as data: dl.actions() shape") {
  const nlohmann::json catalog = nlohmann::json::parse(describe_catalog());
  REQUIRE(catalog.size() == 44);
  const auto entry = [&](const std::string& name, const std::string& form = {}) -> const nlohmann::json& {
    for (const auto& item : catalog) {
      if (item["name"] == name && (form.empty() || item.value("form", "") == form)) return item;
    }
    FAIL("no " << name);
    return catalog[0];
  };
  const auto param = [](const nlohmann::json& action, const std::string& name) -> const nlohmann::json& {
    for (const auto& item : action["params"]) {
      if (item["name"] == name) return item;
    }
    FAIL("no " << name);
    return action;
  };

  const auto& open_door = entry("doorLock.openDoor");
  CHECK(open_door["lockTypes"] == nlohmann::json{"zigbee"});
  CHECK(open_door["readOnly"] == false);
  CHECK_FALSE(open_door.contains("form"));
  CHECK(param(open_door, "device_id") == nlohmann::json{{"name", "device_id"},
                                                        {"type", "String"},
                                                        {"required", true},
                                                        {"location", "URI"},
                                                        {"description", "The device ID."},
                                                        {"format", "id"}});
  CHECK(param(open_door, "password")["passwordDigits"] == nlohmann::json{{"zigbee", 6}});
  CHECK(param(open_door, "password_type")["enum"] == nlohmann::json{"ticket"});

  const auto& create = entry("doorLock.createTemporaryPassword");
  CHECK(param(create, "password")["passwordDigits"] ==
        nlohmann::json{{"wifi", 7}, {"zigbee", 6}, {"ble", 6}, {"wifi_access_control", 7}});
  CHECK(param(create, "type")["requiredFor"] == nlohmann::json{"zigbee"});
  CHECK(param(create, "type")["min"] == 0);
  CHECK(param(create, "type")["max"] == 1);
  CHECK(param(create, "time_zone")["requiredWith"] == "schedule_list");
  CHECK(param(create, "invalid_time")["after"] == "effective_time");
  CHECK(param(create, "bluetooth_symbolic")["lockTypes"] == nlohmann::json{"ble"});
  const auto& window = param(create, "schedule_list")["fields"];
  REQUIRE(window.size() == 3);
  CHECK(window[2]["name"] == "working_day");
  CHECK(window[2]["location"] == "BODY");
  CHECK(window[2]["max"] == 127);
  CHECK(window[1]["max"] == 1440);

  CHECK(entry("doorLock.modifyTemporaryPassword", "modify")["form"] == "modify");
  CHECK(entry("doorLock.modifyTemporaryPassword", "rename")["lockTypes"] == nlohmann::json{"wifi", "zigbee", "ble"});
  CHECK(param(entry("doorLock.operateRecords"), "pageSize")["max"] == 100);
  CHECK(param(entry("doorLock.getMediaUrl"), "file_type")["min"] == 1);
  CHECK(param(entry("doorLock.setHijack"), "unlock_type")["enum"] ==
        nlohmann::json{"fingerprint", "password", "card", "face"});
  CHECK(param(entry("doorLock.remoteUnlockConfig"), "remote_unlock_type")["enum"] ==
        nlohmann::json{"remoteUnlockWithoutPwd", "remoteUnlockWithPwd"});
  CHECK(param(entry("doorLock.alarmLogs"), "page_no")["location"] == "QUERY");
  CHECK(param(entry("device.pairingAuthKey"), "home_id")["type"] == "Long");

  const auto& auth_key = entry("device.pairingAuthKey")["result"];
  CHECK(auth_key["type"] == "Object");
  CHECK(auth_key["fields"][1] ==
        nlohmann::json{
            {"name", "random"}, {"type", "String"}, {"required", true}, {"description", ""}, {"alias", "rondom"}});
  CHECK(entry("timer.currentTime")["params"] == nlohmann::json::array());
  CHECK(entry("timer.currentTime")["result"]["type"] == "Long");
}
