#include "doorlock/json_build.h"

namespace doorlock {

nlohmann::json& entry(nlohmann::json& object, const char* key) { return object[key]; }

nlohmann::json& append_object(nlohmann::json& list) {
  list.push_back(empty_object());
  return list.back();
}

}  // namespace doorlock
